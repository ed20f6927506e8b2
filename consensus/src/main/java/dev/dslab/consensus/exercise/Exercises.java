package dev.dslab.consensus.exercise;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The exercises. Staged Raft, after MIT 6.5840 Lab 3: 3A leader election, 3B log replication, 3C persistence,
 * 3D snapshots; each stage's guide quotes the rules of the extended Raft paper's Figure 2 it needs (Ongaro and
 * Ousterhout, "In Search of an Understandable Consensus Algorithm (Extended Version)", 2014) with their sections.
 * Then single-decree Paxos, after Lamport, "Paxos Made Simple" (2001), section 2.
 */
public final class Exercises {

    private static final List<Stage> STAGES = List.of(
            new Stage(Track.RAFT, "raft-3a", "leader election: RequestVote, heartbeats, randomized election timeouts",
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
            new Stage(Track.RAFT, "raft-3b", "log replication: AppendEntries consistency check, commit rule, apply",
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
            new Stage(Track.RAFT, "raft-3c", "persistence: currentTerm, votedFor and the log survive a crash",
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
            new Stage(Track.RAFT, "raft-3d", "log compaction: snapshot(), InstallSnapshot, restart from a snapshot",
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
                            "snapshots (section 7)", "persistence (Figure 2: updated on stable storage before responding to RPCs)")),
            new Stage(Track.PAXOS, "paxos-single", "single-decree Paxos: acceptor, proposer and learner, safe under a hostile network",
                    List.of("Paxos"), "paxos-single.md", List.of(
                    "Start with the acceptor: it is the whole of safety. Two fields, promised and accepted (ballot and "
                            + "value), and two rules: a Prepare above promised raises it and is answered with a Promise "
                            + "carrying the accepted proposal; an Accept is taken unless promised is above its ballot "
                            + "(section 2.2, phase 1b and 2b). A Prepare equal to promised is a duplicate: answer the same promise.",
                    "Persist before you answer. Every change to promised or accepted goes into context.persister().saveState "
                            + "before the Promise or Accepted leaves, and boot() reads it back: a restarted acceptor that "
                            + "forgot its promise breaks it (section 2.2: an acceptor must remember, even if it fails and then restarts).",
                    "Ballots must be unique across proposers: new Ballot(round, me) orders by round, then proposer id, so "
                            + "two proposers never send one ballot with different values. Persist the round too: a restarted "
                            + "proposer must never reuse a ballot.",
                    "Phase 2a: once a majority promised the ballot, propose the value of the highest-numbered proposal the "
                            + "promises reported (compare ballots, not arrival order), or your own value when none reported one "
                            + "(P2c). Count promises and Accepted replies per acceptor in a set for the current ballot only: "
                            + "the network duplicates and delays them.",
                    "Liveness: retry with a higher round after a random pause (context.startTimer with context.random()) "
                            + "whenever a ballot stalls or an acceptor reports a higher promise. The learner learns a value "
                            + "once a majority of distinct acceptors accepted it under one ballot, and stops proposing."),
                    List.of()));

    private Exercises() {
    }

    public static List<Stage> all() {
        return STAGES;
    }

    public static Optional<Stage> named(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return STAGES.stream().filter(stage -> stage.id().equals(wanted)).findFirst();
    }

    /** The stage after {@code stage} in its protocol's sequence, if any (a later stage keeps the learner's code). */
    public static Optional<Stage> next(Stage stage) {
        List<Stage> sameTrack = STAGES.stream().filter(s -> s.track() == stage.track()).toList();
        int index = sameTrack.indexOf(stage);
        return index >= 0 && index + 1 < sameTrack.size() ? Optional.of(sameTrack.get(index + 1)) : Optional.empty();
    }

    /** The ids, for a line that says what is allowed. */
    public static String ids() {
        return String.join(", ", STAGES.stream().map(Stage::id).toList());
    }
}
