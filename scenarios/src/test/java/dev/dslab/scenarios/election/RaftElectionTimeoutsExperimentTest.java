package dev.dslab.scenarios.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.Progress;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.RunSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * raft-election-timeouts through the experiment runner, without a target or sandbox: the figures Raft's section 9.3
 * predicts (no randomness splits votes, randomness ends them), the same figures from the same seed, and quiz
 * questions on the run's own numbers.
 */
class RaftElectionTimeoutsExperimentTest {

    @TempDir
    Path home;

    private final RaftElectionTimeoutsExperiment experiment = new RaftElectionTimeoutsExperiment();

    @Test
    void withoutRandomnessVotesSplitAndWithItANewLeaderComesInOneRound() {
        RunRecord record = run("r1", 11, Map.of("trials", "30", "networks", "all"));

        Observations observations = new Observations(record.result().observations());
        System.out.println(record.result().observations().stream().map(o -> o.id() + "=" + o.formatted()).toList());
        assertThat(record.target()).isEqualTo(ExperimentInfo.SIMULATOR);
        assertThat(record.operations()).isEqualTo(6 * 3 * 30);
        assertThat(observations.value("split-percent-150-150").orElseThrow()).isGreaterThan(50);
        assertThat(observations.value("split-percent-150-300").orElseThrow()).isLessThan(observations.value("split-percent-150-150").orElseThrow());
        assertThat(observations.value("p50-ms-150-150").orElseThrow()).isGreaterThan(observations.value("p50-ms-150-300").orElseThrow());
        assertThat(observations.value("p50-ms-150-300").orElseThrow()).isBetween(150.0, 400.0);
        assertThat(observations.value("split-percent-150-300-at-20-50ms").orElseThrow())
                .isGreaterThan(observations.value("split-percent-150-300-at-1-5ms").orElseThrow());
        assertThat(record.result().checks()).filteredOn(check -> check.checker().equals("election safety"))
                .extracting(Check::verdict).containsExactly(Check.Verdict.PASS);
        assertThat(record.result().charts()).hasSize(3);
        RunSummary summary = new RunSummary(record.runId(), record.experiment(), record.seed(), record.target(), record.parameters(), observations,
                record.result().checks());
        assertThat(experiment.quiz()).allSatisfy(template -> assertThat(template.instantiate(summary)).isPresent());
    }

    @Test
    void theSameSeedGivesTheSameFiguresAndAnotherSeedOthers() {
        Map<String, String> small = Map.of("trials", "15", "networks", "1-5ms", "ranges", "scale");
        RunRecord first = run("r2", 5, small);
        RunRecord again = run("r3", 5, small);
        RunRecord other = run("r4", 6, small);

        assertThat(values(again)).isEqualTo(values(first));
        assertThat(values(other)).isNotEqualTo(values(first));
        assertThat(new Observations(first.result().observations()).value("split-percent-150-300-at-1-5ms")).as("one network: no comparison")
                .isEmpty();
    }

    private RunRecord run(String runId, long seed, Map<String, String> parameters) {
        RunRecord record = new ExperimentRunner().run(experiment, new ExperimentRunner.Request(runId, seed, parameters, null),
                ExperimentRunner.Environment.simulator(home.resolve(runId)), Progress.NONE);
        assertThat(record.status()).as(Objects.toString(record.reason())).isEqualTo(RunStatus.COMPLETED);
        return record;
    }

    private static java.util.List<Double> values(RunRecord record) {
        return record.result().observations().stream().map(Observation::value).toList();
    }
}
