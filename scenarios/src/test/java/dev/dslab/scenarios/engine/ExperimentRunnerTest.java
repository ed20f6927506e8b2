package dev.dslab.scenarios.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.curriculum.question.Source;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The runner's contract on plain-Java workloads (no target needed: these experiments record synthetic
 * operations): completed, failed, timed-out and interrupted runs, history kept, model restored.
 */
class ExperimentRunnerTest {

    @TempDir
    Path home;

    private final RecordingControls controls = new RecordingControls();

    @Test
    void aCompletedRunWritesItsRecordAndHistory() throws IOException {
        RunRecord record = run(new WorkloadExperiment(Behaviour.COMPLETE, Duration.ofSeconds(30)), Map.of("ops", "25"));

        assertThat(record.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(record.operations()).isEqualTo(25);
        assertThat(record.parameters()).containsEntry("ops", "25").containsEntry("pause", "1ms");
        assertThat(record.result().observations()).extracting(Observation::id).containsExactly("ops");
        assertThat(Files.readAllLines(home.resolve("r1").resolve(RunRecord.HISTORY_FILE))).hasSize(25);
        assertThat(ExperimentRunner.read(home.resolve("r1"))).isEqualTo(record);
        assertThat(record.model()).containsKey("dynamodb/replication");
    }

    @Test
    void modelChangesAreUndoneAndFaultsHealedHoweverTheRunEnds() {
        run(new WorkloadExperiment(Behaviour.FAIL, Duration.ofSeconds(30)), Map.of());

        assertThat(controls.changes).containsExactly(
                "dynamodb/replication {lagMedianMillis=80}",
                "dynamodb/fault {action=isolate-leader}",
                "dynamodb/fault {action=heal}",
                "dynamodb/replication {lagMedianMillis=20}");
    }

    @Test
    void aFailingWorkloadEndsFailedWithItsReasonAndKeepsThePartialHistory() {
        RunRecord record = run(new WorkloadExperiment(Behaviour.FAIL, Duration.ofSeconds(30)), Map.of());

        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.reason()).isEqualTo("the target stopped answering");
        assertThat(record.operations()).isEqualTo(10);
        assertThat(record.result()).isNull();
    }

    @Test
    void aRunPastItsTimeLimitIsStopped() {
        RunRecord record = run(new WorkloadExperiment(Behaviour.HANG, Duration.ofMillis(300)), Map.of());

        assertThat(record.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(record.reason()).contains("time limit");
        assertThat(record.operations()).isGreaterThan(0);
    }

    @Test
    void interruptingTheCallerStopsTheRunAndKeepsWhatWasRecorded() throws InterruptedException {
        WorkloadExperiment experiment = new WorkloadExperiment(Behaviour.HANG, Duration.ofSeconds(60));
        AtomicReference<RunRecord> record = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            record.set(run(experiment, Map.of()));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(experiment.started.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(15_000);

        assertThat(record.get().status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(record.get().operations()).isGreaterThan(0);
        assertThat(flagAfter.get()).as("the caller still knows it was interrupted").isTrue();
    }

    @Test
    void aTargetThatDiesMidRunFailsTheRunWithinSecondsAndKeepsThePartialHistory() {
        WorkloadExperiment experiment = new WorkloadExperiment(Behaviour.HANG, Duration.ofSeconds(60));
        long started = System.nanoTime();
        RunRecord record = new ExperimentRunner().run(experiment, new ExperimentRunner.Request("r1", 7, Map.of(), null),
                new ExperimentRunner.Environment(access(), new SandboxNames("t", "gsi1", "b", "s", "f", "l", "sf"), controls, home.resolve("r1"),
                        () -> System.nanoTime() - started > 1_500_000_000L
                                ? Optional.of("the local target stopped during the run") : Optional.empty()),
                Progress.NONE);

        assertThat(record.status()).isEqualTo(RunStatus.FAILED);
        assertThat(record.reason()).isEqualTo("the local target stopped during the run");
        assertThat(record.operations()).isGreaterThan(0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(controls.changes).as("a dead target's model is not touched").isEmpty();
    }

    @Test
    void badParametersAreRefusedBeforeAnythingRuns() {
        WorkloadExperiment experiment = new WorkloadExperiment(Behaviour.COMPLETE, Duration.ofSeconds(30));
        assertThatThrownBy(() -> run(experiment, Map.of("opz", "3")))
                .hasMessage("unknown parameter 'opz' for workload; it takes: ops, pause");
        assertThatThrownBy(() -> run(experiment, Map.of("ops", "0")))
                .hasMessage("parameter 'ops' must be an integer from 1 to 1000; got '0'");
        assertThatThrownBy(() -> run(experiment, Map.of("pause", "5")))
                .hasMessage("parameter 'pause' must be a duration from 0ms to 1s (e.g. 40ms, 1.5s); got '5'");
        assertThat(home.resolve("r1")).doesNotExist();
    }

    private RunRecord run(Experiment experiment, Map<String, String> parameters) {
        return new ExperimentRunner().run(experiment, new ExperimentRunner.Request("r1", 7, parameters, null),
                new ExperimentRunner.Environment(access(), new SandboxNames("t", "gsi1", "b", "s", "f", "l", "sf"), controls, home.resolve("r1")),
                Progress.NONE);
    }

    private static TargetAccess access() {
        return new TargetAccess("local", URI.create("http://127.0.0.1:9"), Region.US_EAST_1, AnonymousCredentialsProvider.create());
    }

    enum Behaviour { COMPLETE, FAIL, HANG }

    static final class WorkloadExperiment implements Experiment {
        private final Behaviour behaviour;
        private final Duration limit;
        final CountDownLatch started = new CountDownLatch(1);

        WorkloadExperiment(Behaviour behaviour, Duration limit) {
            this.behaviour = behaviour;
            this.limit = limit;
        }

        @Override
        public ExperimentInfo info() {
            return new ExperimentInfo("workload", "records synthetic operations", "none", "A test workload.",
                    List.of(new Source("JUnit", "https://junit.org")), Duration.ofSeconds(1), Set.of("local"), Optional.empty(), limit);
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.integer("ops", 10, 1, 1000, "operations to record"),
                    ParameterSpec.duration("pause", "1ms", "0ms", "1s", "pause between operations"));
        }

        @Override
        public ExperimentResult run(RunContext context) throws InterruptedException {
            if (behaviour == Behaviour.FAIL) {
                context.changeModel("dynamodb/replication", Map.of("lagMedianMillis", 80));
                context.changeModel("dynamodb/fault", Map.of("action", "isolate-leader"));
            }
            int ops = behaviour == Behaviour.COMPLETE ? context.parameters().integer("ops") : Integer.MAX_VALUE;
            for (int i = 0; i < ops; i++) {
                context.history().invoke(0, "write", "k", "v" + i, null, null).ok("v" + i);
                started.countDown();
                if (behaviour == Behaviour.FAIL && i == 9) {
                    throw new ExperimentException("the target stopped answering");
                }
                Thread.sleep((long) context.parameters().millis("pause"));
            }
            return new ExperimentResult(List.of(new Observation("ops", "operations", ops, "")), List.of(), List.of(), Map.of());
        }

        @Override
        public List<QuizTemplate> quiz() {
            return List.of();
        }
    }

    static final class RecordingControls implements ModelControls {
        final List<String> changes = new ArrayList<>();

        @Override
        public Map<String, Object> read(String control) {
            if (!control.equals("dynamodb/replication")) {
                throw new IllegalStateException("not served: " + control);
            }
            return Map.of("lagMedianMillis", 20);
        }

        @Override
        public Map<String, Object> change(String control, Map<String, Object> settings) {
            changes.add(control + " " + new HashMap<>(settings));
            return settings;
        }
    }
}
