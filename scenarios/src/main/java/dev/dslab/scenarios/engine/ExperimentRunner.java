package dev.dslab.scenarios.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.dslab.scenarios.history.HistoryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one experiment: validates its parameters, records its history into the run directory as it goes,
 * enforces the time limit, turns Ctrl-C (an interrupt of the calling thread) into an orderly stop, undoes
 * the model changes, and writes the run's record. Whatever happens, the caller gets a record: a failed,
 * timed-out or interrupted run keeps its partial history.
 */
public final class ExperimentRunner {

    /** The model controls read before a run and stored with it, when the target has them. */
    static final List<String> MODEL_CONTROLS = List.of("dynamodb/replication", "s3/consistency");
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /** What to run: the seed and the parameters as typed. */
    public record Request(String runId, long seed, Map<String, String> parameters, Integer prediction) {
    }

    /**
     * Where to run it. {@code model} is null on targets without model controls; {@code health} tells,
     * while the run goes on, whether the target is still there (a local daemon can die); {@code kclWorkerJar}
     * gives the kcl-consumers worker jar the stream experiments start as processes (null: not available).
     */
    public record Environment(TargetAccess target, SandboxNames sandbox, ModelControls model, Path runDirectory, TargetHealth health,
                              Supplier<Path> kclWorkerJar) {

        /** Where a simulator experiment runs: no target, no sandbox, no model controls, only its run directory. */
        public static Environment simulator(Path runDirectory) {
            return new Environment(null, null, null, runDirectory, TargetHealth.ASSUMED, null);
        }

        public Environment(TargetAccess target, SandboxNames sandbox, ModelControls model, Path runDirectory, TargetHealth health) {
            this(target, sandbox, model, runDirectory, health, null);
        }

        public Environment(TargetAccess target, SandboxNames sandbox, ModelControls model, Path runDirectory) {
            this(target, sandbox, model, runDirectory, TargetHealth.ASSUMED);
        }

        /** The same environment with the KCL worker jar (supplied when first asked for: extracting it takes time). */
        public Environment withKclWorkerJar(Supplier<Path> jar) {
            return new Environment(target, sandbox, model, runDirectory, health, jar);
        }
    }

    /** Whether a target still serves; checked every second during a run. */
    @FunctionalInterface
    public interface TargetHealth {

        /** Empty while the target serves, else one line saying what is wrong. */
        Optional<String> problem();

        TargetHealth ASSUMED = Optional::empty;
    }

    /**
     * Validates the parameters without running anything.
     *
     * @throws IllegalArgumentException one line naming the bad parameter and what is allowed
     */
    public static ParameterValues validate(Experiment experiment, Map<String, String> parameters) {
        return ParameterValues.resolve(experiment.name(), experiment.parameters(), parameters);
    }

    /**
     * Runs the experiment on the calling thread's behalf; interrupting the calling thread stops the run
     * (the record then says INTERRUPTED and the thread's interrupt flag is set again).
     */
    public RunRecord run(Experiment experiment, Request request, Environment environment, Progress progress) {
        ParameterValues parameters = validate(experiment, request.parameters());
        if (experiment.info().needsTarget() && (environment.target() == null || environment.sandbox() == null)) {
            throw new IllegalArgumentException(experiment.name() + " runs on a target's sandbox; this environment has none");
        }
        Path directory = environment.runDirectory();
        Instant startedAt = Instant.now();
        Map<String, Map<String, Object>> model = readModel(environment.model());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + directory, e);
        }
        RunStatus status;
        String reason = null;
        ExperimentResult result = null;
        boolean interrupted = false;
        HistoryRecorder recorder;
        try (HistoryWriter writer = new HistoryWriter(directory.resolve(RunRecord.HISTORY_FILE))) {
            recorder = new HistoryRecorder(writer::append, System.nanoTime());
            RunContext context = new RunContext(request.runId(), experiment.name(), request.seed(), parameters, environment.target(),
                    environment.sandbox(), environment.model(), recorder, progress, directory, environment.kclWorkerJar());
            FutureTask<ExperimentResult> task = new FutureTask<>(() -> experiment.run(context));
            Thread worker = new Thread(task, "experiment-" + experiment.name());
            worker.setDaemon(true);
            worker.start();
            Duration limit = experiment.info().timeLimit();
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                Optional<String> targetProblem = Optional.empty();
                while (true) {
                    try {
                        result = task.get(Math.min(HEALTH_INTERVAL.toNanos(), Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
                        break;
                    } catch (TimeoutException notYet) {
                        if (System.nanoTime() >= deadline) {
                            throw notYet;
                        }
                        targetProblem = environment.health().problem();
                        if (targetProblem.isPresent()) {
                            break;
                        }
                    }
                }
                if (targetProblem.isPresent()) {
                    stop(task, worker);
                    status = RunStatus.FAILED;
                    reason = targetProblem.get();
                } else {
                    status = RunStatus.COMPLETED;
                }
            } catch (InterruptedException ctrlC) {
                interrupted = true;
                stop(task, worker);
                status = RunStatus.INTERRUPTED;
                reason = "stopped by the learner after " + seconds(startedAt) + " s";
            } catch (TimeoutException tooLong) {
                stop(task, worker);
                status = RunStatus.TIMED_OUT;
                reason = "still running after its time limit of " + limit.toSeconds() + " s; stopped";
            } catch (ExecutionException failed) {
                status = RunStatus.FAILED;
                // a client error is often the symptom; a target that is gone is the cause the learner needs
                reason = environment.health().problem().map(problem -> problem + " (" + reasonOf(failed.getCause()) + ")")
                        .orElseGet(() -> reasonOf(failed.getCause()));
            } finally {
                if (environment.health().problem().isEmpty()) {
                    try {
                        context.restoreModel();
                    } catch (RuntimeException cannotRestore) {
                        reason = (reason == null ? "" : reason + "; ") + "could not restore the model settings: " + cannotRestore.getMessage();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history of run " + request.runId() + " in " + directory, e);
        }
        RunRecord record = new RunRecord(request.runId(), experiment.name(), request.seed(),
                environment.target() == null ? ExperimentInfo.SIMULATOR : environment.target().target(),
                parameters.asText(), model, request.prediction(), status, reason, startedAt, Instant.now(), recorder.operations().size(),
                result);
        write(record, directory);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return record;
    }

    private static void stop(FutureTask<ExperimentResult> task, Thread worker) {
        task.cancel(true);
        try {
            worker.join(STOP_GRACE.toMillis());
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reasonOf(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof ExperimentException) && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static long seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }

    private static Map<String, Map<String, Object>> readModel(ModelControls controls) {
        Map<String, Map<String, Object>> model = new LinkedHashMap<>();
        if (controls != null) {
            for (String control : MODEL_CONTROLS) {
                readQuietly(controls, control).ifPresent(settings -> model.put(control, settings));
            }
        }
        return model;
    }

    private static Optional<Map<String, Object>> readQuietly(ModelControls controls, String control) {
        try {
            return Optional.of(controls.read(control));
        } catch (RuntimeException notServed) {
            return Optional.empty();
        }
    }

    /** Writes result.json atomically: a crash leaves the old record or the new one, never half of one. */
    public static void write(RunRecord record, Path directory) {
        try {
            Path temporary = directory.resolve(RunRecord.RECORD_FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), record);
            Files.move(temporary, directory.resolve(RunRecord.RECORD_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + RunRecord.RECORD_FILE + " in " + directory, e);
        }
    }

    public static RunRecord read(Path directory) {
        try {
            return JSON.readValue(directory.resolve(RunRecord.RECORD_FILE).toFile(), RunRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RunRecord.RECORD_FILE + " in " + directory + ": " + e.getMessage(), e);
        }
    }
}
