package dev.dslab.shell.report;

import static dev.dslab.shell.report.Html.escape;
import static dev.dslab.shell.report.Html.num;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Chart.Point;
import dev.dslab.scenarios.engine.Chart.Series;
import dev.dslab.scenarios.engine.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Chart.Kind#LINEAGE} charts: as SVG, each member a box spanning its range (x) from when it opened to when it
 * closed (y, time downwards) with an arrow from each parent; as text, a tree of parents and children with ranges and
 * times (a merged child, having two parents, is drawn under the first and named under the second).
 */
final class LineageCharts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;

    /** One member as the chart encodes it (see {@link Chart}). */
    record Member(int index, String name, List<String> parents, double start, double end, double opened, double closed, boolean open) {
        static Member of(int index, Series series) {
            if (series.points().size() != 2) {
                throw new IllegalArgumentException("a lineage member has two points, " + series.name() + " has " + series.points().size());
            }
            Point first = series.points().get(0);
            Point last = series.points().get(1);
            List<String> parents = first.label() == null ? List.of() : Arrays.asList(first.label().split(" \\+ "));
            return new Member(index, series.name(), parents, first.x(), last.x(), first.y(), last.y(), "open".equals(last.label()));
        }

        String range() {
            return Numbers.format(start * 100) + "-" + Numbers.format(end * 100) + " %";
        }

        String lifetime() {
            return open ? "from " + Numbers.format(opened) + " s, open" : Numbers.format(opened) + "-" + Numbers.format(closed) + " s, closed";
        }
    }

    private LineageCharts() {
    }

    static List<Member> members(Chart chart) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < chart.series().size(); i++) {
            members.add(Member.of(i, chart.series().get(i)));
        }
        return members;
    }

    static String svg(Chart chart) {
        List<Member> members = members(chart);
        double last = members.stream().mapToDouble(Member::closed).max().orElse(1);
        double first = Math.min(0, members.stream().mapToDouble(Member::opened).min().orElse(0));
        double span = Math.max(last - first, 1e-9);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        Map<String, Member> byName = new LinkedHashMap<>();
        members.forEach(member -> byName.put(member.name(), member));
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" aria-label=\"").append(escape(chart.title())).append("\">\n")
                .append("<defs><marker id=\"lineage-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" ")
                .append("orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#444\"/></marker></defs>\n");
        svg.append("<g class=\"ticks\" font-size=\"11\" fill=\"#444\">\n");
        for (double tick : SvgCharts.ticks(first, last)) {
            double y = TOP + (tick - first) / span * plotHeight;
            svg.append("<line x1=\"").append(LEFT - 4).append("\" x2=\"").append(num(LEFT + plotWidth)).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"#eee\"/><text text-anchor=\"end\" x=\"").append(LEFT - 6)
                    .append("\" y=\"").append(num(y + 4)).append("\">").append(escape(Numbers.format(tick))).append("</text>\n");
        }
        for (int quarter = 0; quarter <= 4; quarter++) {
            double x = LEFT + quarter / 4.0 * plotWidth;
            svg.append("<text text-anchor=\"middle\" x=\"").append(num(x)).append("\" y=\"").append(num(TOP + plotHeight + 16)).append("\">")
                    .append(quarter * 25).append(" %</text>\n");
        }
        svg.append("</g>\n");
        for (Member member : members) {
            double x = LEFT + member.start() * plotWidth;
            double width = Math.max(2, (member.end() - member.start()) * plotWidth - 2);
            double y = TOP + (member.opened() - first) / span * plotHeight;
            double height = Math.max(14, (member.closed() - member.opened()) / span * plotHeight - 2);
            String color = SvgCharts.PALETTE[member.index() % SvgCharts.PALETTE.length];
            String tooltip = member.name() + ": hash keys " + member.range() + ", " + member.lifetime() + (member.parents().isEmpty() ? "" : "; parents: " + String.join(" + ", member.parents()));
            svg.append("<rect x=\"").append(num(x + 1)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(width))
                    .append("\" height=\"").append(num(height)).append("\" fill=\"").append(color).append("\" fill-opacity=\"0.22\" stroke=\"")
                    .append(color).append("\" stroke-width=\"1.5\"").append(member.open() ? " stroke-dasharray=\"5 3\"" : "").append("><title>")
                    .append(escape(tooltip)).append("</title></rect>")
                    .append("<text font-size=\"12\" x=\"").append(num(x + 6)).append("\" y=\"")
                    .append(num(y + 13)).append("\">").append(escape(TextCharts.truncate(member.name(), Math.max(3, (int) (width / 2 / 7)))))
                    .append("</text>\n");
        }
        for (Member child : members) {
            for (String parentName : child.parents()) {
                Member parent = byName.get(parentName);
                if (parent == null) {
                    continue;
                }
                double fromX = LEFT + (parent.start() + parent.end()) / 2 * plotWidth;
                double fromY = TOP + (parent.closed() - first) / span * plotHeight - 12;
                double toX = LEFT + (child.start() + child.end()) / 2 * plotWidth;
                double toY = TOP + (child.opened() - first) / span * plotHeight + 18;
                svg.append("<line x1=\"").append(num(fromX)).append("\" y1=\"").append(num(fromY)).append("\" x2=\"").append(num(toX))
                        .append("\" y2=\"").append(num(toY)).append("\" stroke=\"#444\" stroke-width=\"1.2\" marker-end=\"url(#lineage-arrow)\"><title>")
                        .append(escape(parent.name() + " -> " + child.name())).append("</title></line>\n");
            }
        }
        svg.append("<text class=\"axis-label\" text-anchor=\"middle\" font-size=\"12\" x=\"").append(num(LEFT + plotWidth / 2))
                .append("\" y=\"").append(HEIGHT - 8).append("\">").append(escape(chart.xLabel())).append("</text>\n")
                .append("<text class=\"axis-label\" text-anchor=\"middle\" font-size=\"12\" transform=\"translate(14 ")
                .append(num(TOP + plotHeight / 2)).append(") rotate(-90)\">").append(escape(chart.yLabel())).append("</text>\n</svg>\n")
                .append("<p class=\"note\">A dashed box is a shard still open at the end; an arrow goes from a parent to each of its children.</p>\n");
        return svg.toString();
    }

    static void text(Chart chart, TextStyle style, StringBuilder text) {
        List<Member> members = members(chart);
        Set<String> names = new HashSet<>();
        members.forEach(member -> names.add(member.name()));
        int nameWidth = Math.min(members.stream().mapToInt(member -> member.name().length()).max().orElse(1), style.width() / 4);
        text.append(TextCharts.truncate("  each: its " + chart.xLabel() + " range, open when (" + chart.yLabel() + ")", style.width())).append('\n');
        Set<String> drawn = new HashSet<>();
        for (Member root : members) {
            if (root.parents().stream().noneMatch(names::contains)) {
                branch(root, members, "  ", "", true, nameWidth, style, drawn, text);
            }
        }
    }

    private static void branch(Member member, List<Member> members, String indent, String connector, boolean last, int nameWidth,
                               TextStyle style, Set<String> drawn, StringBuilder text) {
        String prefix = indent + connector;
        if (!drawn.add(member.name())) {
            line(prefix, member.name() + " (merged: drawn above)", member, style, text);
            return;
        }
        String about = TextCharts.pad(TextCharts.truncate(member.name(), nameWidth), nameWidth, false) + "  "
                + TextCharts.pad(member.range(), 12, false) + "  " + member.lifetime()
                + (member.parents().size() > 1 ? "  (merge of " + String.join(" + ", member.parents()) + ")" : "");
        line(prefix, about, member, style, text);
        List<Member> children = members.stream().filter(child -> child.parents().contains(member.name())).toList();
        String childIndent = indent + (connector.isEmpty() ? "" : last ? "   " : (style.unicode() ? "\u2502  " : "|  "));
        for (int i = 0; i < children.size(); i++) {
            boolean lastChild = i == children.size() - 1;
            String childConnector = style.unicode() ? (lastChild ? "\u2514\u2500 " : "\u251c\u2500 ") : (lastChild ? "`- " : "|- ");
            branch(children.get(i), members, childIndent, childConnector, lastChild, nameWidth, style, drawn, text);
        }
    }

    /** One line of the tree within the width: the tree's lines first, then as much of the member's text as fits, in its colour. */
    private static void line(String prefix, String about, Member member, TextStyle style, StringBuilder text) {
        int room = Math.max(4, style.width() - prefix.length());
        text.append(prefix).append(style.colored(TextCharts.truncate(about.stripTrailing(), room), member.index())).append('\n');
    }
}
