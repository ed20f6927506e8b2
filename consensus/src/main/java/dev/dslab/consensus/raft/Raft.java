package dev.dslab.consensus.raft;

import dev.dslab.consensus.sim.Node;

/**
 * A Raft peer as the harness drives it: what a learner implements and what the reference implements. It is a
 * simulator {@link Node} (boot, messages, timers; its messages are its own immutable types) plus the service
 * side of MIT 6.5840's Raft API: {@code Start}, {@code GetState}, {@code Snapshot}, and committed entries
 * handed to the {@link ApplyChannel} it was created with, in index order.
 *
 * <p>A {@link RaftFactory} makes a fresh instance at every boot, so after a crash only what the peer saved
 * in its {@code Persister} is left.
 *
 * <p>Rules that keep a run reproducible from its seed: no threads, no sleeping and no wall clock (time is
 * {@code NodeContext.now()}, waiting is a timer); randomness only from {@code NodeContext.random()}; no
 * iteration over hash-ordered collections of objects without stable hash codes. Messages must be immutable
 * (the network may deliver one twice) and should be records, whose {@code toString} the trace shows.
 */
public interface Raft extends Node {

    /**
     * Proposes a command for the log and returns at once: the index it will have if it is ever committed, the
     * current term, and whether this peer believes it is the leader (a non-leader appends nothing).
     */
    Proposal start(String command);

    /** The current term and whether this peer believes it is the leader (MIT's GetState). */
    int currentTerm();

    boolean isLeader();

    /**
     * The service has taken a snapshot holding every command through {@code index}; the peer may discard its
     * log through that index and must persist the snapshot with its state (Raft paper section 7).
     */
    void snapshot(int index, byte[] snapshot);

    /** What the harness reads to check the safety invariants after every step. */
    RaftView view();
}
