package dev.dslab.consensus.kv;

import dev.dslab.consensus.raft.ApplyMsg;
import dev.dslab.consensus.raft.Proposal;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Persister;
import dev.dslab.consensus.sim.Timer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A key-value server on a Raft peer (MIT 6.5840 Lab 4): every request, gets included, goes through
 * {@link Raft#start} and is answered when its log entry comes back on the apply channel, so every answer
 * reflects a committed prefix of the log (linearizable reads without leases). The state machine deduplicates
 * by client and request number, and its table travels in snapshots. When the persisted Raft state reaches
 * {@code maxRaftState} bytes the server snapshots (Lab 4B), so the log stays bounded.
 *
 * <p>It is a {@link Node}: the peer runs inside it with a context that shows only the servers (ids 0 to
 * servers - 1), so clerks can be nodes of the same simulation without joining the Raft cluster. Messages
 * and timers that are not the service's go to the peer. {@link #submit} is the entry point for any front end
 * (the simulated clerks' requests, Maelstrom's JSON requests).
 */
public final class KvServer implements Node {
    private enum KvTimer { SNAPSHOT }

    private final RaftFactory raftFactory;
    private final int servers;
    private final int maxRaftState;
    private final Set<KvFlaw> flaws;
    private final KvStateMachine state;
    /** Requests this server put in its log, by index, waiting for that index to be applied. */
    private final TreeMap<Integer, Pending> pending = new TreeMap<>();
    private NodeContext context;
    private Raft raft;
    private int lastApplied;
    private Timer snapshotTimer;
    private Pending starting;
    private boolean startedAndApplied;

    private record Pending(KvOp op, int term, Consumer<KvResult> answer) {
    }

    /**
     * @param servers      how many Raft peers there are (ids 0 to servers - 1)
     * @param maxRaftState snapshot when the persisted Raft state reaches this many bytes; -1 never
     */
    public KvServer(RaftFactory raftFactory, int servers, int maxRaftState, Set<KvFlaw> flaws) {
        this.raftFactory = raftFactory;
        this.servers = servers;
        this.maxRaftState = maxRaftState;
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(KvFlaw.class) : EnumSet.copyOf(flaws);
        this.state = new KvStateMachine(!this.flaws.contains(KvFlaw.NO_DEDUP));
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        // A restarted server starts from its snapshot; Raft replays the committed entries after it
        lastApplied = restore(context.persister().readSnapshot());
        raft = raftFactory.create(context.id(), this::apply);
        raft.boot(new PeerContext());
    }

    @Override
    public void onMessage(int from, Object message) {
        if (message instanceof KvMessages.Request request) {
            KvOp op = request.op();
            submit(op, result -> context.send(from, new KvMessages.Reply(op.client(), op.seq(), result)));
        } else {
            raft.onMessage(from, message);
        }
        dropStalePending();
    }

    @Override
    public void onTimer(Object tag) {
        if (tag == KvTimer.SNAPSHOT) {
            snapshotTimer = null;
            takeSnapshotIfDue();
        } else {
            raft.onTimer(tag);
        }
        dropStalePending();
    }

    /**
     * Offers a request to this server; {@code answer} is called once, maybe at once (not the leader, or already
     * applied), maybe when its log entry is applied, maybe with {@link KvResult#LOST} when leadership is lost.
     */
    public void submit(KvOp op, Consumer<KvResult> answer) {
        if (op.kind() == KvOp.Kind.GET && flaws.contains(KvFlaw.LOCAL_READS) && raft.isLeader()) {
            String value = state.read(op.key());
            answer.accept(new KvResult(value == null ? KvResult.Status.NO_KEY : KvResult.Status.OK, value));
            return;
        }
        KvResult already = state.answered(op);
        if (already != null) {
            answer.accept(already);
            return;
        }
        // a peer alone in its cluster commits and applies inside start: the answer must find its request then
        starting = new Pending(op, -1, answer);
        Proposal proposal;
        try {
            proposal = raft.start(op.encode());
        } finally {
            starting = null;
        }
        if (startedAndApplied) {
            startedAndApplied = false;
            return;
        }
        if (!proposal.isLeader()) {
            answer.accept(KvResult.WRONG_LEADER);
            return;
        }
        Pending replaced = pending.put(proposal.index(), new Pending(op, proposal.term(), answer));
        if (replaced != null) {
            replaced.answer().accept(KvResult.LOST);
        }
    }

    public boolean isLeader() {
        return raft.isLeader();
    }

    public Raft raft() {
        return raft;
    }

    /** The replicated map as this server has applied it. */
    public Map<String, String> data() {
        return state.data();
    }

    public int lastApplied() {
        return lastApplied;
    }

    private void apply(ApplyMsg message) {
        if (message instanceof ApplyMsg.Snapshot snapshot) {
            if (snapshot.index() <= lastApplied) {
                return;
            }
            lastApplied = restore(snapshot.data());
            // what the snapshot covers is decided: answer from the client table, or say it was lost
            for (Iterator<Map.Entry<Integer, Pending>> it = pending.headMap(snapshot.index(), true).entrySet().iterator(); it.hasNext(); ) {
                Pending covered = it.next().getValue();
                it.remove();
                KvResult answered = state.answered(covered.op());
                covered.answer().accept(answered != null ? answered : KvResult.LOST);
            }
            return;
        }
        ApplyMsg.Command command = (ApplyMsg.Command) message;
        if (command.index() <= lastApplied) {
            return;
        }
        KvOp op = KvOp.decode(command.command());
        KvResult result = state.apply(op);
        lastApplied = command.index();
        Pending waiting = pending.remove(command.index());
        if (starting != null && starting.op().client().equals(op.client()) && starting.op().seq() == op.seq()) {
            startedAndApplied = true;
            starting.answer().accept(result);
        } else if (waiting != null) {
            boolean same = waiting.op().client().equals(op.client()) && waiting.op().seq() == op.seq();
            waiting.answer().accept(same ? result : KvResult.LOST);
        }
        if (maxRaftState > 0 && snapshotTimer == null && context.persister().stateSize() >= maxRaftState) {
            // after the peer's apply loop returns: a service never calls Snapshot from inside the apply channel
            snapshotTimer = context.startTimer(0, KvTimer.SNAPSHOT);
        }
    }

    private void takeSnapshotIfDue() {
        if (lastApplied > 0 && context.persister().stateSize() >= maxRaftState) {
            raft.snapshot(lastApplied, snapshot());
        }
    }

    /** The snapshot: the index it runs through, then the state machine (map and client table). */
    private byte[] snapshot() {
        byte[] machine = state.snapshot();
        return java.nio.ByteBuffer.allocate(4 + machine.length).putInt(lastApplied).put(machine).array();
    }

    /** Installs a snapshot (empty: the initial state); returns the index it runs through. */
    private int restore(byte[] snapshot) {
        if (snapshot.length == 0) {
            state.restore(snapshot);
            return 0;
        }
        if (snapshot.length < 4) {
            throw new IllegalArgumentException("a snapshot this service cannot read: " + snapshot.length + " B");
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(snapshot);
        int index = buffer.getInt();
        byte[] machine = new byte[buffer.remaining()];
        buffer.get(machine);
        state.restore(machine);
        return index;
    }

    /** A request waiting under an older term, or on a server that no longer leads, may never be applied here. */
    private void dropStalePending() {
        if (pending.isEmpty()) {
            return;
        }
        boolean leads = raft.isLeader();
        int term = raft.currentTerm();
        List<Pending> lost = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending waiting = it.next();
            if (!leads || waiting.term() != term) {
                it.remove();
                lost.add(waiting);
            }
        }
        lost.forEach(waiting -> waiting.answer().accept(KvResult.LOST));
    }

    /** The peer's view of the world: the same node, but a cluster of the servers only. */
    private final class PeerContext implements NodeContext {
        @Override
        public int id() {
            return context.id();
        }

        @Override
        public int clusterSize() {
            return servers;
        }

        @Override
        public long now() {
            return context.now();
        }

        @Override
        public void send(int to, Object message) {
            context.send(to, message);
        }

        @Override
        public Timer startTimer(long delayMillis, Object tag) {
            return context.startTimer(delayMillis, tag);
        }

        @Override
        public Persister persister() {
            return context.persister();
        }

        @Override
        public RandomGenerator random() {
            return context.random();
        }

        @Override
        public void note(String stateChange) {
            context.note(stateChange);
        }
    }
}
