package dev.dslab.consensus.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.raft.Proposal;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.RaftView;
import dev.dslab.consensus.raft.Role;
import dev.dslab.consensus.raft.reference.Flaw;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import dev.dslab.consensus.sim.NodeContext;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The harness is itself tested: each deliberately broken variant of the reference fails a scenario that
 * targets its bug, within a fixed set of seeds (runs are deterministic, so this cannot flake), and the
 * failure names the seed, the property and the events that led to it.
 */
class HarnessCatchesFlawsTest {

    @ParameterizedTest(name = "{0} caught by {1}")
    @CsvSource({
            "VOTE_TWICE, many-elections, election safety, 5",
            "KEEP_CONFLICTING_SUFFIX, rejoin, log matching, 3",
            "FORGET_TERM_AND_VOTE, persist1, election safety, 5",
            "COMMIT_PREVIOUS_TERM_BY_COUNTING, figure8, leader completeness, 10",
            "APPLY_BEFORE_COMMIT, backup, state machine safety, 1"})
    void flawFailsItsScenario(Flaw flaw, String scenarioName, String property, int seeds) {
        Scenario scenario = Scenarios.named(scenarioName).orElseThrow();
        Optional<Outcome> failure = LongStream.rangeClosed(1, seeds)
                .mapToObj(seed -> Harness.run(ReferenceRaft.withFlaws(flaw), scenario, seed))
                .filter(outcome -> !outcome.passed())
                .findFirst();
        assertThat(failure).as(flaw + " should fail " + scenarioName + " on one of seeds 1-" + seeds).isPresent();
        Outcome outcome = failure.get();
        assertThat(outcome.property()).isEqualTo(property);
        assertThat(outcome.report()).contains("FAIL", "seed " + outcome.seed(), property, "last events:");
        assertThat(outcome.excerpt()).hasSize(Harness.EXCERPT_LINES);
    }

    @Test
    void aFailureReplaysExactlyFromItsSeed() {
        Scenario scenario = Scenarios.named("figure8").orElseThrow();
        Outcome first = Harness.run(ReferenceRaft.withFlaws(Flaw.COMMIT_PREVIOUS_TERM_BY_COUNTING), scenario, 4);
        Outcome again = Harness.run(ReferenceRaft.withFlaws(Flaw.COMMIT_PREVIOUS_TERM_BY_COUNTING), scenario, 4);
        assertThat(first.passed()).isFalse();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(again.excerpt()).isEqualTo(first.excerpt());
        assertThat(again.events()).isEqualTo(first.events());
    }

    @Test
    void aPassingRunIsAlsoAPureFunctionOfTheSeed() {
        Scenario scenario = Scenarios.named("unreliable-churn").orElseThrow();
        Outcome first = Harness.run(ReferenceRaft.factory(), scenario, 7);
        Outcome again = Harness.run(ReferenceRaft.factory(), scenario, 7);
        Outcome other = Harness.run(ReferenceRaft.factory(), scenario, 8);
        assertThat(first.passed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(again.simulatedMillis()).isEqualTo(first.simulatedMillis());
        assertThat(other.events()).isNotEqualTo(first.events());
    }

    /** A peer that answers every message with two: the run stops at the step budget instead of hanging. */
    @Test
    void aMessageStormStopsAtTheStepBudget() {
        RaftFactory storm = (id, apply) -> new StormPeer();
        Outcome outcome = Harness.run(storm, Scenarios.named("initial-election").orElseThrow(), 1, 20_000);
        assertThat(outcome.property()).isEqualTo("step budget");
        assertThat(outcome.message()).contains("over 20000 simulator steps");
        assertThat(outcome.report()).contains("seed 1", "last events:");
    }

    private static final class StormPeer implements Raft, RaftView {
        private NodeContext context;

        @Override
        public void boot(NodeContext context) {
            this.context = context;
            context.send((context.id() + 1) % context.clusterSize(), "ping");
        }

        @Override
        public void onMessage(int from, Object message) {
            context.send(from, message);
            context.send((context.id() + 1) % context.clusterSize(), message);
        }

        @Override
        public void onTimer(Object tag) {
        }

        @Override
        public Proposal start(String command) {
            return new Proposal(1, 0, false);
        }

        @Override
        public int currentTerm() {
            return 0;
        }

        @Override
        public boolean isLeader() {
            return false;
        }

        @Override
        public void snapshot(int index, byte[] snapshot) {
        }

        @Override
        public RaftView view() {
            return this;
        }

        @Override
        public Role role() {
            return Role.FOLLOWER;
        }

        @Override
        public int term() {
            return 0;
        }

        @Override
        public int votedFor() {
            return -1;
        }

        @Override
        public int commitIndex() {
            return 0;
        }

        @Override
        public int snapshotIndex() {
            return 0;
        }

        @Override
        public int snapshotTerm() {
            return 0;
        }

        @Override
        public int lastIndex() {
            return 0;
        }

        @Override
        public int termAt(int index) {
            return 0;
        }

        @Override
        public String commandAt(int index) {
            throw new IllegalArgumentException("empty log");
        }
    }
}
