package dev.dslab.scenarios.engine;

import java.util.Objects;

/**
 * A checker's verdict on part of a run, e.g. "linearizability, strong reads: PASS (3 keys, 1,204 operations)".
 * {@code scope} names what was checked (a read mode, a phase), {@code detail} the evidence in one line.
 */
public record Check(String checker, String scope, Verdict verdict, String detail) {

    public enum Verdict { PASS, FAIL, UNKNOWN }

    public Check {
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }
}
