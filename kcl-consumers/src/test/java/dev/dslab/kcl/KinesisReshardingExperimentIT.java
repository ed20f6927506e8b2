package dev.dslab.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.local.EdgeClients;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.Progress;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.kinesis.KinesisReshardingExperiment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * The kinesis-resharding experiment as `experiment run` runs it (the engine, the worker jar from the build), on a
 * real local target: a split and a merge through the edge while one KCL worker consumes, with short phases.
 */
class KinesisReshardingExperimentIT {

    @TempDir
    static Path home;

    static LocalKclTarget target;

    @BeforeAll
    static void start() {
        target = LocalKclTarget.shared();
        target.createLeaseTable(KinesisFailoverExperimentIT.SANDBOX.leaseTable());
    }

    @Test
    void theWorkerFinishesEveryParentBeforeItsChildrenAndKeepsEachKeysOrderAcrossASplitAndAMerge() {
        KinesisReshardingExperiment experiment = new KinesisReshardingExperiment();
        long started = System.nanoTime();
        RunRecord record = new ExperimentRunner().run(experiment,
                // its own run id: the failover IT's run stream "-r1" on the same target may still be being deleted
                // a run id of its own: on the shared target, the failover IT's run stream (-r1) may still be being deleted
                new ExperimentRunner.Request("s1", 5, Map.of("phase", "3s"), null),
                new ExperimentRunner.Environment(target.access, KinesisFailoverExperimentIT.SANDBOX, null, home.resolve("runs").resolve("s1"))
                        .withKclWorkerJar(() -> LocalKclTarget.WORKER_JAR),
                Progress.NONE);
        assertThat(record.status()).as(record.reason()).isEqualTo(RunStatus.COMPLETED);
        System.out.println("kinesis-resharding with 3 s phases: " + (System.nanoTime() - started) / 1_000_000 + " ms; "
                + record.result().observations());
        assertThat(record.result().checks()).extracting(Check::verdict).as(record.result().checks().toString()).containsOnly(Check.Verdict.PASS);
        Observations observations = new Observations(record.result().observations());
        assertThat(observations.value("split-s")).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(0.0, 60.0));
        assertThat(observations.value("merge-s")).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(0.0, 60.0));
        assertThat(observations.value("shards-in-lineage")).contains(5.0);
        assertThat(observations.value("shards-open")).contains(2.0);
        assertThat(observations.value("child-records-before-parent-end")).contains(0.0);
        assertThat(observations.value("keys-moved")).hasValueSatisfying(keys -> assertThat(keys).isPositive());
        assertThat(observations.value("lost")).contains(0.0);
        // the children of the split and the merged shard each got records: three handoffs measured
        assertThat(observations.value("gap-shard-2-s")).isPresent();
        assertThat(observations.value("gap-shard-3-s")).isPresent();
        assertThat(observations.value("gap-shard-4-s")).isPresent();
        assertThat(record.result().charts()).extracting(Chart::id).containsExactly("lineage", "shard-timeline", "handoffs");
        Chart lineage = record.result().charts().get(0);
        assertThat(lineage.kind()).isEqualTo(Chart.Kind.LINEAGE);
        assertThat(lineage.series()).extracting(Chart.Series::name).containsExactly("shard 0", "shard 1", "shard 2", "shard 3", "shard 4");
        assertThat(lineage.series().get(4).points().get(0).label()).isEqualTo("shard 2 + shard 3");
        RunSummary summary = new RunSummary("s1", experiment.name(), 5, "local", record.parameters(), observations, record.result().checks());
        assertThat(experiment.quiz().stream().map(template -> template.instantiate(summary)).filter(question -> question.isPresent()).count())
                .isEqualTo(4);
        // the run's own stream is gone
        try (KinesisClient kinesis = EdgeClients.of(target.edge).kinesis()) {
            assertThatThrownBy(() -> kinesis.describeStreamSummary(describe -> describe.streamName(
                    KinesisFailoverExperimentIT.SANDBOX.stream() + "-s1"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
