package dev.dslab.consensus.harness;

/** A scenario found the implementation wrong: which property broke and how. */
public final class HarnessFailure extends RuntimeException {
    private final String property;

    public HarnessFailure(String property, String message) {
        super(property + ": " + message);
        this.property = property;
    }

    /** The property that does not hold: "election safety", "log matching", ..., or "liveness" for a timeout. */
    public String property() {
        return property;
    }
}
