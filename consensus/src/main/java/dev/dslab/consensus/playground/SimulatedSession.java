package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.TraceEvent;
import java.util.List;

/**
 * A playground session of some protocol (Raft, Paxos) running in the deterministic simulator: what
 * {@link Sessions} needs to replay, check and show it, whatever the protocol.
 */
public interface SimulatedSession {

    /** Parses and applies one command (without the leading {@code raft}/{@code paxos}); what to print. */
    String apply(String commandLine);

    /** The commands applied so far, as the session file records them. */
    List<String> commands();

    /** Events recorded so far. */
    long events();

    /** Virtual time now, in milliseconds. */
    long now();

    /** SHA-256 over every trace line so far: equal digests mean equal runs. */
    String digest();

    /** Every node's state and the messages in flight, in aligned tables. */
    String state();

    /** Every event of the run, oldest first. */
    List<TraceEvent> trace();

    /** The learner's name of every node, by simulator id: n1..n5, or a1..a3 and p1..p2. */
    List<String> nodeNames();

    /** The session as one self-contained HTML page animating its trace. */
    String html();
}
