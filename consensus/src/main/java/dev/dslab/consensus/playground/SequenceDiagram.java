package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run drawn as a text message-sequence diagram: one column per node, time going down, one row per thing that
 * happened. A delivered message is an arrow from its sender's column to its receiver's, drawn when it arrives
 * and labelled with the message and how long it flew; a lost one ends in {@code x} halfway; state changes,
 * timers, crashes and restarts are marked on the node's column with a note; a partition or heal is a rule across
 * every column. Sends are not rows of their own (the arrow shows them), so the diagram is as long as the
 * deliveries, not twice. A column is {@code |} while its node is up and {@code :} while it is down.
 */
public final class SequenceDiagram {
    private static final int COLUMN = 9;
    private static final int LABEL = 70;

    /** A row of the diagram and the trace step it draws, so an animation can show the rows of one step at a time. */
    public record Row(long step, String text) {
    }

    /** A whole diagram: the column titles and the rows. */
    public record Drawing(String header, List<Row> rows) {
        /** The last {@code n} rows (all when n is 0 or more than there are). */
        public Drawing last(int n) {
            return n <= 0 || n >= rows.size() ? this : new Drawing(header, rows.subList(rows.size() - n, rows.size()));
        }
    }

    private final List<String> names;
    private final boolean[] down;
    private final Map<Long, Long> sentAt = new HashMap<>();

    private SequenceDiagram(List<String> names) {
        this.names = names;
        this.down = new boolean[names.size()];
    }

    /** The diagram of a whole session. */
    public static List<Row> of(SimulatedSession session) {
        return of(session.nodeNames(), session.trace());
    }

    /** The diagram of a whole session with its header. */
    public static Drawing drawing(SimulatedSession session) {
        return new Drawing(header(session.nodeNames()), of(session));
    }

    /** The diagram of {@code events}, nodes named by simulator id. */
    public static List<Row> of(List<String> names, List<TraceEvent> events) {
        SequenceDiagram diagram = new SequenceDiagram(names);
        List<Row> rows = new ArrayList<>();
        for (TraceEvent event : events) {
            String row = diagram.row(event);
            if (row != null) {
                rows.add(new Row(event.step(), row));
            }
        }
        return rows;
    }

    /** The column titles, aligned with the rows. */
    public static String header(List<String> names) {
        StringBuilder line = new StringBuilder(String.format("%8s ", "ms"));
        for (String name : names) {
            line.append(center(name));
        }
        return line.toString().stripTrailing();
    }

    /**
     * One frame of an animation: the header, then as many of the rows up to {@code through} (exclusive) as fit in
     * {@code height} lines with the header, the newest last; each line cut to {@code width} columns.
     */
    public static List<String> frame(String header, List<Row> rows, int through, int height, int width) {
        List<String> lines = new ArrayList<>();
        lines.add(cut(header, width));
        int shown = Math.max(0, Math.min(through, height - 1));
        for (Row row : rows.subList(through - shown, through)) {
            lines.add(cut(row.text(), width));
        }
        return lines;
    }

    /** The rows grouped by the trace step that drew them: an animation shows one group per frame. */
    public static List<Integer> stepEnds(List<Row> rows) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i + 1 == rows.size() || rows.get(i + 1).step() != rows.get(i).step()) {
                ends.add(i + 1);
            }
        }
        return ends;
    }

    private static String cut(String line, int width) {
        return width > 0 && line.length() > width ? line.substring(0, width) : line;
    }

    private String row(TraceEvent e) {
        int n = names.size();
        return switch (e.kind()) {
            case SEND -> {
                sentAt.put(e.messageId(), e.time());
                yield null;
            }
            case DELIVER, DUPLICATE -> arrow(e.peer(), e.node(), false,
                    label(e.detail()) + flight(e) + (e.kind() == TraceEvent.Kind.DUPLICATE ? " (duplicate)" : ""), e.time());
            case DROP -> arrow(e.node(), e.peer(), true, "dropped: " + e.detail(), e.time());
            case TIMER -> mark(e.node(), 'T', "timer " + e.detail(), e.time());
            case STATE -> mark(e.node(), '*', String.valueOf(e.detail()), e.time());
            case CLIENT -> mark(e.node(), 'C', "client: " + EventText.message(e.detail()), e.time());
            case CRASH -> {
                String row = mark(e.node(), 'X', "crashed", e.time());
                down[e.node()] = true;
                yield row;
            }
            case RESTART -> {
                down[e.node()] = false;
                yield mark(e.node(), '^', String.valueOf(e.detail()), e.time());
            }
            case NETWORK -> {
                char[] lanes = lanes();
                Arrays.fill(lanes, '=');
                String what = network(e);
                yield prefix(e.time()) + new String(lanes, 0, n * COLUMN).stripTrailing() + "  " + what;
            }
        };
    }

    private String network(TraceEvent e) {
        String text = EventText.what(e, id -> id >= 0 && id < names.size() ? names.get(id) : "?", "");
        return text.startsWith("network: ") ? text.substring(9) : text;
    }

    private String flight(TraceEvent e) {
        Long sent = sentAt.get(e.messageId());
        return sent == null ? "" : " (" + (e.time() - sent) + " ms)";
    }

    private String arrow(int from, int to, boolean lost, String label, long time) {
        char[] lanes = lanes();
        int a = center(from);
        int b = center(to);
        if (from == to) {
            lanes[a] = lost ? 'x' : '@';
        } else {
            int step = b > a ? 1 : -1;
            int end = lost ? a + (b - a) / 2 : b;
            for (int i = a + step; i != end; i += step) {
                lanes[i] = '-';
            }
            lanes[a] = 'o';
            lanes[end] = lost ? 'x' : (step > 0 ? '>' : '<');
        }
        return prefix(time) + new String(lanes).stripTrailing() + "  " + names.get(from) + "->" + names.get(to) + " " + label;
    }

    private String mark(int node, char symbol, String text, long time) {
        char[] lanes = lanes();
        lanes[center(node)] = symbol;
        return prefix(time) + new String(lanes).stripTrailing() + "  " + names.get(node) + ": " + text;
    }

    private char[] lanes() {
        char[] lanes = new char[names.size() * COLUMN];
        Arrays.fill(lanes, ' ');
        for (int i = 0; i < names.size(); i++) {
            lanes[center(i)] = down[i] ? ':' : '|';
        }
        return lanes;
    }

    private static int center(int node) {
        return node * COLUMN + COLUMN / 2;
    }

    private static String center(String name) {
        int left = Math.max(0, COLUMN / 2 - (name.length() - 1) / 2);
        String cell = " ".repeat(left) + name;
        return cell.length() >= COLUMN ? cell.substring(0, COLUMN) : cell + " ".repeat(COLUMN - cell.length());
    }

    private static String prefix(long time) {
        return String.format("%8d ", time);
    }

    private static String label(Object message) {
        String text = EventText.message(message);
        return text.length() <= LABEL ? text : text.substring(0, LABEL - 3) + "...";
    }
}
