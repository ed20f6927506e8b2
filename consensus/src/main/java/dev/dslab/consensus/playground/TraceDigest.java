package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over a trace's lines, taken incrementally: equal digests mean equal runs, event for event. A session
 * records one after every command, and a replay that does not reproduce it is refused.
 */
final class TraceDigest {
    private final MessageDigest digest;
    private int digested;

    TraceDigest() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest over every event of {@code trace} so far (a full trace: its events are never dropped). */
    String of(Trace trace) {
        List<TraceEvent> events = trace.events();
        for (; digested < events.size(); digested++) {
            digest.update(events.get(digested).line().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }
}
