package dev.dslab.shell.experiment;

import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.StoredRun;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A home's experiment runs: ids (r1, r2, ... unique per $DSLAB_HOME; {@value #LATEST} is the learner's newest),
 * their directories under $DSLAB_HOME/runs/&lt;run id&gt;/ (history.jsonl and result.json), and their rows in
 * the learner store. Commands that look at a run (report, export, quiz) find it here.
 */
@Component
public class ExperimentRuns {

    public static final String LATEST = "latest";
    private static final Pattern RUN_ID = Pattern.compile("r[1-9][0-9]{0,9}");

    private final DslabProperties properties;
    private final LearnerStore store;

    public ExperimentRuns(DslabProperties properties, LearnerStore store) {
        this.properties = properties;
        this.store = store;
    }

    /** Where run directories live: $DSLAB_HOME/runs. */
    public Path root() {
        return properties.home().resolve("runs");
    }

    public Path directory(String runId) {
        return root().resolve(runId);
    }

    /** The learner when a command has no --learner: $DSLAB_LEARNER, else the OS user name. */
    public LearnerName defaultLearner() {
        return LearnerName.resolve(null, properties.learner(), System.getProperty("user.name"));
    }

    /** A run's full record (observations, checks, charts) by id or {@value #LATEST} (the default learner's newest). */
    public RunRecord find(String runIdOrLatest) {
        return find(defaultLearner(), runIdOrLatest);
    }

    /**
     * A run's full record, read from its result.json.
     *
     * @throws UsageException  one line for an id that names no run (and how to see the runs)
     * @throws DslabException  for a run that has not ended or whose files are gone
     */
    public RunRecord find(LearnerName learner, String runIdOrLatest) {
        StoredRun run = stored(learner, runIdOrLatest);
        Path directory = run.directory();
        if (!Files.isRegularFile(directory.resolve(RunRecord.RECORD_FILE))) {
            if (run.running()) {
                throw new DslabException("run " + run.runId() + " has not ended (or the shell running it was stopped before it "
                        + "could record the end); its history so far is " + directory.resolve(RunRecord.HISTORY_FILE));
            }
            if (run.reason() != null) {
                throw new DslabException("run " + run.runId() + " ended without a record: " + run.reason());
            }
            throw new DslabException("the files of run " + run.runId() + " are gone from " + directory);
        }
        try {
            return ExperimentRunner.read(directory);
        } catch (UncheckedIOException unreadable) {
            throw new DslabException("run " + run.runId() + ": " + unreadable.getMessage(), unreadable);
        }
    }

    /** A run's row in the learner store, by id or {@value #LATEST}. */
    public StoredRun stored(LearnerName learner, String runIdOrLatest) {
        String wanted = runIdOrLatest == null ? "" : runIdOrLatest.strip();
        if (wanted.equals(LATEST)) {
            return store.latestRun(learner).orElseThrow(() -> new DslabException("no runs of " + learner
                    + " yet; 'experiment list' shows the experiments, 'experiment run <name>' starts one"));
        }
        if (!RUN_ID.matcher(wanted).matches()) {
            throw new UsageException("'" + wanted + "' is not a run id; run ids look like r1, r2 (or 'latest'); "
                    + "'experiment runs' lists yours");
        }
        return store.run(wanted).orElseThrow(() -> new UsageException("unknown run '" + wanted
                + "'; 'experiment runs' lists yours"));
    }

    /** The learner's runs, oldest first. */
    public List<StoredRun> list(LearnerName learner) {
        return store.runs(learner);
    }

    /**
     * Records a run about to start and gives it its id; its directory is {@link #directory}(id). The owner's lock must
     * be held until the run's end is recorded: while it is, no sweep touches what the run makes.
     */
    StoredRun start(LearnerName learner, String experiment, long seed, String target, Map<String, String> parameters,
                    Integer prediction, RunOwners.Owner owner) {
        return store.startRun(learner, experiment, seed, target, parameters, prediction, root(), owner.name());
    }

    /** Records how the run ended and what it observed. */
    void finish(RunRecord record) {
        store.finishRun(record);
    }

    /** Marks a run that could not be run at all (its directory could not be made, say) as failed. */
    void abandon(String runId, String reason) {
        store.failRun(runId, reason);
    }
}
