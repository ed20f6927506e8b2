package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Chart.Point;
import dev.dslab.scenarios.engine.Chart.Series;
import dev.dslab.scenarios.engine.Numbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.dslab.shell.report.Html.escape;
import static dev.dslab.shell.report.Html.num;

/**
 * Charts as inline SVG for the HTML report: LINE as polylines, CDF and TIMELINE as step lines, BAR as
 * horizontal bars, LINEAGE as boxes and arrows ({@link LineageCharts}). Every point carries a native SVG tooltip (its title), so no script is needed to read values.
 */
final class SvgCharts {

    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#17becf", "#ff7f0e", "#8c564b", "#e377c2"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 52;

    private SvgCharts() {
    }

    static String render(Chart chart) {
        if (chart.series().stream().allMatch(series -> series.points().isEmpty())) {
            return "<p class=\"note\">(no data)</p>";
        }
        return switch (chart.kind()) {
            case LINE -> plot(chart, false);
            case CDF, TIMELINE -> plot(chart, true);
            case BAR -> bars(chart);
            case LINEAGE -> LineageCharts.svg(chart);
        };
    }

    private static String plot(Chart chart, boolean steps) {
        TextCharts.Range x = TextCharts.Range.of(chart.series(), Point::x, false);
        TextCharts.Range y = TextCharts.Range.of(chart.series(), Point::y, true);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = open(WIDTH, HEIGHT, chart);
        axes(svg, x, y, plotWidth, plotHeight, chart);
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            List<Point> points = new ArrayList<>(series.points());
            points.sort(Comparator.comparingDouble(Point::x));
            String color = PALETTE[s % PALETTE.length];
            StringBuilder path = new StringBuilder();
            double previousY = 0;
            for (int i = 0; i < points.size(); i++) {
                double px = LEFT + x.fraction(points.get(i).x()) * plotWidth;
                double py = TOP + (1 - y.fraction(points.get(i).y())) * plotHeight;
                if (i == 0) {
                    path.append("M").append(num(px)).append(' ').append(num(py));
                } else if (steps) {
                    path.append(" H").append(num(px)).append(" V").append(num(py));
                } else {
                    path.append(" L").append(num(px)).append(' ').append(num(py));
                }
                previousY = py;
            }
            if (steps && !points.isEmpty()) {
                path.append(" H").append(num(LEFT + plotWidth)).append(" V").append(num(previousY));
            }
            svg.append("<path class=\"series\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" d=\"")
                    .append(path).append("\"><title>").append(escape(series.name())).append("</title></path>\n");
            if (points.size() <= 400) {
                for (Point point : points) {
                    svg.append("<circle r=\"3\" fill=\"").append(color).append("\" cx=\"")
                            .append(num(LEFT + x.fraction(point.x()) * plotWidth)).append("\" cy=\"")
                            .append(num(TOP + (1 - y.fraction(point.y())) * plotHeight)).append("\"><title>")
                            .append(escape(series.name() + (point.label() == null ? "" : " " + point.label()) + ": "
                                    + chart.xLabel() + " " + Numbers.format(point.x()) + ", " + chart.yLabel() + " " + Numbers.format(point.y())))
                            .append("</title></circle>\n");
                }
            }
        }
        svg.append("</svg>\n");
        return svg + legend(chart.series());
    }

    private static void axes(StringBuilder svg, TextCharts.Range x, TextCharts.Range y, double plotWidth, double plotHeight, Chart chart) {
        double bottom = TOP + plotHeight;
        svg.append("<g class=\"axes\" stroke=\"#888\" fill=\"none\"><path d=\"M").append(LEFT).append(' ').append(TOP)
                .append(" V").append(num(bottom)).append(" H").append(num(LEFT + plotWidth)).append("\"/></g>\n");
        svg.append("<g class=\"ticks\" font-size=\"11\" fill=\"#444\">\n");
        for (double tick : ticks(y.min(), y.max())) {
            double py = TOP + (1 - y.fraction(tick)) * plotHeight;
            svg.append("<line x1=\"").append(LEFT - 4).append("\" x2=\"").append(num(LEFT + plotWidth)).append("\" y1=\"")
                    .append(num(py)).append("\" y2=\"").append(num(py)).append("\" stroke=\"#eee\"/>")
                    .append("<text text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"").append(num(py + 4)).append("\">")
                    .append(escape(Numbers.format(tick))).append("</text>\n");
        }
        for (double tick : ticks(x.min(), x.max())) {
            double px = LEFT + x.fraction(tick) * plotWidth;
            svg.append("<line y1=\"").append(num(bottom)).append("\" y2=\"").append(num(bottom + 4)).append("\" x1=\"")
                    .append(num(px)).append("\" x2=\"").append(num(px)).append("\" stroke=\"#888\"/>")
                    .append("<text text-anchor=\"middle\" y=\"").append(num(bottom + 17)).append("\" x=\"").append(num(px)).append("\">")
                    .append(escape(Numbers.format(tick))).append("</text>\n");
        }
        svg.append("</g>\n");
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" font-size=\"12\" x=\"").append(num(LEFT + plotWidth / 2))
                .append("\" y=\"").append(HEIGHT - 8).append("\">").append(escape(chart.xLabel())).append("</text>\n");
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" font-size=\"12\" transform=\"translate(14 ")
                .append(num(TOP + plotHeight / 2)).append(") rotate(-90)\">").append(escape(chart.yLabel())).append("</text>\n");
    }

    /** About five round tick values across [min, max]. */
    static List<Double> ticks(double min, double max) {
        double span = max - min;
        double rough = span / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude;
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            step = factor * magnitude;
            if (span / step <= 6) {
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
            ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
        }
        return ticks;
    }

    private static String bars(Chart chart) {
        List<ChartBars> bars = ChartBars.of(chart);
        int labelWidth = 220;
        int valueWidth = 70;
        int barHeight = 22;
        int height = TOP + bars.size() * barHeight + 30;
        double max = bars.stream().mapToDouble(bar -> Math.max(0, bar.value())).max().orElse(0);
        double room = WIDTH - labelWidth - valueWidth;
        StringBuilder svg = open(WIDTH, height, chart);
        svg.append("<g font-size=\"12\">\n");
        for (int i = 0; i < bars.size(); i++) {
            ChartBars bar = bars.get(i);
            double y = TOP + i * barHeight;
            double length = max == 0 ? 0 : Math.max(0, bar.value()) / max * room;
            String value = Numbers.format(bar.value());
            svg.append("<text text-anchor=\"end\" x=\"").append(labelWidth - 8).append("\" y=\"").append(num(y + 15)).append("\">")
                    .append(escape(TextCharts.truncate(bar.name(), 34))).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(num(y + 3)).append("\" height=\"")
                    .append(barHeight - 6).append("\" width=\"").append(num(length)).append("\" fill=\"")
                    .append(PALETTE[bar.series() % PALETTE.length]).append("\"><title>").append(escape(bar.name() + ": " + value))
                    .append("</title></rect>")
                    .append("<text x=\"").append(num(labelWidth + length + 6)).append("\" y=\"").append(num(y + 15)).append("\">")
                    .append(escape(value)).append("</text>\n");
        }
        svg.append("</g>\n<text class=\"axis-label\" font-size=\"12\" x=\"").append(labelWidth).append("\" y=\"")
                .append(height - 8).append("\">").append(escape(chart.yLabel())).append("</text>\n</svg>\n");
        return svg.toString();
    }

    private static StringBuilder open(int width, int height, Chart chart) {
        return new StringBuilder("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" aria-label=\"").append(escape(chart.title())).append("\">\n");
    }

    private static String legend(List<Series> series) {
        if (series.size() < 2) {
            return "";
        }
        StringBuilder legend = new StringBuilder("<p class=\"legend\">");
        for (int s = 0; s < series.size(); s++) {
            legend.append("<span><i style=\"background:").append(PALETTE[s % PALETTE.length]).append("\"></i>")
                    .append(escape(series.get(s).name())).append("</span> ");
        }
        return legend.append("</p>\n").toString();
    }
}
