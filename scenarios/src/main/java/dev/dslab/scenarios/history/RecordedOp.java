package dev.dslab.scenarios.history;

import dev.dslab.scenarios.check.Operation;
import dev.dslab.scenarios.check.Operation.Outcome;
import java.util.Objects;
import java.util.Optional;

/**
 * One client operation of an experiment as the history file keeps it.
 *
 * @param index         order of completion within the run, from 0
 * @param f             what it did: read, write, cas, add, get, put, list, delete ...
 * @param value         what a write wrote or a read returned (null: absent)
 * @param expected      what a compare-and-set expected (else null)
 * @param mode          a tag the checkers group by, e.g. "eventual" or "strong" (may be null)
 * @param invokeNanos   nanoseconds since the run started, when the client sent it
 * @param completeNanos nanoseconds since the run started, when the client had its answer (or gave up)
 * @param error         why it failed or is indeterminate (else null)
 */
public record RecordedOp(long index, int client, String f, String key, String value, String expected, String mode,
                         long invokeNanos, long completeNanos, Outcome outcome, String error) {

    public RecordedOp {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The register operation the linearizability and staleness checkers read; empty for other kinds. */
    public Optional<Operation> toOperation() {
        Operation.Kind kind = switch (f) {
            case "read" -> Operation.Kind.READ;
            case "write" -> Operation.Kind.WRITE;
            case "cas" -> Operation.Kind.CAS;
            default -> null;
        };
        if (kind == null || key == null) {
            return Optional.empty();
        }
        return Optional.of(new Operation(client, kind, key, value, expected, invokeNanos, completeNanos, outcome));
    }
}
