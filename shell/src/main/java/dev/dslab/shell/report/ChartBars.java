package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Numbers;
import java.util.ArrayList;
import java.util.List;

/** A BAR chart's bars in drawing order, named "series: label" when it has several series; both renderers draw these. */
record ChartBars(String name, String label, double value, int series) {

    static List<ChartBars> of(Chart chart) {
        List<ChartBars> bars = new ArrayList<>();
        boolean several = chart.series().size() > 1;
        for (int s = 0; s < chart.series().size(); s++) {
            Chart.Series series = chart.series().get(s);
            for (Chart.Point point : series.points()) {
                String label = point.label() != null ? point.label() : Numbers.format(point.x());
                bars.add(new ChartBars(several ? series.name() + ": " + label : label, label, point.y(), s));
            }
        }
        return bars;
    }
}
