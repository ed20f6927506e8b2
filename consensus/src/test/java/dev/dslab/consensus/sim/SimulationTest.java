package dev.dslab.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    record Ping(int round) {
    }

    record Pong(int round) {
    }

    /** Pings every peer every 50 ms; counts pongs in memory and, persisted, in its Persister. */
    static final class Pinger implements Node {
        NodeContext context;
        int round;
        int pongsInMemory;
        final List<Integer> pingRoundsSeen = new ArrayList<>();

        @Override
        public void boot(NodeContext context) {
            this.context = context;
            context.startTimer(context.random().nextInt(50), "tick");
        }

        @Override
        public void onMessage(int from, Object message) {
            if (message instanceof Ping ping) {
                pingRoundsSeen.add(ping.round());
                context.send(from, new Pong(ping.round()));
            } else if (message instanceof Pong) {
                pongsInMemory++;
                context.persister().saveState(ByteBuffer.allocate(4).putInt(persistedPongs() + 1).array());
                context.note("pongs " + pongsInMemory);
            }
        }

        @Override
        public void onTimer(Object tag) {
            round++;
            for (int peer = 0; peer < context.clusterSize(); peer++) {
                if (peer != context.id()) {
                    context.send(peer, new Ping(round));
                }
            }
            context.startTimer(50, "tick");
        }

        int persistedPongs() {
            byte[] state = context.persister().readState();
            return state.length == 0 ? 0 : ByteBuffer.wrap(state).getInt();
        }
    }

    private static Simulation<Pinger> hostileRun(long seed) {
        Simulation<Pinger> sim = new Simulation<>(seed, 5, id -> new Pinger(),
                NetworkProfile.unreliable().withLongReordering(), Trace.full());
        sim.start();
        sim.runFor(500);
        sim.partition(new int[] {0, 1}, new int[] {2, 3, 4});
        sim.runFor(500);
        sim.crash(2);
        sim.heal();
        sim.runFor(300);
        sim.restart(2);
        sim.cut(0, 4);
        sim.runFor(1000);
        return sim;
    }

    @Test
    void sameSeedReplaysTheSameTraceEventForEvent() {
        List<String> first = hostileRun(42).trace().lines();
        List<String> second = hostileRun(42).trace().lines();
        assertThat(first).hasSizeGreaterThan(1000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        assertThat(hostileRun(1).trace().lines()).isNotEqualTo(hostileRun(2).trace().lines());
    }

    @Test
    void unreliableNetworkLosesDuplicatesAndReordersMessages() {
        Simulation<Pinger> sim = new Simulation<>(7, 3, id -> new Pinger(),
                NetworkProfile.unreliable().withLongReordering(), Trace.full());
        sim.start();
        sim.runFor(5_000);
        Trace trace = sim.trace();
        double lossRate = (double) trace.count(TraceEvent.Kind.DROP) / trace.count(TraceEvent.Kind.SEND);
        assertThat(lossRate).isBetween(0.07, 0.13);
        assertThat(trace.count(TraceEvent.Kind.DUPLICATE)).isPositive();
        // long reordering: some node sees a ping round after a later one
        boolean reordered = false;
        for (int i = 0; i < 3; i++) {
            List<Integer> rounds = sim.node(i).pingRoundsSeen;
            for (int k = 1; k < rounds.size(); k++) {
                reordered |= rounds.get(k) < rounds.get(k - 1);
            }
        }
        assertThat(reordered).isTrue();
    }

    @Test
    void reliableNetworkDeliversEverythingOnce() {
        Simulation<Pinger> sim = new Simulation<>(7, 3, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.runFor(1_000);
        Trace trace = sim.trace();
        assertThat(trace.count(TraceEvent.Kind.DROP)).isZero();
        assertThat(trace.count(TraceEvent.Kind.DUPLICATE)).isZero();
        // messages sent in the last 5 ms may still be in flight
        assertThat(trace.count(TraceEvent.Kind.DELIVER)).isBetween(trace.count(TraceEvent.Kind.SEND) - 12,
                trace.count(TraceEvent.Kind.SEND));
    }

    @Test
    void partitionedNodesHearNothingFromTheOtherSide() {
        Simulation<Pinger> sim = new Simulation<>(3, 4, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.partition(new int[] {0, 1}, new int[] {2});
        sim.runFor(1_000);
        for (TraceEvent event : sim.trace().events()) {
            if (event.kind() == TraceEvent.Kind.DELIVER) {
                int to = event.node();
                int from = event.peer();
                boolean sameSide = (to < 2) == (from < 2) && to != 3 && from != 3;
                assertThat(sameSide).as(event.line()).isTrue();
            }
        }
        assertThat(sim.node(3).pongsInMemory).isZero();
    }

    @Test
    void aCutLinkDropsOneDirectionOnly() {
        Simulation<Pinger> sim = new Simulation<>(4, 2, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.cut(0, 1);
        sim.runFor(1_000);
        assertThat(sim.node(1).pingRoundsSeen).isEmpty();
        assertThat(sim.node(0).pingRoundsSeen).isNotEmpty();
        assertThat(sim.node(1).pongsInMemory).as("1's pings reach 0, 0's pongs never come back").isZero();
        sim.heal();
        sim.runFor(1_000);
        assertThat(sim.node(1).pongsInMemory).isPositive();
    }

    @Test
    void aHeldLinkKeepsMessagesBackUntilReleasedThenDeliversThemAll() {
        Simulation<Pinger> sim = new Simulation<>(4, 2, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.hold(0, 1);
        sim.runFor(300);
        int held = (int) sim.held(0, 1).stream().filter(m -> m.message() instanceof Ping).count();
        assertThat(sim.node(1).pingRoundsSeen).isEmpty();
        assertThat(sim.node(1).pongsInMemory).as("0's pongs are held too").isZero();
        assertThat(held).as("0 pings every 50 ms").isGreaterThanOrEqualTo(5);
        assertThat(sim.node(0).pingRoundsSeen).as("the other direction flows").isNotEmpty();

        sim.release(0, 1, true);
        sim.runFor(10);
        assertThat(sim.node(1).pingRoundsSeen).as("every held ping, none lost")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, held).boxed().toList());
        assertThat(sim.node(1).pongsInMemory).isPositive();
        sim.runFor(200);
        assertThat(sim.node(1).pingRoundsSeen).as("a link still holding keeps later pings back").hasSize(held);
        assertThat(sim.held(0, 1)).isNotEmpty();

        sim.release(0, 1, false);
        sim.runFor(100);
        assertThat(sim.held(0, 1)).isEmpty();
        assertThat(sim.node(1).pingRoundsSeen).hasSizeGreaterThan(held + 3);
        assertThat(sim.trace().lines()).anyMatch(line -> line.contains("hold 0->1"))
                .anyMatch(line -> line.contains("), still holding"));
    }

    @Test
    void aCrashKeepsOnlyWhatWasPersistedAndSilencesTheNode() {
        Simulation<Pinger> sim = new Simulation<>(11, 3, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.runFor(1_000);
        int persisted = sim.node(0).persistedPongs();
        assertThat(persisted).isEqualTo(sim.node(0).pongsInMemory).isPositive();

        sim.crash(0);
        long sendsBefore = sendsFrom(sim, 0);
        sim.runFor(1_000);
        assertThat(sendsFrom(sim, 0)).as("a crashed node's timers never fire").isEqualTo(sendsBefore);
        assertThat(sim.node(0)).isNull();

        sim.restart(0);
        assertThat(sim.node(0).pongsInMemory).isZero();
        assertThat(sim.node(0).persistedPongs()).isEqualTo(persisted);
        sim.runFor(1_000);
        assertThat(sendsFrom(sim, 0)).isGreaterThan(sendsBefore);
    }

    @Test
    void aThrowingNodeStopsTheRunNamingNodeTimeAndSeed() {
        Simulation<Node> sim = new Simulation<>(99, 2, id -> new Node() {
            @Override
            public void boot(NodeContext context) {
                context.startTimer(10, "boom");
            }

            @Override
            public void onMessage(int from, Object message) {
            }

            @Override
            public void onTimer(Object tag) {
                throw new IllegalStateException("bug");
            }
        }, NetworkProfile.reliable(), Trace.full());
        sim.start();
        assertThatThrownBy(() -> sim.runFor(100)).isInstanceOf(NodeFailure.class)
                .hasMessageContaining("node 0").hasMessageContaining("10 ms").hasMessageContaining("seed 99");
    }

    @Test
    void aTailTraceKeepsTheLastEventsAndCountsAll() {
        Simulation<Pinger> sim = new Simulation<>(5, 3, id -> new Pinger(), NetworkProfile.reliable(), Trace.keepingLast(50));
        sim.start();
        sim.runFor(1_000);
        assertThat(sim.trace().events()).hasSize(50);
        assertThat(sim.trace().size()).isGreaterThan(50);
        assertThat(sim.trace().lastLines(3)).hasSize(3);
    }

    @Test
    void aTraceWritesOneEscapedJsonObjectPerEvent() throws Exception {
        Simulation<Pinger> sim = new Simulation<>(8, 2, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.runFor(100);
        sim.node(0).context.note("say \"hi\"\nthen\\leave");
        java.io.StringWriter out = new java.io.StringWriter();
        sim.trace().writeJsonLines(out);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize((int) sim.trace().size());
        assertThat(lines).allMatch(line -> line.startsWith("{\"step\":") && line.endsWith("\"}"));
        assertThat(lines.get(0)).isEqualTo("{\"step\":0,\"time\":0,\"kind\":\"RESTART\",\"node\":0,\"peer\":-1,\"message\":-1,\"detail\":\"booted\"}");
        assertThat(lines.get(lines.size() - 1)).endsWith("\"detail\":\"say \\\"hi\\\"\\nthen\\\\leave\"}");
    }

    @Test
    void bytesAreCountedOnlyOnceAskedAsTheTraceRendersMessages() {
        Simulation<Pinger> sim = new Simulation<>(2, 2, id -> new Pinger(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        sim.runFor(100);
        assertThat(sim.bytesSent()).isZero();
        sim.countBytes();
        long sendsBefore = sim.trace().count(TraceEvent.Kind.SEND);
        sim.runFor(300);
        long bytes = sim.trace().events().stream()
                .filter(e -> e.kind() == TraceEvent.Kind.SEND).skip(sendsBefore)
                .mapToLong(e -> e.detail().toString().length()).sum();
        assertThat(bytes).isPositive();
        assertThat(sim.bytesSent()).isEqualTo(bytes);
    }

    private static long sendsFrom(Simulation<?> sim, int node) {
        return sim.trace().events().stream().filter(e -> e.kind() == TraceEvent.Kind.SEND && e.node() == node).count();
    }
}
