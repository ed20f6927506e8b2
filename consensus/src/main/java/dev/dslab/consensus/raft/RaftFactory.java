package dev.dslab.consensus.raft;

/** Makes a peer for a boot of node {@code id}; committed entries go to {@code applyChannel}. */
@FunctionalInterface
public interface RaftFactory {
    Raft create(int id, ApplyChannel applyChannel);
}
