package dev.dslab.scenarios.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a running experiment may use: its seed and parameters, the target and the sandbox, the
 * recorder every operation goes through, progress, and (on the local target) the model controls. Model
 * changes made through {@link #changeModel} are undone when the run ends, however it ends.
 */
public final class RunContext {

    private final String runId;
    private final String experiment;
    private final long seed;
    private final ParameterValues parameters;
    private final TargetAccess target;
    private final SandboxNames sandbox;
    private final ModelControls model;
    private final HistoryRecorder history;
    private final Progress progress;
    private final Path runDirectory;
    private final Supplier<Path> kclWorkerJar;
    private final Map<String, Map<String, Object>> modelBeforeRun = new LinkedHashMap<>();
    private boolean faultInjected;

    public RunContext(String runId, String experiment, long seed, ParameterValues parameters, TargetAccess target,
                      SandboxNames sandbox, ModelControls model, HistoryRecorder history, Progress progress, Path runDirectory) {
        this(runId, experiment, seed, parameters, target, sandbox, model, history, progress, runDirectory, null);
    }

    public RunContext(String runId, String experiment, long seed, ParameterValues parameters, TargetAccess target,
                      SandboxNames sandbox, ModelControls model, HistoryRecorder history, Progress progress, Path runDirectory,
                      Supplier<Path> kclWorkerJar) {
        this.runId = runId;
        this.experiment = experiment;
        this.seed = seed;
        this.parameters = parameters;
        this.target = target;
        this.sandbox = sandbox;
        this.model = model;
        this.history = history;
        this.progress = progress;
        this.runDirectory = runDirectory;
        this.kclWorkerJar = kclWorkerJar;
    }

    public String runId() {
        return runId;
    }

    public String experiment() {
        return experiment;
    }

    public long seed() {
        return seed;
    }

    public ParameterValues parameters() {
        return parameters;
    }

    /** The target; null when the experiment runs in the simulator ({@link ExperimentInfo#needsTarget()} false). */
    public TargetAccess target() {
        return target;
    }

    /** The learner's sandbox; null when the experiment runs in the simulator. */
    public SandboxNames sandbox() {
        return sandbox;
    }

    public HistoryRecorder history() {
        return history;
    }

    public Progress progress() {
        return progress;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /**
     * The kcl-consumers worker jar, for starting KCL workers (and the lease-election worker) with {@code kinesis.KclWorkers}.
     *
     * @throws ExperimentException when whoever runs the experiment did not supply it
     */
    public Path kclWorkerJar() {
        Path jar = kclWorkerJar == null ? null : kclWorkerJar.get();
        if (jar == null) {
            throw new ExperimentException(experiment + " starts worker processes from the kcl-consumers jar, but this dslab build has none;"
                    + " build with ./mvnw -pl shell -am package");
        }
        return jar;
    }

    /** The local target's model controls; empty on a real account. */
    public Optional<ModelControls> model() {
        return Optional.ofNullable(model);
    }

    /**
     * Changes a model control for this run only (e.g. "dynamodb/replication" {lagMedianMillis: 40}).
     *
     * @throws ExperimentException on a target without model controls
     */
    public synchronized Map<String, Object> changeModel(String control, Map<String, Object> settings) {
        ModelControls controls = model().orElseThrow(() -> new ExperimentException(experiment + " needs the local target's model "
                + "controls (" + control + "); target " + target.target() + " has none"));
        if (control.endsWith("/fault")) {
            faultInjected = true;
        } else {
            // only the settings the run changes are put back: a control's GET may also report state (counters,
            // per-function environments) that its POST refuses
            Map<String, Object> before = modelBeforeRun.computeIfAbsent(control, name -> new LinkedHashMap<>());
            Map<String, Object> current = null;
            for (String setting : settings.keySet()) {
                if (!before.containsKey(setting)) {
                    current = current == null ? controls.read(control) : current;
                    if (current.containsKey(setting)) {
                        before.put(setting, current.get(setting));
                    }
                }
            }
        }
        return controls.change(control, settings);
    }

    /** Heals injected faults and puts back every setting the run changed. */
    synchronized void restoreModel() {
        if (model == null) {
            return;
        }
        if (faultInjected) {
            model.change("dynamodb/fault", Map.of("action", "heal"));
        }
        modelBeforeRun.forEach((control, settings) -> {
            if (!settings.isEmpty()) {
                model.change(control, settings);
            }
        });
    }
}
