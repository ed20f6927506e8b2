package dev.dslab.consensus.raft.reference;

import java.util.List;

/** The reference's RPCs as one-way messages (Raft paper Figure 2), immutable because the network may duplicate them. */
final class Messages {
    private Messages() {
    }

    record Entry(int term, String command) {
    }

    record RequestVote(int term, int candidateId, int lastLogIndex, int lastLogTerm) {
    }

    record Vote(int term, boolean granted) {
    }

    record AppendEntries(int term, int leaderId, int prevLogIndex, int prevLogTerm, List<Entry> entries, int leaderCommit) {
        AppendEntries {
            entries = List.copyOf(entries);
        }
    }

    /**
     * On success {@code matchIndex} is the last index known to match the leader's log. On a log mismatch the
     * fast-backtracking hint (extended paper section 5.3, MIT's XTerm/XIndex): {@code conflictTerm} is the
     * follower's term at prevLogIndex (-1 when its log is too short) and {@code conflictIndex} the first index
     * of that term (or the follower's log length + 1). {@code conflictIndex} 0: rejected for a stale term.
     */
    record AppendEntriesReply(int term, boolean success, int matchIndex, int conflictTerm, int conflictIndex) {
    }

    record InstallSnapshot(int term, int leaderId, int lastIncludedIndex, int lastIncludedTerm, byte[] data) {
        @Override
        public String toString() {
            return "InstallSnapshot[term=" + term + ", leaderId=" + leaderId + ", lastIncludedIndex=" + lastIncludedIndex
                    + ", lastIncludedTerm=" + lastIncludedTerm + ", " + data.length + " B]";
        }
    }

    record InstallSnapshotReply(int term, int lastIncludedIndex) {
    }
}
