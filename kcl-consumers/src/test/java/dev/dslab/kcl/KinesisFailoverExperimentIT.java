package dev.dslab.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.Progress;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.scenarios.kinesis.KinesisFailoverExperiment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinesis-failover experiment as `experiment run` runs it (the engine, the worker jar from the build), on
 * a real local target with the sandbox's lease table, two short rounds.
 */
class KinesisFailoverExperimentIT {

    static final SandboxNames SANDBOX = new SandboxNames("dslab-test-items", "gsi1", "dslab-test-data", "dslab-test-events",
            "dslab-test-probe", "dslab-test-kcl-leases", "dslab-test-stream-batch");

    @TempDir
    static Path home;

    static LocalKclTarget target;

    @BeforeAll
    static void start() {
        target = LocalKclTarget.shared();
        target.createLeaseTable(SANDBOX.leaseTable());
    }

    @Test
    void killedWorkersShardsAreTakenOverAndWhatItDidNotCheckpointIsProcessedTwice() {
        KinesisFailoverExperiment experiment = new KinesisFailoverExperiment();
        RunRecord record = new ExperimentRunner().run(experiment,
                new ExperimentRunner.Request("r1", 3, Map.of("checkpoint-every", "40", "rounds", "2", "rate", "80"), null),
                new ExperimentRunner.Environment(target.access, SANDBOX, null, home.resolve("runs").resolve("r1"))
                        .withKclWorkerJar(() -> LocalKclTarget.WORKER_JAR),
                Progress.NONE);

        assertThat(record.status()).as(record.reason()).isEqualTo(RunStatus.COMPLETED);
        Observations observations = new Observations(record.result().observations());
        System.out.println(record.result().observations());
        assertThat(observations.value("lost-records")).contains(0.0);
        assertThat(observations.value("takeover-s")).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1.0, 60.0));
        assertThat(observations.value("duplicates-every-40")).hasValueSatisfying(twice -> assertThat(twice).isBetween(0.0, 80.0));
        assertThat(observations.value("duplicates-every-10")).hasValueSatisfying(twice -> assertThat(twice).isBetween(0.0, 20.0));
        assertThat(record.result().checks()).extracting(Check::verdict).containsOnly(Check.Verdict.PASS);
        assertThat(record.result().charts()).hasSize(2);
        RunSummary summary = new RunSummary("r1", experiment.name(), 3, "local", record.parameters(), observations, record.result().checks());
        assertThat(experiment.quiz().stream().map(template -> template.instantiate(summary)).filter(question -> question.isPresent()).count())
                .isEqualTo(3);
        assertThat(Objects.requireNonNull(home.resolve("runs").resolve("r1").resolve("workers").toFile().list())).contains("r1-a.jsonl", "r2-b.log");
    }
}
