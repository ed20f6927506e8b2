package dev.dslab.consensus.sim;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a run. It keeps every event, or only the last {@code tailCapacity} when many seeds run and
 * only a failure's excerpt is wanted; either way it counts every event by kind.
 */
public final class Trace {
    private final int tailCapacity;
    private final ArrayDeque<TraceEvent> events = new ArrayDeque<>();
    private final long[] counts = new long[TraceEvent.Kind.values().length];
    private long recorded;

    private Trace(int tailCapacity) {
        this.tailCapacity = tailCapacity;
    }

    /** Keeps every event: for replays, animations and the determinism tests. */
    public static Trace full() {
        return new Trace(Integer.MAX_VALUE);
    }

    /** Keeps the last {@code capacity} events: enough for a failure's excerpt at a fraction of the memory. */
    public static Trace keepingLast(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace tail keeps at least one event, got " + capacity);
        }
        return new Trace(capacity);
    }

    void record(long time, TraceEvent.Kind kind, int node, int peer, long messageId, Object detail) {
        if (events.size() == tailCapacity) {
            events.removeFirst();
        }
        events.addLast(new TraceEvent(recorded++, time, kind, node, peer, messageId, detail));
        counts[kind.ordinal()]++;
    }

    /** Every event recorded, including those no longer kept. */
    public long size() {
        return recorded;
    }

    public long count(TraceEvent.Kind kind) {
        return counts[kind.ordinal()];
    }

    /** The events kept, oldest first. */
    public List<TraceEvent> events() {
        return List.copyOf(events);
    }

    /** The last {@code n} events kept, rendered one per line. */
    public List<String> lastLines(int n) {
        List<String> lines = new ArrayList<>();
        int skip = Math.max(0, events.size() - n);
        int i = 0;
        for (TraceEvent event : events) {
            if (i++ >= skip) {
                lines.add(event.line());
            }
        }
        return lines;
    }

    /** Writes the events kept as JSON lines, one object per event (see {@link TraceEvent#json()}). */
    public void writeJsonLines(Writer out) throws IOException {
        for (TraceEvent event : events) {
            out.write(event.json());
            out.write('\n');
        }
        out.flush();
    }

    /** Every event kept, rendered. Two runs from one seed give equal lists. */
    public List<String> lines() {
        return lastLines(events.size());
    }
}
