package dev.dslab.scenarios.engine;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.history.RecordedOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records every client operation of a run with its invoke and completion times (nanoseconds since the run
 * started), hands each completed one to a sink (the history file, flushed per operation) and keeps them
 * for the checkers. Thread-safe: every client thread records through the same recorder.
 */
public final class HistoryRecorder {

    private final Consumer<RecordedOp> sink;
    private final long startNanos;
    private final AtomicLong nextIndex = new AtomicLong();
    private final List<RecordedOp> completed = new ArrayList<>();

    public HistoryRecorder(Consumer<RecordedOp> sink, long startNanos) {
        this.sink = sink;
        this.startNanos = startNanos;
    }

    /** Nanoseconds since the run started, on the clock of every recorded operation. */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    /**
     * Marks the invocation of an operation; complete it with ok, fail or indeterminate.
     *
     * @param f        what the operation does: read, write, cas, add, get, put, list, delete ...
     * @param value    what a write writes (null for reads)
     * @param expected what a compare-and-set expects (else null)
     * @param mode     a tag the checkers group by, e.g. "eventual" or "strong" (may be null)
     */
    public Pending invoke(int client, String f, String key, String value, String expected, String mode) {
        return new Pending(client, f, key, value, expected, mode, now());
    }

    /** How many operations have completed so far (cheap: for live progress). */
    public synchronized int count() {
        return completed.size();
    }

    /** Every completed operation so far, in completion order. */
    public synchronized List<RecordedOp> operations() {
        return List.copyOf(completed);
    }

    private void complete(RecordedOp op) {
        synchronized (this) {
            completed.add(op);
        }
        sink.accept(op);
    }

    /** An invoked operation waiting for its outcome. */
    public final class Pending {
        private final int client;
        private final String f;
        private final String key;
        private final String value;
        private final String expected;
        private final String mode;
        private final long invokeNanos;

        private Pending(int client, String f, String key, String value, String expected, String mode, long invokeNanos) {
            this.client = client;
            this.f = f;
            this.key = key;
            this.value = value;
            this.expected = expected;
            this.mode = mode;
            this.invokeNanos = invokeNanos;
        }

        /** Acknowledged; a read passes what it returned (null: absent), a write its own value. */
        public RecordedOp ok(String returned) {
            return finish(returned, Outcome.OK, null);
        }

        /** Definitely did not take effect (rejected, condition failed, throttled). */
        public RecordedOp fail(String error) {
            return finish(value, Outcome.FAIL, error);
        }

        /** No answer in time, or an answer that does not tell: may or may not have taken effect. */
        public RecordedOp indeterminate(String error) {
            return finish(value, Outcome.INDETERMINATE, error);
        }

        private RecordedOp finish(String finalValue, Outcome outcome, String error) {
            RecordedOp op = new RecordedOp(nextIndex.getAndIncrement(), client, f, key, finalValue, expected, mode, invokeNanos, now(),
                    outcome, error);
            complete(op);
            return op;
        }
    }
}
