package dev.dslab.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A deterministic discrete-event simulation of a cluster of {@link Node}s on a hostile network.
 *
 * <p>One thread, virtual time in milliseconds, one seeded random source for the network and the nodes, and
 * an event queue ordered by (time, order of scheduling): the same seed and the same calls give the same run,
 * event for event, which {@link Trace} records. Nothing here reads the wall clock.
 *
 * @param <N> the node type, so a harness can call a node's own API (for Raft: start a command, read its state)
 */
public final class Simulation<N extends Node> {

    /** Called after every event with the node it ran on (-1 when it ran on none): where invariants are checked. */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(int node);
    }

    private final long seed;
    private final SplittableRandom random;
    private final int size;
    private final IntFunction<? extends N> factory;
    private final Network network;
    private final Trace trace;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    /** Messages a held link keeps back, in the order they reached the hold. */
    private final List<Delivery> held = new ArrayList<>();
    private final List<N> nodes;
    private final int[] incarnation;
    private final boolean[] up;
    private final Persister[] persisters;
    private final List<StepListener> listeners = new ArrayList<>();
    private long now;
    private long scheduled;
    private long messageIds;
    private boolean countingBytes;
    private long bytesSent;

    /**
     * @param factory makes a fresh node for an id at every boot; the simulation boots none until {@link #start()}
     */
    public Simulation(long seed, int size, IntFunction<? extends N> factory, NetworkProfile profile, Trace trace) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, got " + size);
        }
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.size = size;
        this.factory = factory;
        this.network = new Network(size, profile);
        this.trace = trace;
        this.nodes = new ArrayList<>(java.util.Collections.nCopies(size, null));
        this.incarnation = new int[size];
        this.up = new boolean[size];
        this.persisters = new Persister[size];
        Arrays.setAll(persisters, i -> new Persister());
    }

    /** Boots every node, in id order. */
    public void start() {
        for (int i = 0; i < size; i++) {
            restart(i);
        }
    }

    public void addListener(StepListener listener) {
        listeners.add(listener);
    }

    public long seed() {
        return seed;
    }

    public int size() {
        return size;
    }

    public long now() {
        return now;
    }

    public Trace trace() {
        return trace;
    }

    public Network network() {
        return network;
    }

    /** The run's random source, for harness decisions (which node to crash, ...) that must replay too. */
    public RandomGenerator random() {
        return random;
    }

    /**
     * Starts counting the bytes of every message sent from now on, a message's size being the length of its
     * rendering in the trace ({@code toString}, UTF-16 chars): a proxy for a wire encoding, fair to records,
     * that shows whether an implementation resends what it need not. Off by default: rendering costs time.
     */
    public void countBytes() {
        countingBytes = true;
    }

    /** Bytes of the messages sent since {@link #countBytes()}. */
    public long bytesSent() {
        return bytesSent;
    }

    public boolean isUp(int node) {
        return up[check(node)];
    }

    /** The running instance of a node, or null while it is crashed. */
    public N node(int node) {
        return up[check(node)] ? nodes.get(node) : null;
    }

    public Persister persister(int node) {
        return persisters[check(node)];
    }

    // ---- running ---------------------------------------------------------------------------------------

    /** Runs the next event; false when nothing is left to happen. */
    public boolean step() {
        Event event;
        while ((event = queue.poll()) != null) {
            if (event instanceof TimerEvent timer && !live(timer)) {
                continue;
            }
            now = event.time;
            int node = dispatch(event);
            notifyListeners(node);
            return true;
        }
        return false;
    }

    /** Runs every event up to and including {@code time}, then sets the clock to it. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().time <= time) {
            step();
        }
        now = Math.max(now, time);
    }

    public void runFor(long millis) {
        runUntil(now + millis);
    }

    /** Runs until {@code condition} holds (checked after each event) or {@code maxMillis} passed; whether it held. */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long deadline = now + maxMillis;
        while (!condition.getAsBoolean()) {
            if (queue.isEmpty() || queue.peek().time > deadline) {
                now = Math.max(now, deadline);
                return condition.getAsBoolean();
            }
            step();
        }
        return true;
    }

    /** Runs {@code action} at {@code now + delayMillis}, in order with the nodes' events. */
    public void schedule(long delayMillis, Runnable action) {
        queue.add(new ActionEvent(now + delayMillis, scheduled++, action));
    }

    /** A message the network holds: sent, not yet delivered or dropped. */
    public record InFlight(long sentAt, long deliverAt, int from, int to, long messageId, Object message, boolean duplicate) {
    }

    /** A timer that will fire unless cancelled first. */
    public record PendingTimer(long firesAt, int node, Object tag) {
    }

    /**
     * The messages in flight, in the order they will arrive (for a view of the network, as RaftScope draws it);
     * not those a held link keeps back ({@link #held(int, int)}).
     */
    public List<InFlight> inFlight() {
        return queue.stream().filter(Delivery.class::isInstance).sorted().map(Delivery.class::cast)
                .map(d -> new InFlight(d.sentAt, d.time, d.from, d.to, d.id, d.message, d.duplicate)).toList();
    }

    /** The node's timers that will fire (none while it is down), soonest first. */
    public List<PendingTimer> pendingTimers(int node) {
        check(node);
        return queue.stream().filter(TimerEvent.class::isInstance).sorted().map(TimerEvent.class::cast)
                .filter(t -> t.node == node && live(t)).map(t -> new PendingTimer(t.time, t.node, t.tag)).toList();
    }

    /**
     * Fires the node's pending timer with this tag now, as if its time had come (an interactive "time out now"
     * for forcing an election or a split vote); false when the node has no such timer pending.
     */
    public boolean fireTimer(int node, Object tag) {
        check(node);
        for (Event event : queue.stream().sorted().toList()) {
            if (event instanceof TimerEvent timer && timer.node == node && live(timer) && timer.tag.equals(tag)) {
                queue.remove(timer);
                notifyListeners(dispatch(timer));
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the node's pending timer with this tag so that it fires at {@code time} instead (timers moved to one
     * time fire in the order they were moved): how a driver aligns several nodes' election timers to force a
     * split vote. Cancelling the timer still works through the handle the node holds. False when the node has no
     * such timer pending.
     */
    public boolean moveTimer(int node, Object tag, long time) {
        check(node);
        if (time < now) {
            throw new IllegalArgumentException("a timer cannot move into the past: now is " + now + " ms, asked for " + time + " ms");
        }
        for (Event event : queue.stream().sorted().toList()) {
            if (event instanceof TimerEvent timer && timer.node == node && live(timer) && timer.tag.equals(tag)) {
                queue.remove(timer);
                TimerEvent moved = new TimerEvent(time, scheduled++, node, timer.incarnation, tag);
                timer.movedTo = moved;
                queue.add(moved);
                return true;
            }
        }
        return false;
    }

    private boolean live(TimerEvent timer) {
        return !timer.cancelled && timer.incarnation == incarnation[timer.node] && up[timer.node];
    }

    // ---- the world ---------------------------------------------------------------------------------------

    /** The node stops at once: its instance, timers and unsent work are gone; its persister is kept. */
    public void crash(int node) {
        check(node);
        if (!up[node]) {
            return;
        }
        up[node] = false;
        incarnation[node]++;
        nodes.set(node, null);
        trace.record(now, TraceEvent.Kind.CRASH, node, -1, -1, "crashed; persisted " + persisters[node]);
        notifyListeners(node);
    }

    /** Boots a fresh instance of the node (crashing the running one first) from what it persisted. */
    public void restart(int node) {
        check(node);
        if (up[node]) {
            crash(node);
        }
        N instance = factory.apply(node);
        nodes.set(node, instance);
        up[node] = true;
        trace.record(now, TraceEvent.Kind.RESTART, node, -1, -1, incarnation[node] == 0 ? "booted" : "restarted");
        Context context = new Context(node, incarnation[node]);
        run(node, "boot", () -> instance.boot(context));
        notifyListeners(node);
    }

    public void disconnect(int node) {
        network.connect(node, false);
        trace.record(now, TraceEvent.Kind.NETWORK, node, -1, -1, "disconnected");
    }

    public void connect(int node) {
        network.connect(node, true);
        trace.record(now, TraceEvent.Kind.NETWORK, node, -1, -1, "connected");
    }

    /** Only nodes of the same group reach each other; a node in no group reaches no one. */
    public void partition(int[]... groups) {
        network.partition(groups);
        trace.record(now, TraceEvent.Kind.NETWORK, -1, -1, -1,
                "partition " + Arrays.deepToString(groups).replace("[[", "[").replace("]]", "]"));
    }

    /** Messages from {@code from} to {@code to} are lost (the other direction is untouched). */
    public void cut(int from, int to) {
        network.cut(from, to, true);
        trace.record(now, TraceEvent.Kind.NETWORK, from, to, -1, "cut " + from + "->" + to);
    }

    /** Every node connected, every link up; what held links kept back is released. */
    public void heal() {
        network.heal();
        trace.record(now, TraceEvent.Kind.NETWORK, -1, -1, -1, "healed");
        requeueHeld(d -> true);
    }

    /**
     * The network holds back messages from {@code from} to {@code to}: those sent from now on and those in flight
     * when they would arrive are kept, neither delivered nor lost, until {@link #release}. How a scenario forces an
     * interleaving (an old Accept arriving after a newer ballot's promises) without knowing the nodes' messages.
     */
    public void hold(int from, int to) {
        network.hold(from, to, true);
        trace.record(now, TraceEvent.Kind.NETWORK, from, to, -1, "hold " + from + "->" + to);
    }

    /**
     * Sends on what the link held, in the order it was held, each arriving after the delay it was sent with; with
     * {@code keepHolding} the link goes on holding later messages, else it carries them again.
     */
    public void release(int from, int to, boolean keepHolding) {
        network.hold(from, to, keepHolding);
        long count = held.stream().filter(d -> d.from == from && d.to == to).count();
        trace.record(now, TraceEvent.Kind.NETWORK, from, to, -1, "release " + from + "->" + to + " (" + count + " held)"
                + (keepHolding ? ", still holding" : ""));
        requeueHeld(d -> d.from == from && d.to == to);
    }

    /** The messages the link from {@code from} to {@code to} holds back now, in the order held. */
    public List<InFlight> held(int from, int to) {
        return held.stream().filter(d -> d.from == from && d.to == to)
                .map(d -> new InFlight(d.sentAt, d.time, d.from, d.to, d.id, d.message, d.duplicate)).toList();
    }

    private void requeueHeld(Predicate<Delivery> which) {
        List<Delivery> released = held.stream().filter(which).toList();
        held.removeAll(released);
        for (Delivery d : released) {
            Delivery again = new Delivery(d.sentAt, now + Math.max(0, d.time - d.sentAt), scheduled++, d.from, d.to, d.message, d.id, d.duplicate);
            again.released = true;
            queue.add(again);
        }
    }

    public void profile(NetworkProfile profile) {
        network.profile(profile);
        trace.record(now, TraceEvent.Kind.NETWORK, -1, -1, -1, "profile " + profile.name());
    }

    /**
     * A client's call into a running node (for Raft: start a command), recorded with its result. Null when the
     * node is crashed: a client cannot reach it.
     */
    public <T> T call(int node, String operation, Function<? super N, T> body) {
        N instance = node(node);
        if (instance == null) {
            return null;
        }
        ClientCall call = new ClientCall(operation);
        trace.record(now, TraceEvent.Kind.CLIENT, node, -1, -1, call);
        @SuppressWarnings("unchecked")
        T[] result = (T[]) new Object[1];
        run(node, operation, () -> result[0] = body.apply(instance));
        call.result = result[0];
        notifyListeners(node);
        return result[0];
    }

    // ---- internals -------------------------------------------------------------------------------------------

    private int dispatch(Event event) {
        if (event instanceof Delivery d) {
            if (!d.released && network.isHeld(d.from, d.to)) {
                held.add(d);
                return -1;
            }
            if (!up[d.to]) {
                trace.record(now, TraceEvent.Kind.DROP, d.from, d.to, d.id, "receiver down");
                return -1;
            }
            if (!network.canReach(d.from, d.to)) {
                trace.record(now, TraceEvent.Kind.DROP, d.from, d.to, d.id, "partitioned while in flight");
                return -1;
            }
            trace.record(now, d.duplicate ? TraceEvent.Kind.DUPLICATE : TraceEvent.Kind.DELIVER, d.to, d.from, d.id, d.message);
            N target = nodes.get(d.to);
            run(d.to, "onMessage(" + d.message + ")", () -> target.onMessage(d.from, d.message));
            return d.to;
        }
        if (event instanceof TimerEvent t) {
            t.cancelled = true;
            trace.record(now, TraceEvent.Kind.TIMER, t.node, -1, -1, t.tag);
            N target = nodes.get(t.node);
            run(t.node, "onTimer(" + t.tag + ")", () -> target.onTimer(t.tag));
            return t.node;
        }
        ((ActionEvent) event).action.run();
        return -1;
    }

    private void send(int from, int to, Object message) {
        check(to);
        long id = messageIds++;
        trace.record(now, TraceEvent.Kind.SEND, from, to, id, message);
        if (countingBytes) {
            bytesSent += String.valueOf(message).length();
        }
        if (!network.canReach(from, to)) {
            trace.record(now, TraceEvent.Kind.DROP, from, to, id, "partitioned");
            return;
        }
        NetworkProfile profile = network.profile();
        if (profile.dropRate() > 0 && random.nextDouble() < profile.dropRate()) {
            trace.record(now, TraceEvent.Kind.DROP, from, to, id, "lost");
            return;
        }
        enqueue(new Delivery(now, now + delay(profile), scheduled++, from, to, message, id, false));
        if (profile.duplicateRate() > 0 && random.nextDouble() < profile.duplicateRate()) {
            enqueue(new Delivery(now, now + delay(profile), scheduled++, from, to, message, id, true));
        }
    }

    private void enqueue(Delivery delivery) {
        if (network.isHeld(delivery.from, delivery.to)) {
            held.add(delivery);
        } else {
            queue.add(delivery);
        }
    }

    private long delay(NetworkProfile profile) {
        long delay = profile.minDelayMillis() + random.nextInt(profile.maxDelayMillis() - profile.minDelayMillis() + 1);
        if (profile.longDelayRate() > 0 && random.nextDouble() < profile.longDelayRate()) {
            // labrpc's long reordering: 200 + rand.Intn(1 + rand.Intn(2000)), skewed towards shorter holds
            delay += profile.longDelayMillis() + random.nextInt(1 + random.nextInt(profile.longDelaySpreadMillis()));
        }
        return delay;
    }

    private void run(int node, String during, Runnable body) {
        try {
            body.run();
        } catch (NodeFailure failure) {
            throw failure;
        } catch (RuntimeException | StackOverflowError e) {
            throw new NodeFailure(node, now, seed, during, e);
        }
    }

    private void notifyListeners(int node) {
        for (StepListener listener : listeners) {
            listener.afterStep(node);
        }
    }

    private int check(int node) {
        if (node < 0 || node >= size) {
            throw new IllegalArgumentException("node ids are 0 to " + (size - 1) + ", got " + node);
        }
        return node;
    }

    private abstract static class Event implements Comparable<Event> {
        final long time;
        final long order;

        Event(long time, long order) {
            this.time = time;
            this.order = order;
        }

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private static final class Delivery extends Event {
        final long sentAt;
        final int from;
        final int to;
        final Object message;
        final long id;
        final boolean duplicate;
        /** Let go by a release: a link that goes on holding keeps only later messages. */
        boolean released;

        Delivery(long sentAt, long time, long order, int from, int to, Object message, long id, boolean duplicate) {
            super(time, order);
            this.sentAt = sentAt;
            this.from = from;
            this.to = to;
            this.message = message;
            this.id = id;
            this.duplicate = duplicate;
        }
    }

    private static final class TimerEvent extends Event implements Timer {
        final int node;
        final int incarnation;
        final Object tag;
        boolean cancelled;
        /** The event that replaced this one in the queue when it was moved: the node's handle cancels that one. */
        TimerEvent movedTo;

        TimerEvent(long time, long order, int node, int incarnation, Object tag) {
            super(time, order);
            this.node = node;
            this.incarnation = incarnation;
            this.tag = tag;
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (movedTo != null) {
                movedTo.cancel();
            }
        }
    }

    private static final class ActionEvent extends Event {
        final Runnable action;

        ActionEvent(long time, long order, Runnable action) {
            super(time, order);
            this.action = action;
        }
    }

    private static final class ClientCall {
        final String operation;
        Object result;

        ClientCall(String operation) {
            this.operation = operation;
        }

        @Override
        public String toString() {
            return operation + " -> " + result;
        }
    }

    /** One incarnation's view of the world: once the node crashes, its context does nothing. */
    private final class Context implements NodeContext {
        private final int node;
        private final int incarnationOf;

        Context(int node, int incarnationOf) {
            this.node = node;
            this.incarnationOf = incarnationOf;
        }

        private boolean alive() {
            return up[node] && incarnation[node] == incarnationOf;
        }

        @Override
        public int id() {
            return node;
        }

        @Override
        public int clusterSize() {
            return size;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void send(int to, Object message) {
            if (alive()) {
                Simulation.this.send(node, to, message);
            }
        }

        @Override
        public Timer startTimer(long delayMillis, Object tag) {
            if (delayMillis < 0) {
                throw new IllegalArgumentException("a timer's delay is >= 0 ms, got " + delayMillis);
            }
            TimerEvent timer = new TimerEvent(now + delayMillis, scheduled++, node, incarnationOf, tag);
            if (alive()) {
                queue.add(timer);
            }
            return timer;
        }

        @Override
        public Persister persister() {
            return persisters[node];
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public void note(String stateChange) {
            if (alive()) {
                trace.record(now, TraceEvent.Kind.STATE, node, -1, -1, stateChange);
            }
        }
    }
}
