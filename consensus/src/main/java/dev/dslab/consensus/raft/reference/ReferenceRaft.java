package dev.dslab.consensus.raft.reference;

import dev.dslab.consensus.raft.ApplyChannel;
import dev.dslab.consensus.raft.ApplyMsg;
import dev.dslab.consensus.raft.Proposal;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.RaftView;
import dev.dslab.consensus.raft.Role;
import dev.dslab.consensus.raft.reference.Messages.AppendEntries;
import dev.dslab.consensus.raft.reference.Messages.AppendEntriesReply;
import dev.dslab.consensus.raft.reference.Messages.Entry;
import dev.dslab.consensus.raft.reference.Messages.InstallSnapshot;
import dev.dslab.consensus.raft.reference.Messages.InstallSnapshotReply;
import dev.dslab.consensus.raft.reference.Messages.RequestVote;
import dev.dslab.consensus.raft.reference.Messages.Vote;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Timer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The reference Raft, written from Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm
 * (Extended Version)", 2014: Figure 2's rules, with the section each comes from cited where it is applied.
 * Leader election (5.2), log replication (5.3) with the fast backtracking of 5.3's closing paragraphs, the
 * election restriction and commit rule (5.4), persistence (Figure 2) and log compaction with InstallSnapshot
 * (section 7). Single-threaded: the simulator calls it one event at a time.
 */
public final class ReferenceRaft implements Raft, RaftView {
    /**
     * The election timeout is drawn uniformly from [electionMinMillis, electionMaxMillis] at every reset (5.2); a
     * leader sends heartbeats every heartbeatMillis. Election timeouts must be much longer than a broadcast (5.6).
     */
    public record Timing(long electionMinMillis, long electionMaxMillis, long heartbeatMillis) {
        public Timing {
            if (electionMinMillis < 1 || electionMaxMillis < electionMinMillis || heartbeatMillis < 1) {
                throw new IllegalArgumentException("timing needs 1 <= electionMin <= electionMax and heartbeat >= 1, got ["
                        + electionMinMillis + "," + electionMaxMillis + "] heartbeat " + heartbeatMillis);
            }
        }
    }

    /** MIT 6.5840's tester allows ten heartbeats a second, so timeouts are longer than the paper's 150-300 ms. */
    public static final Timing DEFAULT_TIMING = new Timing(300, 599, 100);
    /** The election timer's tag, so a driver can fire it early ({@code Simulation.fireTimer}). */
    public static final String ELECTION_TIMEOUT = "election-timeout";
    private static final String HEARTBEAT = "heartbeat";
    private static final String REPLICATE = "replicate";
    /** New entries wait this long so that commands started together travel in one AppendEntries. */
    static final long BATCH_MILLIS = 2;

    private final int me;
    private final ApplyChannel applyChannel;
    private final Set<Flaw> flaws;
    private final Timing timing;
    private NodeContext context;

    // Persistent state on all servers (Figure 2), plus the snapshot's last index and term (section 7)
    private int currentTerm;
    private int votedFor = -1;
    /** log.get(0) stands for the snapshot's last entry, so log index i is log.get(i - snapshotIndex). */
    private final List<Entry> log = new ArrayList<>(List.of(new Entry(0, null)));
    private int snapshotIndex;
    /** The log's entries as persisted, kept encoded so a persist re-encodes only what changed. */
    private final EncodedLog encoded = new EncodedLog();

    // Volatile state on all servers
    private Role role = Role.FOLLOWER;
    private int commitIndex;
    private int lastApplied;
    private Timer electionTimer;
    private Timer heartbeatTimer;
    private Timer replicateTimer;
    private final BitSet votes = new BitSet();

    // Volatile state on leaders, reinitialized after election
    private int[] nextIndex;
    private int[] matchIndex;
    /** The last index sent to each follower in this term: replies trigger a send only for entries not yet sent. */
    private int[] sentThrough;

    public ReferenceRaft(int me, ApplyChannel applyChannel) {
        this(me, applyChannel, EnumSet.noneOf(Flaw.class), DEFAULT_TIMING);
    }

    private ReferenceRaft(int me, ApplyChannel applyChannel, Set<Flaw> flaws, Timing timing) {
        this.me = me;
        this.applyChannel = applyChannel;
        this.flaws = flaws;
        this.timing = timing;
    }

    public static RaftFactory factory() {
        return ReferenceRaft::new;
    }

    /** The reference with its own election timeout range and heartbeat interval (the election-timeouts experiment). */
    public static RaftFactory factory(Timing timing) {
        return (id, applyChannel) -> new ReferenceRaft(id, applyChannel, EnumSet.noneOf(Flaw.class), timing);
    }

    /** The reference with deliberate bugs, to show that the harness catches them. */
    public static RaftFactory withFlaws(Flaw first, Flaw... more) {
        EnumSet<Flaw> flaws = EnumSet.of(first, more);
        return (id, applyChannel) -> new ReferenceRaft(id, applyChannel, flaws, DEFAULT_TIMING);
    }

    // ---- boot and the service API --------------------------------------------------------------------------

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        readPersisted(context.persister().readState());
        commitIndex = snapshotIndex;
        lastApplied = snapshotIndex;
        resetElectionTimer();
    }

    @Override
    public Proposal start(String command) {
        if (role != Role.LEADER) {
            return new Proposal(lastIndex() + 1, currentTerm, false);
        }
        // Leaders append-only (Figure 3); the entry is committed once a majority stores it (5.3)
        log.add(new Entry(currentTerm, command));
        persist();
        matchIndex[me] = lastIndex();
        if (replicateTimer == null) {
            replicateTimer = context.startTimer(BATCH_MILLIS, REPLICATE);
        }
        advanceCommitIndex();
        return new Proposal(lastIndex(), currentTerm, true);
    }

    @Override
    public int currentTerm() {
        return currentTerm;
    }

    @Override
    public boolean isLeader() {
        return role == Role.LEADER;
    }

    @Override
    public void snapshot(int index, byte[] snapshot) {
        // Section 7: each server snapshots its committed entries independently and discards the log through them
        if (index <= snapshotIndex || index > lastApplied) {
            return;
        }
        int term = termAt(index);
        List<Entry> kept = new ArrayList<>(log.subList(index - snapshotIndex + 1, log.size()));
        log.clear();
        log.add(new Entry(term, null));
        log.addAll(kept);
        encoded.truncate(0);
        snapshotIndex = index;
        context.persister().save(encodeState(), snapshot);
    }

    @Override
    public RaftView view() {
        return this;
    }

    // ---- events -----------------------------------------------------------------------------------------------

    @Override
    public void onTimer(Object tag) {
        if (ELECTION_TIMEOUT.equals(tag) && role != Role.LEADER) {
            startElection();
        } else if (HEARTBEAT.equals(tag) && role == Role.LEADER) {
            // Leaders send empty AppendEntries during idle periods to prevent election timeouts (5.2)
            broadcastAppend();
            heartbeatTimer = context.startTimer(timing.heartbeatMillis(), HEARTBEAT);
        } else if (REPLICATE.equals(tag)) {
            replicateTimer = null;
            if (role == Role.LEADER) {
                for (int peer = 0; peer < peers(); peer++) {
                    if (peer != me && sentThrough[peer] < lastIndex()) {
                        sendAppend(peer);
                    }
                }
            }
        }
    }

    @Override
    public void onMessage(int from, Object message) {
        if (message instanceof RequestVote m) {
            onRequestVote(from, m);
        } else if (message instanceof Vote m) {
            onVote(from, m);
        } else if (message instanceof AppendEntries m) {
            onAppendEntries(from, m);
        } else if (message instanceof AppendEntriesReply m) {
            onAppendEntriesReply(from, m);
        } else if (message instanceof InstallSnapshot m) {
            onInstallSnapshot(from, m);
        } else if (message instanceof InstallSnapshotReply m) {
            onInstallSnapshotReply(from, m);
        }
    }

    // ---- election (5.2, 5.4.1) ----------------------------------------------------------------------------------

    private void startElection() {
        // Followers (5.2): on election timeout convert to candidate; increment currentTerm, vote for self,
        // reset the election timer, send RequestVote to all other servers
        role = Role.CANDIDATE;
        currentTerm++;
        votedFor = me;
        persist();
        votes.clear();
        votes.set(me);
        context.note("candidate term " + currentTerm);
        resetElectionTimer();
        if (votes.cardinality() > peers() / 2) {
            becomeLeader();
            return;
        }
        RequestVote request = new RequestVote(currentTerm, me, lastIndex(), lastTerm());
        for (int peer = 0; peer < peers(); peer++) {
            if (peer != me) {
                context.send(peer, request);
            }
        }
    }

    private void onRequestVote(int from, RequestVote request) {
        observeTerm(request.term());
        boolean granted = false;
        boolean free = votedFor == -1 || votedFor == request.candidateId() || flaws.contains(Flaw.VOTE_TWICE);
        if (request.term() == currentTerm && free && isUpToDate(request.lastLogIndex(), request.lastLogTerm())) {
            votedFor = request.candidateId();
            persist();
            granted = true;
            // Followers (5.2): granting a vote resets the election timer
            resetElectionTimer();
        }
        context.send(from, new Vote(currentTerm, granted));
    }

    /** Section 5.4.1: the candidate's log is at least as up-to-date: a later last term, or the same and at least as long. */
    private boolean isUpToDate(int lastLogIndex, int lastLogTerm) {
        return lastLogTerm != lastTerm() ? lastLogTerm > lastTerm() : lastLogIndex >= lastIndex();
    }

    private void onVote(int from, Vote vote) {
        if (observeTerm(vote.term()) || role != Role.CANDIDATE || vote.term() != currentTerm || !vote.granted()) {
            return;
        }
        votes.set(from); // a set, so a duplicated vote counts once
        if (votes.cardinality() > peers() / 2) {
            becomeLeader();
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        context.note("leader term " + currentTerm);
        if (electionTimer != null) {
            electionTimer.cancel();
        }
        nextIndex = new int[peers()];
        matchIndex = new int[peers()];
        sentThrough = new int[peers()];
        Arrays.fill(nextIndex, lastIndex() + 1);
        matchIndex[me] = lastIndex();
        // Leaders (5.2): upon election send initial empty AppendEntries to each server, repeat during idle periods
        broadcastAppend();
        heartbeatTimer = context.startTimer(timing.heartbeatMillis(), HEARTBEAT);
    }

    /** All servers (5.1): a higher term seen in any RPC makes this server a follower of that term. True if it did. */
    private boolean observeTerm(int term) {
        if (term <= currentTerm) {
            return false;
        }
        currentTerm = term;
        votedFor = -1;
        persist();
        becomeFollower();
        return true;
    }

    private void becomeFollower() {
        if (role != Role.FOLLOWER) {
            role = Role.FOLLOWER;
            if (heartbeatTimer != null) {
                heartbeatTimer.cancel();
            }
            resetElectionTimer();
        }
        context.note("follower term " + currentTerm);
    }

    private void resetElectionTimer() {
        if (electionTimer != null) {
            electionTimer.cancel();
        }
        long timeout = timing.electionMinMillis() + context.random().nextLong(timing.electionMaxMillis() - timing.electionMinMillis() + 1);
        electionTimer = context.startTimer(timeout, ELECTION_TIMEOUT);
    }

    // ---- log replication (5.3, 5.4.2) -------------------------------------------------------------------------

    private void broadcastAppend() {
        for (int peer = 0; peer < peers(); peer++) {
            if (peer != me) {
                sendAppend(peer);
            }
        }
    }

    private void sendAppend(int peer) {
        int next = nextIndex[peer];
        sentThrough[peer] = Math.max(sentThrough[peer], lastIndex());
        if (next <= snapshotIndex) {
            // Section 7: the leader has discarded the entries this follower needs, so it sends its snapshot
            context.send(peer, new InstallSnapshot(currentTerm, me, snapshotIndex, termAt(snapshotIndex),
                    context.persister().readSnapshot()));
            return;
        }
        int prev = next - 1;
        List<Entry> entries = log.subList(next - snapshotIndex, log.size());
        context.send(peer, new AppendEntries(currentTerm, me, prev, termAt(prev), entries, commitIndex));
    }

    private void onAppendEntries(int from, AppendEntries request) {
        // Receiver rule 1: reply false if term < currentTerm
        if (request.term() < currentTerm) {
            context.send(from, new AppendEntriesReply(currentTerm, false, 0, -1, 0));
            return;
        }
        if (!observeTerm(request.term()) && role != Role.FOLLOWER) {
            // Candidates (5.2): an AppendEntries from the new leader of this term makes them followers
            becomeFollower();
        }
        resetElectionTimer();

        int prev = request.prevLogIndex();
        int prevTerm = request.prevLogTerm();
        List<Entry> entries = request.entries();
        if (prev < snapshotIndex) {
            // Entries through the snapshot are committed, so they match the leader's: skip them
            int covered = snapshotIndex - prev;
            if (covered >= entries.size()) {
                context.send(from, new AppendEntriesReply(currentTerm, true, prev + entries.size(), -1, 0));
                return;
            }
            entries = entries.subList(covered, entries.size());
            prev = snapshotIndex;
            prevTerm = termAt(snapshotIndex);
        }
        // Receiver rule 2: reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm,
        // with the conflict term and its first index so the leader skips a whole term per round trip (5.3)
        if (prev > lastIndex()) {
            context.send(from, new AppendEntriesReply(currentTerm, false, 0, -1, lastIndex() + 1));
            return;
        }
        if (termAt(prev) != prevTerm) {
            int conflictTerm = termAt(prev);
            int first = prev;
            while (first - 1 > snapshotIndex && termAt(first - 1) == conflictTerm) {
                first--;
            }
            context.send(from, new AppendEntriesReply(currentTerm, false, 0, conflictTerm, first));
            return;
        }
        // Receiver rules 3 and 4: delete a conflicting entry and all that follow it; append new entries not
        // already in the log. An entry that matches is kept, so a late, shorter AppendEntries truncates nothing.
        boolean changed = false;
        for (int k = 0; k < entries.size(); k++) {
            int index = prev + 1 + k;
            Entry entry = entries.get(k);
            if (index <= lastIndex()) {
                if (termAt(index) == entry.term()) {
                    continue;
                }
                if (flaws.contains(Flaw.KEEP_CONFLICTING_SUFFIX)) {
                    encoded.truncate(index - snapshotIndex - 1);
                    log.set(index - snapshotIndex, entry);
                    changed = true;
                    continue;
                }
                log.subList(index - snapshotIndex, log.size()).clear();
                encoded.truncate(index - snapshotIndex - 1);
            }
            log.add(entry);
            changed = true;
        }
        if (changed) {
            persist();
        }
        int lastNew = prev + entries.size();
        if (flaws.contains(Flaw.APPLY_BEFORE_COMMIT)) {
            applyThrough(lastNew);
        }
        // Receiver rule 5: if leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry)
        if (request.leaderCommit() > commitIndex) {
            setCommitIndex(Math.min(request.leaderCommit(), lastNew));
        }
        context.send(from, new AppendEntriesReply(currentTerm, true, lastNew, -1, 0));
    }

    private void onAppendEntriesReply(int from, AppendEntriesReply reply) {
        if (observeTerm(reply.term()) || role != Role.LEADER || reply.term() != currentTerm) {
            return;
        }
        if (reply.success()) {
            // Leaders (5.3): on success update nextIndex and matchIndex for the follower (never backwards:
            // replies may arrive late or twice)
            if (reply.matchIndex() > matchIndex[from]) {
                matchIndex[from] = reply.matchIndex();
                nextIndex[from] = Math.max(nextIndex[from], reply.matchIndex() + 1);
                advanceCommitIndex();
            }
            if (sentThrough[from] < lastIndex()) {
                sendAppend(from);
            }
            return;
        }
        if (reply.conflictIndex() < 1) {
            return;
        }
        // Fast backtracking (5.3): jump past the follower's whole conflicting term, or to the end of its log
        int next = reply.conflictIndex();
        if (reply.conflictTerm() >= 0) {
            for (int index = lastIndex(); index > snapshotIndex; index--) {
                if (termAt(index) == reply.conflictTerm()) {
                    next = index + 1;
                    break;
                }
                if (termAt(index) < reply.conflictTerm()) {
                    break;
                }
            }
        }
        nextIndex[from] = Math.max(matchIndex[from] + 1, Math.min(next, lastIndex() + 1));
        sendAppend(from);
    }

    /**
     * Leaders (5.3, 5.4.2): commitIndex = N when a majority has matchIndex >= N and log[N].term == currentTerm.
     * Entries of earlier terms are committed only indirectly, by committing one of the current term.
     */
    private void advanceCommitIndex() {
        for (int n = lastIndex(); n > commitIndex; n--) {
            if (termAt(n) != currentTerm && !flaws.contains(Flaw.COMMIT_PREVIOUS_TERM_BY_COUNTING)) {
                break;
            }
            int replicas = 0;
            for (int peer = 0; peer < peers(); peer++) {
                if (matchIndex[peer] >= n) {
                    replicas++;
                }
            }
            if (replicas > peers() / 2) {
                setCommitIndex(n);
                return;
            }
        }
    }

    private void setCommitIndex(int index) {
        if (index <= commitIndex) {
            return;
        }
        commitIndex = index;
        applyThrough(commitIndex);
    }

    /** All servers: if commitIndex > lastApplied, apply log[lastApplied + 1] (Figure 2), in order. */
    private void applyThrough(int index) {
        while (lastApplied < index) {
            lastApplied++;
            applyChannel.apply(new ApplyMsg.Command(lastApplied, commandAt(lastApplied)));
        }
    }

    // ---- snapshots (section 7) ----------------------------------------------------------------------------------

    private void onInstallSnapshot(int from, InstallSnapshot request) {
        // Receiver rule 1: reply immediately if term < currentTerm
        if (request.term() < currentTerm) {
            context.send(from, new InstallSnapshotReply(currentTerm, request.lastIncludedIndex()));
            return;
        }
        if (!observeTerm(request.term()) && role != Role.FOLLOWER) {
            becomeFollower();
        }
        resetElectionTimer();
        int index = request.lastIncludedIndex();
        if (index > commitIndex) {
            // Rule 6: if an existing entry has the snapshot's last index and term, keep the entries after it;
            // rule 7: otherwise discard the entire log
            List<Entry> kept = index <= lastIndex() && termAt(index) == request.lastIncludedTerm()
                    ? new ArrayList<>(log.subList(index - snapshotIndex + 1, log.size()))
                    : List.of();
            log.clear();
            log.add(new Entry(request.lastIncludedTerm(), null));
            log.addAll(kept);
            encoded.truncate(0);
            snapshotIndex = index;
            commitIndex = index;
            lastApplied = index;
            context.persister().save(encodeState(), request.data());
            // Rule 8: reset the state machine using the snapshot contents
            applyChannel.apply(new ApplyMsg.Snapshot(index, request.lastIncludedTerm(), request.data()));
        }
        context.send(from, new InstallSnapshotReply(currentTerm, index));
    }

    private void onInstallSnapshotReply(int from, InstallSnapshotReply reply) {
        if (observeTerm(reply.term()) || role != Role.LEADER || reply.term() != currentTerm) {
            return;
        }
        if (reply.lastIncludedIndex() > matchIndex[from]) {
            matchIndex[from] = reply.lastIncludedIndex();
            advanceCommitIndex();
        }
        nextIndex[from] = Math.max(nextIndex[from], matchIndex[from] + 1);
        if (nextIndex[from] <= lastIndex()) {
            sendAppend(from);
        }
    }

    // ---- persistence (Figure 2: updated on stable storage before responding to RPCs) --------------------------

    private void persist() {
        context.persister().saveState(encodeState());
    }

    private byte[] encodeState() {
        boolean forget = flaws.contains(Flaw.FORGET_TERM_AND_VOTE);
        encoded.extend(log);
        return encoded.withHeader(forget ? 0 : currentTerm, forget ? -1 : votedFor, snapshotIndex, log.get(0).term());
    }

    private void readPersisted(byte[] state) {
        if (state.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            currentTerm = in.readInt();
            votedFor = in.readInt();
            snapshotIndex = in.readInt();
            log.clear();
            log.add(new Entry(in.readInt(), null));
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                int term = in.readInt();
                byte[] command = in.readNBytes(in.readInt());
                log.add(new Entry(term, new String(command, java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("persisted Raft state is corrupt", e);
        }
    }

    // ---- RaftView -----------------------------------------------------------------------------------------------

    @Override
    public Role role() {
        return role;
    }

    @Override
    public int term() {
        return currentTerm;
    }

    @Override
    public int votedFor() {
        return votedFor;
    }

    @Override
    public int commitIndex() {
        return commitIndex;
    }

    @Override
    public int snapshotIndex() {
        return snapshotIndex;
    }

    @Override
    public int snapshotTerm() {
        return log.get(0).term();
    }

    @Override
    public int lastIndex() {
        return snapshotIndex + log.size() - 1;
    }

    @Override
    public int termAt(int index) {
        return log.get(index - snapshotIndex).term();
    }

    @Override
    public String commandAt(int index) {
        if (index <= snapshotIndex) {
            throw new IllegalArgumentException("index " + index + " is in the snapshot (through " + snapshotIndex + ")");
        }
        return log.get(index - snapshotIndex).command();
    }

    private int lastTerm() {
        return termAt(lastIndex());
    }

    private int peers() {
        return context.clusterSize();
    }
}
