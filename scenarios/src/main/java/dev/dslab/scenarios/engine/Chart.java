package dev.dslab.scenarios.engine;

import java.util.List;
import java.util.Objects;

/**
 * Data for a picture of a run: the terminal draws it as text, the HTML report as SVG.
 * LINE and CDF plot numeric x against y per series; BAR plots one value per labelled point (x is the
 * position); TIMELINE plots series as step lines over run time in seconds.
 */
public record Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<Series> series) {

    public enum Kind { LINE, BAR, CDF, TIMELINE, LINEAGE }

    public record Series(String name, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }
    }

    /** {@code label} names a bar or a point; may be null for plain line points. */
    public record Point(double x, double y, String label) {
        public static Point of(double x, double y) {
            return new Point(x, y, null);
        }
    }

    public Chart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
    }
}
