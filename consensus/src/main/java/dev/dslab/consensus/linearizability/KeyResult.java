package dev.dslab.consensus.linearizability;

import java.util.Optional;

/**
 * The verdict for one key. {@code checkedOperations} counts what the search had to place, after failed
 * operations, indeterminate reads and unobservable indeterminate writes were dropped.
 */
public record KeyResult(String key, Verdict verdict, int checkedOperations, Optional<Violation> violation) {
}
