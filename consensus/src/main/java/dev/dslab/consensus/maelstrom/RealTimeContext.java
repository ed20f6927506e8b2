package dev.dslab.consensus.maelstrom;

import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Persister;
import dev.dslab.consensus.sim.Timer;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * What the simulator gives a node, in real time: timers on a single-threaded scheduler (every handler of the
 * node runs on that one thread, as in the simulator), the wall clock, messages handed to a sender, and an
 * in-memory persister (a Maelstrom lin-kv run partitions nodes but never restarts them).
 */
final class RealTimeContext implements NodeContext {
    private final int id;
    private final int clusterSize;
    private final ScheduledExecutorService thread;
    private final BiConsumer<Integer, Object> sender;
    private final Consumer<String> log;
    private final Persister persister = new Persister();
    private final RandomGenerator random;
    private final long started = System.nanoTime();
    private Node node;

    RealTimeContext(int id, int clusterSize, ScheduledExecutorService thread, BiConsumer<Integer, Object> sender,
                    Consumer<String> log) {
        this.id = id;
        this.clusterSize = clusterSize;
        this.thread = thread;
        this.sender = sender;
        this.log = log;
        this.random = new SplittableRandom(System.nanoTime() ^ ((long) id << 32));
    }

    /** The node whose timers fire here. */
    void attach(Node node) {
        this.node = node;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int clusterSize() {
        return clusterSize;
    }

    @Override
    public long now() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void send(int to, Object message) {
        sender.accept(to, message);
    }

    @Override
    public Timer startTimer(long delayMillis, Object tag) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("a timer's delay is >= 0 ms, got " + delayMillis);
        }
        RealTimer timer = new RealTimer();
        timer.future = thread.schedule(() -> {
            if (!timer.cancelled) {
                timer.cancelled = true;
                node.onTimer(tag);
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
        return timer;
    }

    @Override
    public Persister persister() {
        return persister;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void note(String stateChange) {
        log.accept(stateChange);
    }

    /** Cancelled from the node's thread only, like the simulator's timers. */
    private static final class RealTimer implements Timer {
        volatile boolean cancelled;
        ScheduledFuture<?> future;

        @Override
        public void cancel() {
            cancelled = true;
            if (future != null) {
                future.cancel(false);
            }
        }
    }
}
