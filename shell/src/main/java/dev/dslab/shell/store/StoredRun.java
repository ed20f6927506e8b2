package dev.dslab.shell.store;

import dev.dslab.scenarios.engine.Observation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One experiment run as the learner store keeps it: enough to list and find runs without reading their
 * directories. The full record (checks, charts, marks) is the run directory's result.json.
 *
 * @param status      a {@link dev.dslab.scenarios.engine.RunStatus} name, or {@link #RUNNING} while it runs
 *                    (or when the shell running it was killed before the run ended)
 * @param endedAt     null while running
 * @param observations what the run observed, in the order the experiment recorded them (empty unless completed)
 * @param owner       the lock its process held while it ran (see {@code experiment.RunOwners}); null for runs
 *                    started before dslab recorded owners
 */
public record StoredRun(String runId, String learner, String experiment, long seed, String target,
                        Map<String, String> parameters, Map<String, Map<String, Object>> model, Integer prediction,
                        String status, String reason, Instant startedAt, Instant endedAt, long operations, Path directory,
                        List<Observation> observations, String owner) {

    public static final String RUNNING = "RUNNING";

    public boolean running() {
        return RUNNING.equals(status);
    }

    public Optional<Duration> duration() {
        return Optional.ofNullable(endedAt).map(end -> Duration.between(startedAt, end));
    }
}
