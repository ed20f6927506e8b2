package dev.dslab.consensus.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.raft.reference.Flaw;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
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
            "COMMIT_PREVIOUS_TERM_BY_COUNTING, figure8, leader completeness, 10"})
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
}
