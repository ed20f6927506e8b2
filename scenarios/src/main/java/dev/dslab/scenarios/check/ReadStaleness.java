package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How far behind one acknowledged read was (see {@link StalenessChecker} for the definition).
 * {@code nanosSinceLastWrite} is the time from the completion of the latest write to the key acknowledged
 * before the read was invoked, to that invocation; empty when no write to the key had been acknowledged.
 * {@code mode} is the caller's tag for how the read was issued (e.g. "eventual", "strong"), or null.
 */
public record ReadStaleness(Operation read, String mode, int versionsBehind, long nanosBehind,
                            OptionalLong nanosSinceLastWrite) {

    public int client() {
        return read.client();
    }

    public String key() {
        return read.key();
    }

    public boolean stale() {
        return versionsBehind > 0;
    }

    public double millisBehind() {
        return nanosBehind / 1e6;
    }

    public OptionalDouble millisSinceLastWrite() {
        return nanosSinceLastWrite.isPresent()
                ? OptionalDouble.of(nanosSinceLastWrite.getAsLong() / 1e6) : OptionalDouble.empty();
    }

    @Override
    public String toString() {
        String since = nanosSinceLastWrite.isPresent()
                ? String.format("%.3f ms after the last acknowledged write", millisSinceLastWrite().getAsDouble())
                : "before any acknowledged write";
        return read + (mode == null ? "" : " (" + mode + ")") + ": " + versionsBehind + (versionsBehind == 1 ? " version" : " versions") + " behind, "
                + String.format("%.3f ms behind", millisBehind()) + ", " + since;
    }
}
