package dev.dslab.consensus.linearizability;

import java.util.Objects;

/**
 * One client operation on a register, as recorded by the client.
 *
 * <p>{@code value} is what a write wrote, what a read returned, or the new value of a compare-and-set;
 * {@code expected} is only used by compare-and-set. {@code null} is the absent value (the register's
 * initial state unless the checker is told otherwise). A compare-and-set whose comparison did not match
 * is recorded as {@link Outcome#FAIL}: it changed nothing. For an {@link Outcome#INDETERMINATE} operation
 * the completion time is ignored: it may take effect at any instant after its invocation, or never.
 */
public record Operation(
        int client, Kind kind, String key, String value, String expected,
        long invokeNanos, long completeNanos, Outcome outcome) {

    public enum Kind { READ, WRITE, CAS }

    public enum Outcome {
        /** Acknowledged: took effect exactly once between invocation and completion. */
        OK,
        /** Definitely did not take effect (rejected, or a compare-and-set whose comparison failed). */
        FAIL,
        /** Timed out or lost reply: may or may not have taken effect, at any instant after invocation. */
        INDETERMINATE
    }

    public Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.INDETERMINATE && completeNanos < invokeNanos) {
            throw new IllegalArgumentException(
                    "operation completes (" + completeNanos + ") before it is invoked (" + invokeNanos + "): " + kind + " " + key);
        }
    }

    public static Operation read(int client, String key, String returned, long invokeNanos, long completeNanos, Outcome outcome) {
        return new Operation(client, Kind.READ, key, returned, null, invokeNanos, completeNanos, outcome);
    }

    public static Operation write(int client, String key, String value, long invokeNanos, long completeNanos, Outcome outcome) {
        return new Operation(client, Kind.WRITE, key, value, null, invokeNanos, completeNanos, outcome);
    }

    public static Operation cas(int client, String key, String expected, String newValue,
                                long invokeNanos, long completeNanos, Outcome outcome) {
        return new Operation(client, Kind.CAS, key, newValue, expected, invokeNanos, completeNanos, outcome);
    }

    /** Completion as the checker sees it: an indeterminate operation is open-ended. */
    public long effectiveCompleteNanos() {
        return outcome == Outcome.INDETERMINATE ? Long.MAX_VALUE : completeNanos;
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case READ -> "read -> " + value;
            case WRITE -> "write " + value;
            case CAS -> "cas " + expected + " -> " + value;
        };
        String until = outcome == Outcome.INDETERMINATE ? "?" : Long.toString(completeNanos);
        return "client " + client + " " + key + ": " + what + " [" + invokeNanos + ", " + until + "] " + outcome;
    }
}
