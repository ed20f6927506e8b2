package dev.dslab.consensus.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.raft.reference.ReferenceRaft;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference passes every scenario on several seeds. Simulated time makes this cheap: hundreds of
 * simulated seconds per second. More seeds: {@code -Ddslab.raft.seeds=100}.
 */
class ReferencePassesEveryScenarioTest {
    private static final int SEEDS = Integer.getInteger("dslab.raft.seeds", 2);

    static Stream<Scenario> scenarios() {
        return Scenarios.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void passes(Scenario scenario) {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Outcome outcome = Harness.run(ReferenceRaft.factory(), scenario, seed);
            if (!outcome.passed()) {
                failures.add(outcome.report());
            }
        }
        assertThat(failures).as("failures of the reference").isEmpty();
    }
}
