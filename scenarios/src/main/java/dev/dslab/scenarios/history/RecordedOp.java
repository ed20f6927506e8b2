package dev.dslab.scenarios.history;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One client operation of an experiment, as the engine records it and the history file stores it.
 *
 * <p>A "cas" whose comparison did not match is a {@link Outcome#FAIL}: it changed nothing. An
 * {@link Outcome#INDETERMINATE} operation's completion is when the client gave up.
 *
 * @param index         order of completion within the run, from 0
 * @param client        the client (session) that issued it
 * @param f             what it did: read, write, cas, add, get, put, list, delete ... (lower-case letters,
 *                      digits and dashes, starting with a letter, so it is also an EDN keyword)
 * @param key           the item or object it addressed (required for read, write and cas)
 * @param value         what a write wrote or a read returned, the new value of a cas (null: absent)
 * @param expected      what a compare-and-set expected (else null)
 * @param mode          a tag the checkers group by, e.g. "eventual" or "strong" (may be null)
 * @param invokeNanos   nanoseconds since the run started, when the client sent it
 * @param completeNanos nanoseconds since the run started, when the client had its answer (or gave up)
 * @param error         why it failed or is indeterminate (else null)
 */
public record RecordedOp(long index, int client, String f, String key, String value, String expected, String mode,
                         long invokeNanos, long completeNanos, Outcome outcome, String error) {

    private static final Set<String> REGISTER_OPERATIONS = Set.of("read", "write", "cas");

    public RecordedOp {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(outcome, "outcome");
        if (!f.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("operation name '" + f
                    + "' is not allowed: lower-case letters, digits and dashes, starting with a letter");
        }
        if (completeNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + index + " (" + f + ") completes (" + completeNanos
                    + ") before it is invoked (" + invokeNanos + ")");
        }
        if (key == null && REGISTER_OPERATIONS.contains(f)) {
            throw new IllegalArgumentException("operation " + index + " (" + f + ") has no key");
        }
    }

    /** The register operation the checkers take, for "read", "write" and "cas"; empty for the others. */
    public Optional<Operation> toOperation() {
        return switch (f) {
            case "read" -> Optional.of(Operation.read(client, key, value, invokeNanos, completeNanos, outcome));
            case "write" -> Optional.of(Operation.write(client, key, value, invokeNanos, completeNanos, outcome));
            case "cas" -> Optional.of(Operation.cas(client, key, expected, value, invokeNanos, completeNanos, outcome));
            default -> Optional.empty();
        };
    }
}
