package dev.dslab.consensus.raft;

/**
 * A read-only look at a peer's Raft state, in the paper's Figure 2 terms, for the harness's invariant checks.
 * Indexes start at 1; entries through {@link #snapshotIndex()} are in the snapshot and no longer readable.
 */
public interface RaftView {

    Role role();

    int term();

    /** The candidate voted for in the current term, -1 for none. */
    int votedFor();

    int commitIndex();

    /** The last index the snapshot covers (0: no snapshot). */
    int snapshotIndex();

    /** The term of the entry at {@link #snapshotIndex()} (0: no snapshot). */
    int snapshotTerm();

    /** The index of the last log entry (the snapshot's index when the log after it is empty). */
    int lastIndex();

    /** The term of the entry at {@code index}, for snapshotIndex() <= index <= lastIndex(). */
    int termAt(int index);

    /** The command at {@code index}, for snapshotIndex() < index <= lastIndex(). */
    String commandAt(int index);
}
