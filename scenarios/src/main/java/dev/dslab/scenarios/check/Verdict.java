package dev.dslab.scenarios.check;

public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The time budget ran out before the search decided. */
    UNKNOWN
}
