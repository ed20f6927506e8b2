package dev.dslab.consensus.kv;

import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Timer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A simulated client of the key-value service (MIT 6.5840 Lab 4's Clerk): one request at a time, numbered
 * 1, 2, 3... and resent with the same number until a server answers it, first to the server that answered
 * last (the leader hint), then to the next server on a wrong-leader answer or after {@link #RETRY_MILLIS}
 * without one. Every operation goes into the shared {@link KvHistory} with its invocation and completion in
 * virtual time.
 */
public final class ClerkNode implements Node {
    /** How long a clerk waits for an answer before it tries the next server. */
    public static final long RETRY_MILLIS = 100;
    /** A pause after every server said it does not lead (an election is under way). */
    static final long ROUND_PAUSE_MILLIS = 50;

    /** What a clerk does next: an operation for this client and request number, or null to stop. */
    @FunctionalInterface
    public interface Workload {
        KvOp next(String client, long seq, RandomGenerator random);
    }

    private record Retry(long seq) {
    }

    private record NextOp() {
    }

    private final String name;
    private final int servers;
    private final KvHistory history;
    private final Deque<Workload> scripted = new ArrayDeque<>();
    private Workload workload;
    private NodeContext context;
    private long seq;
    private KvHistory.Entry current;
    private int leader;
    private int wrongLeaderAnswers;
    private Timer retryTimer;

    public ClerkNode(String name, int servers, KvHistory history) {
        this.name = name;
        this.servers = servers;
        this.history = history;
    }

    public String name() {
        return name;
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        this.leader = context.random().nextInt(servers);
    }

    /** Starts issuing operations from {@code workload} until {@link #stop()}. */
    public void run(Workload workload) {
        this.workload = workload;
        if (current == null) {
            context.startTimer(context.random().nextInt(5), new NextOp());
        }
    }

    /** Issues no new operation after the one in flight. */
    public void stop() {
        workload = null;
    }

    /** Runs these operations, one each, after what is in flight (the final reads of a scenario). */
    public void script(Workload operation) {
        scripted.add(operation);
        if (current == null) {
            context.startTimer(0, new NextOp());
        }
    }

    public boolean idle() {
        return current == null && scripted.isEmpty() && workload == null;
    }

    @Override
    public void onMessage(int from, Object message) {
        if (!(message instanceof KvMessages.Reply reply) || current == null || reply.seq() != seq) {
            return;   // an answer to an earlier attempt or a duplicate: that request is done
        }
        if (!reply.result().decided()) {
            retryTimer.cancel();
            leader = (from + 1) % servers;
            if (++wrongLeaderAnswers % servers == 0) {
                retryTimer = context.startTimer(ROUND_PAUSE_MILLIS, new Retry(seq));
            } else {
                send();
            }
            return;
        }
        retryTimer.cancel();
        leader = from;
        history.complete(current, context.now(), reply.result());
        current = null;
        context.startTimer(0, new NextOp());
    }

    @Override
    public void onTimer(Object tag) {
        if (tag instanceof Retry retry && current != null && retry.seq() == seq) {
            leader = (leader + 1) % servers;
            send();
        } else if (tag instanceof NextOp && current == null) {
            next();
        }
    }

    private void next() {
        Workload source = !scripted.isEmpty() ? scripted.poll() : workload;
        if (source == null) {
            return;
        }
        KvOp op = source.next(name, seq + 1, context.random());
        if (op == null) {
            if (source == workload) {
                workload = null;   // the workload is done
            }
            return;
        }
        seq = op.seq();
        wrongLeaderAnswers = 0;
        current = history.invoke(op, context.now());
        send();
    }

    private void send() {
        context.send(leader, new KvMessages.Request(current.op()));
        retryTimer = context.startTimer(RETRY_MILLIS, new Retry(seq));
    }
}
