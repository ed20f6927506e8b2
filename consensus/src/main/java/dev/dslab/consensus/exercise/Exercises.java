package dev.dslab.consensus.exercise;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The staged Raft exercises, after MIT 6.5840 Lab 3: 3A leader election, 3B log replication, 3C persistence,
 * 3D snapshots. Each stage's guide quotes the rules of the extended Raft paper's Figure 2 it needs (Ongaro and
 * Ousterhout, "In Search of an Understandable Consensus Algorithm (Extended Version)", 2014) with their sections.
 */
public final class Exercises {

    private static final List<Stage> STAGES = List.of(
            new Stage("raft-3a", "leader election: RequestVote, heartbeats, randomized election timeouts",
                    List.of("3A"), "raft-3a.md", List.of(
                    "Start with one timer. In boot() start an election timer with a random timeout (300-600 ms, from "
                            + "context.random()); when it fires and you are not the leader, become a candidate: "
                            + "currentTerm++, votedFor = me, restart the timer, send RequestVote to every other peer "
                            + "(section 5.2).",
                    "Apply the 'All Servers' rule on every message, request or reply, before anything else: a term "
                            + "greater than currentTerm sets currentTerm to it, clears votedFor and makes you a "
                            + "follower (section 5.1). Most 3A failures are a missing case of this rule.",
                    "A leader must send AppendEntries (empty ones are heartbeats) right after winning and then "
                            + "every ~100 ms, well under the election timeout, or followers time out and depose it. "
                            + "A follower restarts its election timer on an AppendEntries of the current term and "
                            + "when it grants a vote, not when it refuses one (Figure 2, Rules for Servers).",
                    "Count votes in a set of peer ids, not a counter: the network duplicates messages, and a "
                            + "duplicated vote counted twice elects two leaders in one term (election safety). Ignore "
                            + "replies whose term is not your current term: they answer an older election."),
                    List.of("boot and the service API", "events", "election (5.2, 5.4.1)")),
            new Stage("raft-3b", "log replication: AppendEntries consistency check, commit rule, apply",
                    List.of("3A", "3B"), "raft-3b.md", List.of(
                    "Keep a sentinel entry at log index 0 (term 0), so prevLogIndex 0 always matches and lastLogTerm "
                            + "is defined for an empty log. start() on the leader appends and returns at once; "
                            + "replication happens on the next AppendEntries (send one right away to keep agreement fast).",
                    "Receiver rules 3 and 4 of AppendEntries: truncate only at the first entry whose term conflicts, "
                            + "then append what is missing. Truncating everything after prevLogIndex breaks when an "
                            + "old, shorter AppendEntries arrives late (the network reorders).",
                    "The leader commits index N only when a majority has matchIndex >= N AND log[N].term == "
                            + "currentTerm (sections 5.3 and 5.4.2, Figure 8). Entries of older terms commit "
                            + "indirectly, when an entry of the current term after them commits.",
                    "The 'backup' scenario needs fast backtracking: on a refused AppendEntries the follower answers "
                            + "the term of its conflicting entry and the first index of that term (or its log's end "
                            + "when it is too short), and the leader jumps nextIndex past the whole term (end of "
                            + "section 5.3). Apply in order, through commitIndex, exactly once per index."),
                    List.of("boot and the service API", "events", "election (5.2, 5.4.1)", "log replication (5.3, 5.4.2)")),
            new Stage("raft-3c", "persistence: currentTerm, votedFor and the log survive a crash",
                    List.of("3A", "3B", "3C"), "raft-3c.md", List.of(
                    "Everything Figure 2 calls persistent (currentTerm, votedFor, log[]) goes into "
                            + "context.persister().saveState(bytes) whenever it changes, before you send the reply or "
                            + "message that depends on it. boot() reads it back with readState() (empty on a first boot).",
                    "Encode with DataOutputStream: term, votedFor, the number of entries, then each entry's term, "
                            + "command length and UTF-8 bytes. A crash loses every field; only those bytes survive.",
                    "Figure 8 scenarios fail when a restarted server votes twice in a term (votedFor not persisted) "
                            + "or when a leader commits an older term's entry by counting replicas. Check both.",
                    "On the unreliable network replies arrive late and twice: never move nextIndex or matchIndex "
                            + "backwards on a stale success, and ignore replies from a term that is not the current one."),
                    List.of("boot and the service API", "events", "election (5.2, 5.4.1)", "log replication (5.3, 5.4.2)",
                            "persistence (Figure 2: updated on stable storage before responding to RPCs)")),
            new Stage("raft-3d", "log compaction: snapshot(), InstallSnapshot, restart from a snapshot",
                    List.of("3A", "3B", "3C", "3D"), "raft-3d.md", List.of(
                    "Keep the snapshot's last index and term as a sentinel at the head of your log: log position 0 "
                            + "stands for index snapshotIndex. Write every index lookup through one helper "
                            + "(position = index - snapshotIndex) before adding snapshots, and the rest follows.",
                    "snapshot(index, data) trims the log through index and persists state and snapshot together "
                            + "with persister().save(state, snapshot), one atomic write (section 7).",
                    "When a follower needs an entry the leader has discarded (nextIndex <= snapshotIndex), the "
                            + "leader sends InstallSnapshot instead. The follower keeps log entries after the "
                            + "snapshot's index if its entry there has the snapshot's term, otherwise discards the "
                            + "log, then hands an ApplyMsg.Snapshot to the apply channel (Figure 13).",
                    "After a restart commitIndex and lastApplied start at snapshotIndex, not 0: the service already "
                            + "has everything through the snapshot. Ignore an InstallSnapshot older than your commitIndex."),
                    List.of("boot and the service API", "events", "election (5.2, 5.4.1)", "log replication (5.3, 5.4.2)",
                            "snapshots (section 7)", "persistence (Figure 2: updated on stable storage before responding to RPCs)")));

    private Exercises() {
    }

    public static List<Stage> all() {
        return STAGES;
    }

    public static Optional<Stage> named(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return STAGES.stream().filter(stage -> stage.id().equals(wanted)).findFirst();
    }

    /** The ids, for a line that says what is allowed. */
    public static String ids() {
        return String.join(", ", STAGES.stream().map(Stage::id).toList());
    }
}
