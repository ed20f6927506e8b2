package dev.dslab.scenarios.history;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a recorded history as EDN in Jepsen's operation format (the op maps documented with
 * jepsen.history, which Knossos and Elle read): a vector with one map per line, each operation as an
 * {@code :invoke} and its completion ({@code :ok}, {@code :fail}, or {@code :info} for indeterminate),
 * ordered by time, numbered by {@code :index}:
 * <pre>
 * {:type :invoke, :f :write, :value ["k1" "v3"], :time 1000, :process 0, :index 0}
 * {:type :ok, :f :write, :value ["k1" "v3"], :time 2500, :process 0, :index 1}
 * </pre>
 * <ul>
 *   <li>{@code :value} is a [key value] tuple as jepsen.independent writes it; a compare-and-set's value is
 *       [key [expected new]]. An operation without a key has its bare value.</li>
 *   <li>Reads ("read", "get", "list", "query", "scan", and those names before a dash, e.g.
 *       "query-index") are invoked with a nil value; the completion carries what they returned.</li>
 *   <li>Values and keys that are canonical integers are written as EDN integers (Jepsen's registers and
 *       counters use numbers), everything else as strings.</li>
 *   <li>As in Jepsen, a process whose operation ended {@code :info} never invokes again: the client goes on
 *       as a new process, its id plus a multiple of the stride (the largest client id plus one), so
 *       {@code process mod stride} is always the client.</li>
 *   <li>{@code :error} carries the recorded error of a fail or info; {@code :mode} the read or write mode.</li>
 * </ul>
 */
public final class EdnExporter {

    /** Operations that only observe: named so, or with one of these names before a dash ("query-index"). */
    private static final Set<String> READS = Set.of("read", "get", "list", "query", "scan");
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,17}");

    private EdnExporter() {
    }

    public static String toEdn(List<RecordedOp> ops) {
        StringBuilder text = new StringBuilder();
        write(ops, text);
        return text.toString();
    }

    public static void write(List<RecordedOp> ops, Appendable out) {
        record Event(long time, RecordedOp op, boolean invoke) {
        }
        List<Event> events = new ArrayList<>(ops.size() * 2);
        for (RecordedOp op : ops) {
            events.add(new Event(op.invokeNanos(), op, true));
            events.add(new Event(op.completeNanos(), op, false));
        }
        // an invocation before its own completion at the same instant; otherwise by record order
        events.sort(Comparator.comparingLong(Event::time)
                .thenComparingLong(e -> e.op().index())
                .thenComparing(e -> !e.invoke()));
        int stride = ops.stream().mapToInt(RecordedOp::client).max().orElse(0) + 1;
        Map<Integer, Integer> generation = new HashMap<>();
        Map<RecordedOp, Long> processOf = new java.util.IdentityHashMap<>();
        try {
            out.append('[');
            long index = 0;
            for (Event event : events) {
                RecordedOp op = event.op();
                long process;
                if (event.invoke()) {
                    process = op.client() + (long) stride * generation.getOrDefault(op.client(), 0);
                    processOf.put(op, process);
                } else {
                    process = processOf.remove(op);
                    if (op.outcome() == Outcome.INDETERMINATE) {
                        generation.merge(op.client(), 1, Integer::sum);
                    }
                }
                if (index > 0) {
                    out.append("\n ");
                }
                out.append("{:type ").append(event.invoke() ? ":invoke" : type(op.outcome()))
                        .append(", :f :").append(op.f())
                        .append(", :value ").append(value(op, event.invoke()))
                        .append(", :time ").append(Long.toString(event.time()))
                        .append(", :process ").append(Long.toString(process))
                        .append(", :index ").append(Long.toString(index++));
                if (!event.invoke() && op.error() != null) {
                    out.append(", :error ").append(string(op.error()));
                }
                if (op.mode() != null) {
                    out.append(", :mode ").append(string(op.mode()));
                }
                out.append('}');
            }
            out.append("]\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the EDN history: " + e.getMessage(), e);
        }
    }

    private static String type(Outcome outcome) {
        return switch (outcome) {
            case OK -> ":ok";
            case FAIL -> ":fail";
            case INDETERMINATE -> ":info";
        };
    }

    private static String value(RecordedOp op, boolean invoke) {
        String value;
        if (invoke && READS.contains(op.f().split("-", 2)[0])) {
            value = "nil";
        } else if (op.f().equals("cas")) {
            value = "[" + scalar(op.expected()) + " " + scalar(op.value()) + "]";
        } else {
            value = scalar(op.value());
        }
        return op.key() == null ? value : "[" + scalar(op.key()) + " " + value + "]";
    }

    private static String scalar(String text) {
        if (text == null) {
            return "nil";
        }
        return INTEGER.matcher(text).matches() ? text : string(text);
    }

    /** An EDN string literal: the escapes EDN defines, other control characters as unicode escapes. */
    static String string(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20) {
                        literal.append(String.format("\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }
}
