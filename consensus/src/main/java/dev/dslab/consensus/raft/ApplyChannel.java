package dev.dslab.consensus.raft;

/** Where a peer hands committed commands and installed snapshots to its service, in index order (MIT's applyCh). */
@FunctionalInterface
public interface ApplyChannel {
    void apply(ApplyMsg message);
}
