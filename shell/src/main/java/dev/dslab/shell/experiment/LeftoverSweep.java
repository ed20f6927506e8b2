package dev.dslab.shell.experiment;

import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.scenarios.engine.TargetAccess;
import dev.dslab.scenarios.leftovers.RunLeftovers;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.StoredRun;
import dev.dslab.shell.target.TargetConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Removes what runs of a learner left on a target when they could not clean up themselves (their shell or the
 * target was killed), before a new run starts and after 'sandbox up'. A run counts as ended when its row says so
 * or when no process holds its owner's lock ({@link RunOwners}); a run still running in another shell is never
 * touched. Only runs this home recorded, of this learner, on this target, are considered: run ids are unique per
 * $DSLAB_HOME, not per account.
 */
@Component
public class LeftoverSweep {

    private static final Logger log = LoggerFactory.getLogger(LeftoverSweep.class);
    /** Beyond its time limit, a run is stopped by its runner, then cleans up: this is ample for the cleanup. */
    private static final Duration CLEANUP_GRACE = Duration.ofMinutes(5);
    private static final Duration UNKNOWN_EXPERIMENT_LIMIT = Duration.ofHours(1);
    static final String DIED = "the process running it ended before the run did (found by a later command, which removed what "
            + "the run had left on the target)";

    private final LearnerStore store;
    private final RunOwners owners;
    private final ExperimentCatalog catalog;
    private final SandboxFinder sandboxes;
    private final Clock clock;

    public LeftoverSweep(LearnerStore store, RunOwners owners, ExperimentCatalog catalog, SandboxFinder sandboxes) {
        this.store = store;
        this.owners = owners;
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.clock = Clock.systemUTC();
    }

    /** After 'sandbox up': the sandbox's names come from its stack. */
    public void sweep(TargetConnection connection, LearnerName learner, PrintWriter out) {
        try {
            sandboxes.find(connection, learner).ifPresent(names -> sweep(connection, names, learner, out));
        } catch (RuntimeException unanswered) {
            warn(out, unanswered);
        }
    }

    /**
     * Deletes the resources of the learner's ended runs on this target and prints one line saying what was removed
     * (nothing when there was nothing). Runs found dead while marked RUNNING are marked FAILED. A target that does not
     * answer costs one line: the sweep is housekeeping, the command goes on.
     */
    public void sweep(TargetConnection connection, SandboxNames names, LearnerName learner, PrintWriter out) {
        Set<String> ended = new HashSet<>();
        List<StoredRun> diedRunning = new ArrayList<>();
        for (StoredRun run : store.runs(learner)) {
            if (!run.target().equals(connection.target())) {
                continue;
            }
            if (!run.running()) {
                ended.add(run.runId());
            } else if (dead(run)) {
                ended.add(run.runId());
                diedRunning.add(run);
            }
        }
        diedRunning.forEach(run -> store.failRunStillRunning(run.runId(), DIED));
        if (ended.isEmpty()) {
            return;
        }
        try {
            TargetAccess access = new TargetAccess(connection.target(), connection.endpoint(), connection.region(), connection.credentials());
            RunLeftovers.Swept swept = new RunLeftovers(access, names).sweep(ended::contains);
            swept.summary().ifPresent(line -> {
                out.println(line);
                out.flush();
            });
        } catch (SdkException | java.io.UncheckedIOException unanswered) {
            warn(out, unanswered);
        }
    }

    private boolean dead(StoredRun run) {
        if (run.owner() != null) {
            return !owners.alive(run.owner());
        }
        // started by a dslab that recorded no owner: dead once no run could still be going
        Duration limit = catalog.all().stream().filter(experiment -> experiment.name().equals(run.experiment()))
                .findFirst().map(Experiment::info).map(info -> info.timeLimit().plus(CLEANUP_GRACE)).orElse(UNKNOWN_EXPERIMENT_LIMIT);
        return Instant.now(clock).isAfter(run.startedAt().plus(limit));
    }

    private static void warn(PrintWriter out, RuntimeException unanswered) {
        log.warn("looking for what ended runs left behind failed", unanswered);
        out.println("Could not look for what ended runs left on the target (" + Optional.ofNullable(unanswered.getMessage())
                .map(String::strip).orElse(unanswered.getClass().getSimpleName()) + "); the next run looks again.");
        out.flush();
    }
}
