package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Chart.Point;
import dev.dslab.scenarios.engine.Chart.Series;
import dev.dslab.scenarios.engine.Numbers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Charts as text for the terminal: LINE and CDF as a plot on a character grid with axes (one marker
 * character per series, so series stay apart without colour), BAR as horizontal bars with their values,
 * TIMELINE as one step-line strip per series over run time, LINEAGE as a tree ({@link LineageCharts}). Every
 * line fits the style's width.
 */
public final class TextCharts {

    static final int PLOT_ROWS = 10;
    private static final char[] MARKERS = {'*', 'o', '+', 'x', '#', '@', '%', '&'};
    private static final char[] UNICODE_LEVELS = {' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final char[] ASCII_LEVELS = {' ', '_', '.', ',', '-', '=', '+', '*', '#'};
    private static final String[] UNICODE_EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    private TextCharts() {
    }

    public static String render(Chart chart, TextStyle style) {
        StringBuilder text = new StringBuilder();
        text.append(style.bold(chart.title())).append('\n');
        if (chart.series().stream().allMatch(series -> series.points().isEmpty())) {
            return text.append("  (no data)\n").toString();
        }
        switch (chart.kind()) {
            case LINE -> plot(chart, style, false, text);
            case CDF -> plot(chart, style, true, text);
            case BAR -> bars(chart, style, text);
            case TIMELINE -> timeline(chart, style, text);
            case LINEAGE -> LineageCharts.text(chart, style, text);
        }
        return text.toString();
    }

    // ---- LINE and CDF ------------------------------------------------------------------------------------

    private static void plot(Chart chart, TextStyle style, boolean steps, StringBuilder text) {
        Range x = Range.of(chart.series(), Point::x, false);
        Range y = Range.of(chart.series(), Point::y, true);
        String top = Numbers.format(y.max());
        String middle = Numbers.format((y.min() + y.max()) / 2);
        String bottom = Numbers.format(y.min());
        int labelWidth = Math.max(top.length(), Math.max(middle.length(), bottom.length()));
        int columns = style.width() - labelWidth - 3;
        int[][] cells = new int[PLOT_ROWS][columns];
        for (int[] row : cells) {
            java.util.Arrays.fill(row, -1);
        }
        for (int s = 0; s < chart.series().size(); s++) {
            List<Point> points = new ArrayList<>(chart.series().get(s).points());
            points.sort(Comparator.comparingDouble(Point::x));
            int previousColumn = -1;
            int previousRow = -1;
            for (Point point : points) {
                int column = x.scale(point.x(), columns);
                int row = PLOT_ROWS - 1 - y.scale(point.y(), PLOT_ROWS);
                if (previousColumn < 0) {
                    set(cells, column, row, s);
                } else if (steps) {
                    line(cells, previousColumn, previousRow, column, previousRow, s);
                    line(cells, column, previousRow, column, row, s);
                } else {
                    line(cells, previousColumn, previousRow, column, row, s);
                }
                previousColumn = column;
                previousRow = row;
            }
        }
        char vertical = style.unicode() ? '│' : '|';
        char horizontal = style.unicode() ? '─' : '-';
        char corner = style.unicode() ? '└' : '+';
        text.append("  ").append(chart.yLabel()).append('\n');
        for (int row = 0; row < PLOT_ROWS; row++) {
            String label = row == 0 ? top : row == PLOT_ROWS / 2 ? middle : row == PLOT_ROWS - 1 ? bottom : "";
            StringBuilder line = new StringBuilder(pad(label, labelWidth, true)).append(' ').append(vertical);
            for (int column = 0; column < columns; column++) {
                int series = cells[row][column];
                line.append(series < 0 ? " " : style.colored(String.valueOf(MARKERS[series % MARKERS.length]), series));
            }
            text.append(stripEnd(line)).append('\n');
        }
        text.append(" ".repeat(labelWidth + 1)).append(corner).append(String.valueOf(horizontal).repeat(columns)).append('\n');
        text.append(" ".repeat(labelWidth + 2)).append(spread(Numbers.format(x.min()), Numbers.format((x.min() + x.max()) / 2),
                Numbers.format(x.max()), columns)).append('\n');
        text.append(" ".repeat(labelWidth + 2)).append(center(chart.xLabel(), columns).stripTrailing()).append('\n');
        legend(chart.series(), style, text);
    }

    private static void set(int[][] cells, int column, int row, int series) {
        if (row >= 0 && row < cells.length && column >= 0 && column < cells[0].length) {
            cells[row][column] = series;
        }
    }

    /** Bresenham's line between two cells: steep segments stay connected. */
    private static void line(int[][] cells, int x0, int y0, int x1, int y1, int series) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        while (true) {
            set(cells, x0, y0, series);
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int doubled = 2 * error;
            if (doubled >= dy) {
                error += dy;
                x0 += sx;
            }
            if (doubled <= dx) {
                error += dx;
                y0 += sy;
            }
        }
    }

    private static void legend(List<Series> series, TextStyle style, StringBuilder text) {
        if (series.size() < 2) {
            return;
        }
        StringBuilder line = new StringBuilder("  ");
        for (int s = 0; s < series.size(); s++) {
            String entry = MARKERS[s % MARKERS.length] + " " + series.get(s).name();
            if (line.length() > 2 && visibleLength(line) + entry.length() + 3 > style.width()) {
                text.append(line).append('\n');
                line = new StringBuilder("  ");
            }
            line.append(line.length() > 2 ? "   " : "").append(style.colored(entry, s));
        }
        text.append(line).append('\n');
    }

    // ---- BAR ---------------------------------------------------------------------------------------------

    private static void bars(Chart chart, TextStyle style, StringBuilder text) {
        List<ChartBars> bars = ChartBars.of(chart);
        // several series: the series' long names go in a numbered legend, so a bar's short name keeps its label
        boolean several = chart.series().size() > 1;
        java.util.function.Function<ChartBars, String> name = bar -> several ? bar.label() + " [" + (bar.series() + 1) + "]" : bar.name();
        double max = bars.stream().mapToDouble(bar -> Math.abs(bar.value())).max().orElse(0);
        int valueWidth = bars.stream().mapToInt(bar -> Numbers.format(bar.value()).length()).max().orElse(1);
        int nameWidth = Math.min(bars.stream().mapToInt(bar -> name.apply(bar).length()).max().orElse(1), style.width() / 3);
        int room = Math.max(1, style.width() - 2 - nameWidth - 2 - 1 - valueWidth);
        if (several) {
            for (int s = 0; s < chart.series().size(); s++) {
                text.append("  ").append(style.colored(truncate("[" + (s + 1) + "] " + chart.series().get(s).name(), style.width() - 2), s))
                        .append('\n');
            }
        }
        text.append("  ").append(chart.yLabel()).append('\n');
        for (ChartBars bar : bars) {
            double share = max == 0 ? 0 : Math.max(0, bar.value()) / max;
            String drawn = barText(share * room, style.unicode());
            text.append("  ").append(pad(truncate(name.apply(bar), nameWidth), nameWidth, false)).append("  ")
                    .append(style.colored(drawn, bar.series())).append(' ')
                    .append(Numbers.format(bar.value())).append('\n');
        }
    }

    private static String barText(double length, boolean unicode) {
        int whole = (int) Math.floor(length);
        if (!unicode) {
            return "#".repeat(Math.max(whole, length > 0 ? 1 : 0));
        }
        int eighths = (int) Math.round((length - whole) * 8);
        if (eighths == 8) {
            whole++;
            eighths = 0;
        }
        String drawn = "█".repeat(whole) + UNICODE_EIGHTHS[eighths];
        return drawn.isEmpty() && length > 0 ? "▏" : drawn;
    }

    // ---- TIMELINE ----------------------------------------------------------------------------------------

    private static void timeline(Chart chart, TextStyle style, StringBuilder text) {
        Range x = Range.of(chart.series(), Point::x, false);
        Range y = Range.of(chart.series(), Point::y, true);
        int nameWidth = Math.min(chart.series().stream().mapToInt(series -> series.name().length()).max().orElse(1), style.width() / 4);
        int columns = style.width() - 2 - nameWidth - 2;
        char[] levels = style.unicode() ? UNICODE_LEVELS : ASCII_LEVELS;
        int rows = style.unicode() ? 2 : 1;
        int steps = (levels.length - 1) * rows;
        text.append("  ").append(chart.yLabel()).append(": ").append(Numbers.format(y.min())).append(" (lowest) to ")
                .append(Numbers.format(y.max())).append(" (highest)\n");
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            List<Point> points = new ArrayList<>(series.points());
            points.sort(Comparator.comparingDouble(Point::x));
            int[] heights = new int[columns];
            for (int column = 0; column < columns; column++) {
                double time = x.min() + (x.max() - x.min()) * (column + 0.5) / columns;
                Double value = valueAt(points, time);
                // a present value is at least one step high, so a zero line is visible and a gap is not
                heights[column] = value == null ? 0 : 1 + (int) Math.round(y.fraction(value) * (steps - 1));
            }
            for (int row = rows - 1; row >= 0; row--) {
                StringBuilder strip = new StringBuilder();
                for (int height : heights) {
                    int inRow = Math.max(0, Math.min(levels.length - 1, height - row * (levels.length - 1)));
                    strip.append(levels[inRow]);
                }
                String name = row == rows - 1 ? truncate(series.name(), nameWidth) : "";
                text.append("  ").append(pad(name, nameWidth, false)).append("  ")
                        .append(style.colored(strip.toString(), s).stripTrailing()).append('\n');
            }
        }
        text.append("  ").append(" ".repeat(nameWidth)).append("  ")
                .append(spread(Numbers.format(x.min()), Numbers.format((x.min() + x.max()) / 2), Numbers.format(x.max()), columns))
                .append('\n');
        text.append("  ").append(" ".repeat(nameWidth)).append("  ").append(center(chart.xLabel(), columns).stripTrailing()).append('\n');
    }

    /** The step line's value at a time: the last point at or before it; null before the first point. */
    private static Double valueAt(List<Point> sortedPoints, double time) {
        Double value = null;
        for (Point point : sortedPoints) {
            if (point.x() > time) {
                break;
            }
            value = point.y();
        }
        return value;
    }

    // ---- layout helpers ----------------------------------------------------------------------------------

    /** The extent of x or y over every point; a y range includes 0 so bars and rates are not exaggerated. */
    record Range(double min, double max) {
        static Range of(List<Series> series, java.util.function.ToDoubleFunction<Point> axis, boolean fromZero) {
            double min = series.stream().flatMap(s -> s.points().stream()).mapToDouble(axis).filter(Double::isFinite).min().orElse(0);
            double max = series.stream().flatMap(s -> s.points().stream()).mapToDouble(axis).filter(Double::isFinite).max().orElse(1);
            if (fromZero) {
                min = Math.min(0, min);
                max = Math.max(0, max);
            }
            if (max <= min) {
                max = min + 1;
            }
            return new Range(min, max);
        }

        double fraction(double value) {
            return Math.max(0, Math.min(1, (value - min) / (max - min)));
        }

        /** The cell (0 .. cells-1) a value falls in. */
        int scale(double value, int cells) {
            return (int) Math.round(fraction(value) * (cells - 1));
        }
    }

    /** Three labels at the left, middle and right of a span of columns (the middle dropped when crowded). */
    static String spread(String left, String middle, String right, int columns) {
        char[] line = " ".repeat(columns).toCharArray();
        put(line, 0, left);
        int rightStart = Math.max(left.length() + 1, columns - right.length());
        int middleStart = (columns - middle.length()) / 2;
        if (middleStart > left.length() + 1 && middleStart + middle.length() + 1 < rightStart) {
            put(line, middleStart, middle);
        }
        put(line, rightStart, right);
        return new String(line).stripTrailing();
    }

    private static void put(char[] line, int at, String text) {
        for (int i = 0; i < text.length() && at + i < line.length; i++) {
            line[at + i] = text.charAt(i);
        }
    }

    private static String center(String text, int columns) {
        int before = Math.max(0, (columns - text.length()) / 2);
        return " ".repeat(before) + text;
    }

    static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }

    static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(1, width - 1)) + "~";
    }

    private static String stripEnd(StringBuilder line) {
        return line.toString().stripTrailing();
    }

    private static int visibleLength(CharSequence text) {
        return text.toString().replaceAll("\u001B\\[[0-9;]*m", "").length();
    }
}
