package dev.dslab.consensus.raft;

/** The answer to {@link Raft#start}: where the command would go, in which term, and whether this peer leads. */
public record Proposal(int index, int term, boolean isLeader) {
}
