package dev.dslab.consensus.paxos.multi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultiPaxosTest {

    @ParameterizedTest(name = "{0} nodes, {1} seeds")
    @CsvSource({"3, 15", "5, 8"})
    void theReferenceChoosesOneValuePerSlotUnderTheHostileNetworkAndEveryNodeLearnsTheLog(int nodes, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            MultiPaxosCheck.Result result = MultiPaxosCheck.run(seed, nodes);
            assertThat(result.passed()).as(result.report()).isTrue();
            assertThat(result.slots()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NEW_LEADER_SKIPS_RECOVERY, 5", "ACCEPT_BELOW_PROMISE, 5"})
    void eachFlawGetsTwoValuesChosenInASlot(MultiPaxosFlaw flaw, int seeds) {
        Optional<MultiPaxosCheck.Result> failure = LongStream.rangeClosed(1, seeds)
                .mapToObj(seed -> MultiPaxosCheck.run(seed, 5, EnumSet.of(flaw))).filter(r -> !r.passed()).findFirst();
        assertThat(failure).as(flaw + " should fail on one of seeds 1-" + seeds).isPresent();
        assertThat(failure.get().property()).isEqualTo("one value chosen per slot");
        assertThat(failure.get().report()).contains("seed " + failure.get().seed(), "last events:");
    }

    @Test
    void aLeaderRunsPhaseOneOnceThenOnlyPhaseTwoPerSlot() {
        Simulation<MultiPaxos> sim = cluster(1);
        int leader = electLeader(sim);
        long before = sim.trace().size();
        for (int i = 0; i < 20; i++) {
            int command = i;
            assertThat(sim.<Boolean>call(leader, "submit", p -> p.submit("c" + command))).isTrue();
            sim.runFor(7);
        }
        sim.runFor(200);
        var window = sim.trace().events().subList((int) before, (int) sim.trace().size());
        assertThat(window).filteredOn(e -> e.kind() == TraceEvent.Kind.SEND && e.detail() instanceof MultiPaxosMessages.Prepare).isEmpty();
        // one Accept per slot and node, and a few resent by a heartbeat before the Accepted replies came back
        var accepts = window.stream().filter(e -> e.kind() == TraceEvent.Kind.SEND && e.detail() instanceof MultiPaxosMessages.Accept)
                .map(e -> (MultiPaxosMessages.Accept) e.detail()).toList();
        assertThat(accepts.stream().map(MultiPaxosMessages.Accept::slot).distinct()).hasSize(20);
        assertThat(accepts).hasSizeBetween(20 * 3, 20 * 3 + 6);
        for (int i = 0; i < 3; i++) {
            assertThat(sim.node(i).learned().values()).containsSequence("c0", "c1", "c2").contains("c19");
        }
        assertThat(sim.<Boolean>call((leader + 1) % 3, "submit", p -> p.submit("elsewhere"))).isFalse();
    }

    @Test
    void aNewLeaderRecoversAValueChosenInAnOpenSlotAndFillsAGapWithANoOp() {
        Simulation<MultiPaxos> sim = cluster(2);
        int leader = electLeader(sim);
        int a = (leader + 1) % 3;
        int b = (leader + 2) % 3;
        // right after a heartbeat, so no resend of an accept happens before the leader crashes
        sim.runUntil(sim.pendingTimers(leader).stream().filter(t -> t.tag().equals("heartbeat")).findFirst().orElseThrow().firesAt());
        int gap = sim.node(leader).firstUnlearned();
        sim.cut(leader, a);
        sim.cut(leader, b);
        sim.call(leader, "submit x", p -> p.submit("x"));     // slot gap: accepted by the leader alone
        sim.heal();
        sim.cut(a, leader);
        sim.cut(leader, b);
        sim.call(leader, "submit y", p -> p.submit("y"));     // slot gap+1: the leader and a accept it, chosen, and nobody knows
        sim.runFor(8);
        assertThat(sim.node(a).acceptedEntries().get(gap + 1).value()).isEqualTo("y");
        assertThat(sim.node(a).acceptedEntries()).doesNotContainKey(gap);
        assertThat(sim.node(leader).learned()).doesNotContainKey(gap + 1);
        sim.crash(leader);
        sim.heal();
        sim.runFor(2000);
        for (int node : new int[] {a, b}) {
            assertThat(sim.node(node).learned()).containsEntry(gap, MultiPaxos.NO_OP).containsEntry(gap + 1, "y").doesNotContainValue("x");
        }
        sim.restart(leader);
        sim.runFor(1000);
        assertThat(sim.node(leader).learned()).containsEntry(gap, MultiPaxos.NO_OP).containsEntry(gap + 1, "y");
    }

    private static Simulation<MultiPaxos> cluster(long seed) {
        Simulation<MultiPaxos> sim = new Simulation<>(seed, 3, id -> MultiPaxos.reference(), NetworkProfile.reliable(), Trace.full());
        sim.start();
        return sim;
    }

    private static int electLeader(Simulation<MultiPaxos> sim) {
        sim.runFor(1000);
        int[] leaders = IntStream.range(0, 3).filter(i -> sim.node(i).isLeader()).toArray();
        assertThat(leaders).hasSize(1);
        sim.call(leaders[0], "submit first", p -> p.submit("first"));
        sim.runFor(100);
        return leaders[0];
    }
}
