package dev.dslab.shell.report;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.history.RecordedOp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.dslab.shell.report.Html.escape;
import static dev.dslab.shell.report.Html.num;

/**
 * The operation timeline of the HTML report: one lane per client, each operation a bar from invoke to
 * completion, coloured by kind and outcome, marked operations (stale reads) highlighted with their label as
 * the tooltip. The SVG is drawn in milliseconds and stretched to the page width, so zooming is a width change
 * in the page and needs no redraw; lane names and time labels stay in HTML so stretching does not distort them.
 */
final class OperationTimeline {

    /** More bars than this make the page slow to open in a browser: the rest are sampled. */
    static final int MAX_OPERATIONS = 4000;
    private static final int LANE_HEIGHT = 16;

    private OperationTimeline() {
    }

    static String render(List<RecordedOp> history, Map<Long, String> marks) {
        if (history.isEmpty()) {
            return "<p class=\"note\">No operations were recorded.</p>\n";
        }
        List<RecordedOp> shown = sample(history, marks);
        long start = history.stream().mapToLong(RecordedOp::invokeNanos).min().orElse(0);
        long end = history.stream().mapToLong(op -> Math.max(op.invokeNanos(), op.completeNanos())).max().orElse(start);
        double spanMillis = Math.max(1e-3, (end - start) / 1e6);
        double minimumWidth = spanMillis / 1500;
        List<Integer> clients = new ArrayList<>(new TreeSet<>(history.stream().map(RecordedOp::client).toList()));
        int height = clients.size() * LANE_HEIGHT;

        StringBuilder html = new StringBuilder();
        if (shown.size() < history.size()) {
            html.append("<p class=\"note\">Showing ").append(Numbers.format(shown.size())).append(" of ")
                    .append(Numbers.format(history.size()))
                    .append(" operations: every marked operation and an even sample of the others.</p>\n");
        }
        html.append("<div class=\"zoom\">Zoom: <button type=\"button\" data-zoom=\"in\">+</button> ")
                .append("<button type=\"button\" data-zoom=\"out\">&minus;</button> ")
                .append("<button type=\"button\" data-zoom=\"reset\">reset</button></div>\n");
        html.append("<div class=\"timeline-frame\"><div class=\"lanes\">");
        for (int client : clients) {
            html.append("<div style=\"height:").append(LANE_HEIGHT).append("px\">client ").append(client).append("</div>");
        }
        html.append("</div><div class=\"timeline-scroll\"><div id=\"timeline\" class=\"timeline\">\n");
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(num(spanMillis)).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\">\n");
        for (int lane = 1; lane < clients.size(); lane++) {
            html.append("<line class=\"lane\" x1=\"0\" x2=\"").append(num(spanMillis)).append("\" y1=\"").append(lane * LANE_HEIGHT)
                    .append("\" y2=\"").append(lane * LANE_HEIGHT).append("\" vector-effect=\"non-scaling-stroke\"/>\n");
        }
        for (RecordedOp op : shown) {
            double from = (op.invokeNanos() - start) / 1e6;
            double to = (Math.max(op.invokeNanos(), op.completeNanos()) - start) / 1e6;
            String mark = marks.get(op.index());
            int lane = clients.indexOf(op.client());
            html.append("<rect class=\"").append(cssClass(op, mark != null)).append("\" x=\"").append(num(from)).append("\" y=\"")
                    .append(lane * LANE_HEIGHT + 2).append("\" width=\"").append(num(Math.max(minimumWidth, to - from)))
                    .append("\" height=\"").append(LANE_HEIGHT - 4).append("\" vector-effect=\"non-scaling-stroke\"><title>")
                    .append(escape(tooltip(op, from, to, mark))).append("</title></rect>\n");
        }
        html.append("</svg>\n<div class=\"time-axis\">");
        for (double tick : SvgCharts.ticks(0, spanMillis)) {
            double percent = 100 * tick / spanMillis;
            // the end labels are anchored inside the frame so they are not cut off
            String shift = percent < 5 ? "0" : percent > 95 ? "-100%" : "-50%";
            html.append("<span style=\"left:").append(num(percent)).append("%;transform:translateX(").append(shift).append(")\">")
                    .append(escape(Numbers.format(tick))).append(" ms</span>");
        }
        html.append("</div></div></div></div>\n");
        html.append("<p class=\"legend\"><span><i class=\"op-read\"></i>read</span> <span><i class=\"op-write\"></i>write</span> ")
                .append("<span><i class=\"op-cas\"></i>compare-and-set</span> <span><i class=\"op-other\"></i>other</span> ")
                .append("<span><i class=\"op-read out-fail\"></i>failed</span> <span><i class=\"op-read out-indeterminate\"></i>indeterminate</span> ")
                .append("<span><i class=\"marked\"></i>marked (hover for why)</span></p>\n");
        return html.toString();
    }

    /** Every marked operation first, then an even stride over the others, up to the cap, in history order. */
    static List<RecordedOp> sample(List<RecordedOp> history, Map<Long, String> marks) {
        if (history.size() <= MAX_OPERATIONS) {
            return history;
        }
        List<RecordedOp> marked = history.stream().filter(op -> marks.containsKey(op.index())).limit(MAX_OPERATIONS).toList();
        List<RecordedOp> others = history.stream().filter(op -> !marks.containsKey(op.index())).toList();
        int room = MAX_OPERATIONS - marked.size();
        List<RecordedOp> shown = new ArrayList<>(marked);
        if (room > 0 && !others.isEmpty()) {
            double stride = others.size() / (double) room;
            for (int i = 0; i < room && (int) (i * stride) < others.size(); i++) {
                shown.add(others.get((int) (i * stride)));
            }
        }
        shown.sort(Comparator.comparingLong(RecordedOp::index));
        return shown;
    }

    private static String cssClass(RecordedOp op, boolean marked) {
        String kind = switch (op.f()) {
            case "read", "get" -> "op-read";
            case "write", "put" -> "op-write";
            case "cas" -> "op-cas";
            default -> "op-other";
        };
        String outcome = op.outcome() == Outcome.FAIL ? " out-fail" : op.outcome() == Outcome.INDETERMINATE ? " out-indeterminate" : "";
        return kind + outcome + (marked ? " marked" : "");
    }

    private static String tooltip(RecordedOp op, double from, double to, String mark) {
        StringBuilder text = new StringBuilder("#").append(op.index()).append(" client ").append(op.client()).append(": ").append(op.f());
        if (op.mode() != null) {
            text.append(" (").append(op.mode()).append(')');
        }
        if (op.key() != null) {
            text.append(' ').append(op.key());
        }
        if (op.expected() != null) {
            text.append(" expected ").append(op.expected());
        }
        text.append(op.f().equals("read") || op.f().equals("get") ? " -> " : " ").append(op.value() == null ? "(absent)" : op.value());
        text.append(", ").append(op.outcome().name().toLowerCase(java.util.Locale.ROOT));
        text.append(", ").append(Numbers.format(from)).append("-").append(Numbers.format(to)).append(" ms (")
                .append(Numbers.format(to - from)).append(" ms)");
        if (op.error() != null) {
            text.append(", error: ").append(op.error());
        }
        if (mark != null) {
            text.append("\nmarked: ").append(mark);
        }
        return text.toString();
    }
}
