package dev.dslab.consensus.paxos.multi;

/** Classic Multi-Paxos bugs, so the check can be shown to catch them. */
public enum MultiPaxosFlaw {
    /**
     * A new leader proposes fresh values in the open slots instead of the values the promises reported accepted
     * (skipping recovery: P2c per slot): a value chosen under the old leader can be replaced.
     */
    NEW_LEADER_SKIPS_RECOVERY,
    /** The acceptor accepts a proposal whose ballot is below its promise (P1a broken, per slot). */
    ACCEPT_BELOW_PROMISE
}
