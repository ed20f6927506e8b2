package dev.dslab.consensus.linearizability;

public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The time budget ran out before the search decided. */
    UNKNOWN
}
