package dev.dslab.consensus.paxos.multi;

import dev.dslab.consensus.paxos.Ballot;
import java.util.List;

/** Multi-Paxos's messages, immutable: the network may deliver them twice. */
final class MultiPaxosMessages {
    private MultiPaxosMessages() {
    }

    /** What an acceptor accepted in one slot. */
    record Entry(int slot, Ballot ballot, String value) {
    }

    /** Phase 1a for every slot from {@code fromSlot} on: one prepare serves all future slots of the leader's ballot. */
    record Prepare(Ballot ballot, int fromSlot) {
    }

    /** Phase 1b: the promise, with what this acceptor accepted in every slot from {@code fromSlot} on. */
    record Promise(Ballot ballot, List<Entry> accepted) {
    }

    /** Phase 2a for one slot. */
    record Accept(Ballot ballot, int slot, String value) {
    }

    /** Phase 2b for one slot. */
    record Accepted(Ballot ballot, int slot) {
    }

    /** The acceptor promised a higher ballot: the sender is no longer the leader. */
    record Nack(Ballot ballot, Ballot promised) {
    }

    /** The leader tells every node what a slot chose (the learners' message, "Paxos Made Simple" 2.3). */
    record Commit(int slot, String value) {
    }

    /** The leader is alive; {@code ballot} lets followers hold off their own elections. */
    record Heartbeat(Ballot ballot) {
    }

    /** A follower's answer: the first slot it has not learned, so the leader resends what it missed. */
    record HeartbeatReply(Ballot ballot, int firstUnlearned) {
    }
}
