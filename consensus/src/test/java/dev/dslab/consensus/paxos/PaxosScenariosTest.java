package dev.dslab.consensus.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paxos-single exercise's scenarios are themselves tested: the reference passes every one over many seeds
 * ({@code -Ddslab.paxos.seeds=N}, 10 by default), and each classic bug fails the scenario aimed at it within a fixed
 * set of seeds (runs are deterministic, so this cannot flake).
 */
class PaxosScenariosTest {
    private static final int SEEDS = Integer.getInteger("dslab.paxos.seeds", 10);

    @Test
    void theReferencePassesEveryScenario() {
        PaxosNodes reference = PaxosNodes.reference(EnumSet.noneOf(PaxosFlaw.class));
        for (PaxosScenarios.Scenario scenario : PaxosScenarios.all()) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                PaxosScenarios.Outcome outcome = PaxosScenarios.run(reference, scenario, seed);
                assertThat(outcome.passed()).as(scenario + " seed " + seed + ": " + outcome.property() + ": " + outcome.message()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0} caught by {1}")
    @CsvSource({
            "ACCEPT_BELOW_PROMISE, lossy-network, one value chosen, 2",
            "ACCEPTOR_FORGETS, crash-restart, one value chosen, 2",
            "PROPOSER_IGNORES_ACCEPTED, duelling-proposers, one value chosen, 1",
            "BALLOTS_NOT_UNIQUE, duelling-proposers, one value per ballot, 3"})
    void eachClassicBugFailsItsScenario(PaxosFlaw flaw, String scenarioName, String property, int seeds) {
        PaxosScenarios.Scenario scenario = PaxosScenarios.named(scenarioName).orElseThrow();
        Optional<PaxosScenarios.Outcome> failure = LongStream.rangeClosed(1, seeds)
                .mapToObj(seed -> PaxosScenarios.run(PaxosNodes.reference(EnumSet.of(flaw)), scenario, seed))
                .filter(outcome -> !outcome.passed())
                .findFirst();
        assertThat(failure).as(flaw + " should fail " + scenarioName + " on one of seeds 1-" + seeds).isPresent();
        assertThat(failure.get().property()).isEqualTo(property);
        assertThat(failure.get().excerpt()).hasSize(25);
    }

    /** The targeted scenarios script the interleaving each bug needs, so they catch it on every seed, not on a lucky one. */
    @ParameterizedTest(name = "{0} caught by {1} on every seed")
    @CsvSource({
            "ACCEPT_BELOW_PROMISE, stale-accept",
            "ADOPTS_FIRST_REPORTED_VALUE, highest-ballot-adoption",
            "PROPOSER_IGNORES_ACCEPTED, highest-ballot-adoption"})
    void eachTargetedScenarioCatchesItsBugOnEverySeed(PaxosFlaw flaw, String scenarioName) {
        PaxosScenarios.Scenario scenario = PaxosScenarios.named(scenarioName).orElseThrow();
        for (long seed = 1; seed <= SEEDS; seed++) {
            PaxosScenarios.Outcome outcome = PaxosScenarios.run(PaxosNodes.reference(EnumSet.of(flaw)), scenario, seed);
            assertThat(outcome.property()).as(flaw + " on " + scenarioName + " seed " + seed + ": " + outcome.message())
                    .isEqualTo("one value chosen");
        }
    }

    @Test
    void aLearnerThatNeverProposesFailsLivenessWithOneProposer() {
        PaxosNodes silent = new PaxosNodes() {
            @Override
            public AcceptorView acceptor(int id) {
                return Acceptor.reference();
            }

            @Override
            public ProposerView proposer(int id, int acceptors, String value) {
                return new ProposerView() {
                    @Override
                    public void boot(dev.dslab.consensus.sim.NodeContext context) {
                        // never proposes: the skeleton as written
                    }

                    @Override
                    public void onMessage(int from, Object message) {
                    }

                    @Override
                    public void onTimer(Object tag) {
                    }

                    @Override
                    public String learned() {
                        return null;
                    }
                };
            }
        };
        PaxosScenarios.Outcome outcome = PaxosScenarios.run(silent, PaxosScenarios.named("one-proposer").orElseThrow(), 1);
        assertThat(outcome.property()).isEqualTo("liveness");
        assertThat(outcome.message()).contains("n3, the only proposer", "learned nothing within 2 s");
    }
}
