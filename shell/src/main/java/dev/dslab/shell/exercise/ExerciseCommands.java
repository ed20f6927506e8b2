package dev.dslab.shell.exercise;

import dev.dslab.consensus.exercise.ExerciseCheck;
import dev.dslab.consensus.exercise.ExerciseException;
import dev.dslab.consensus.exercise.Exercises;
import dev.dslab.consensus.exercise.Solution;
import dev.dslab.consensus.exercise.Stage;
import dev.dslab.consensus.exercise.Workspace;
import dev.dslab.consensus.exercise.StageScenario;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.render.TextWrap;
import dev.dslab.shell.store.ExerciseCheckRecord;
import dev.dslab.shell.store.LearnerStore;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The exercises (staged Raft, single-decree Paxos): list, start (scaffold a workspace), check (compile and run the stage's scenarios),
 * hint (graded, one more each time) and solution (the reference, after confirmation). The work itself is plain
 * Java in the consensus module's {@code exercise} package; this class parses, prints and records progress.
 */
@Component
public class ExerciseCommands {

    static final String GROUP = "Exercises";
    static final int DEFAULT_SEEDS = 20;
    private static final String LEARNER_HELP = "whose progress (default: $DSLAB_LEARNER, else your user name)";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final LearnerStore store;
    private final LearnerConsole console;
    private final DslabProperties properties;

    public ExerciseCommands(LearnerStore store, LearnerConsole console, DslabProperties properties) {
        this.store = store;
        this.console = console;
        this.properties = properties;
    }

    @Command(name = {"exercise", "list"}, group = GROUP, description = "The staged exercises and your progress on each")
    public void list(CommandContext context, @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        List<ExerciseCheckRecord> checks = store.exerciseChecks(learner);
        Table table = new Table("STAGE", "SCENARIOS", "STATUS", "HINTS");
        for (Stage stage : Exercises.all()) {
            table.row(stage.id(), stage.scenarios().size(), status(stage, checks),
                    store.exerciseHelpShown(learner, stage.id(), "hint") + "/" + stage.hints().size()
                            + (store.exerciseHelpShown(learner, stage.id(), "solution") > 0 ? ", solution seen" : ""));
        }
        List<String> lines = table.render("").lines().toList();
        out.println(lines.get(0));
        for (int i = 0; i < Exercises.all().size(); i++) {
            out.println(lines.get(i + 1));
            out.print(TextWrap.paragraphs(Exercises.all().get(i).title(), "    ", console.width()));
        }
        out.println("'exercise start raft-3a' scaffolds your workspace; 'exercise check raft-3a' checks it.");
    }

    @Command(name = {"exercise", "start"}, group = GROUP,
            description = "Scaffold a stage: a Maven project with a skeleton and the stage's guide (later stages keep your code)")
    public void start(CommandContext context,
                      @Argument(index = 0, description = "the stage: raft-3a, raft-3b, raft-3c, raft-3d, paxos-single") String stageId,
                      @Option(longName = "dir", description = "where your exercises live (default ~/dslab-work); the workspace is <dir>/raft or <dir>/paxos") String dir) {
        PrintWriter out = context.outputWriter();
        Stage stage = stage(stageId, "start");
        Path root = workRoot(dir).resolve(stage.track().word());
        Workspace.Started started = run(() -> Workspace.start(root, stage));
        out.println((started.created() ? "Created " : "Added " + stage.id() + " to ") + started.workspace().root());
        started.written().forEach(file -> out.println("  wrote " + file));
        started.kept().forEach(file -> out.println("  kept  " + file + " (yours)"));
        out.println("Next: read " + root.resolve(stage.guideFile()) + ", fill in src/main/java/" + stage.track().edit() + ",");
        out.println("then 'exercise check " + stage.id() + (dir == null ? "" : " --dir " + dir) + "' (no Maven needed; the pom is for your IDE).");
    }

    @Command(name = {"exercise", "check"}, group = GROUP,
            description = "Compile your code and run the stage's scenarios over many seeds; a failure prints how to replay it")
    public void check(CommandContext context,
                      @Argument(index = 0, description = "the stage: raft-3a, raft-3b, raft-3c, raft-3d, paxos-single") String stageId,
                      @Option(longName = "seeds", description = "how many seeds per scenario (default 20)") Integer seedsOption,
                      @Option(longName = "first-seed", description = "the first seed (default 1)") Long firstSeedOption,
                      @Option(longName = "seed", description = "one seed only: replays a failure exactly") Long seedOption,
                      @Option(longName = "scenario", description = "one scenario of the stage only") String scenario,
                      @Option(longName = "timeout", description = "seconds of real time a run may take before it is killed (default 20)") Integer timeoutOption,
                      @Option(longName = "dir", description = "the workspace or the directory holding it (default: here, else ~/dslab-work/raft or paxos)") String dir,
                      @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        PrintWriter out = context.outputWriter();
        Stage stage = stage(stageId, "check");
        if (seedOption != null && (seedsOption != null || firstSeedOption != null)) {
            throw new UsageException("--seed runs one seed; leave out --seeds and --first-seed with it");
        }
        int seeds = seedOption != null ? 1 : seedsOption == null ? DEFAULT_SEEDS : seedsOption;
        if (seeds < 1 || seeds > 100_000) {
            throw new UsageException("--seeds takes a whole number from 1 to 100000, got " + seeds);
        }
        long firstSeed = seedOption != null ? seedOption : firstSeedOption == null ? 1 : firstSeedOption;
        int timeout = timeoutOption == null ? (int) ExerciseCheck.Options.DEFAULT_RUN_TIMEOUT.toSeconds() : timeoutOption;
        if (timeout < 1 || timeout > 3600) {
            throw new UsageException("--timeout takes seconds from 1 to 3600, got " + timeout);
        }
        LearnerName learner = learner(learnerOption);
        Workspace workspace = workspace(dir, stage);
        ExerciseCheck.Options options = new ExerciseCheck.Options(seeds, firstSeed, scenario, Duration.ofSeconds(timeout));
        if (!workspace.stages().contains(stage.id())) {
            out.println("(" + stage.id() + " was not started here: 'exercise start " + stage.id() + "' adds its guide, "
                    + stage.guideFile() + ", and keeps your code)");
        }
        out.println("Checking " + stage.id() + " in " + workspace.root() + ": "
                + (scenario == null ? stage.scenarios().size() + " scenarios" : scenario) + " x " + seeds + " seed" + (seeds == 1 ? "" : "s")
                + " from " + firstSeed);
        out.flush();
        ExerciseCheck.Result result;
        try {
            result = ExerciseCheck.check(workspace, stage, options, new PrintedProgress(out, console.isTerminal()));
        } catch (ExerciseCheck.CompileException e) {
            e.errors().forEach(out::println);
            throw new DslabException("your code does not compile (" + e.getMessage() + " above); fix it and check again");
        } catch (ExerciseException e) {
            throw new DslabException(e.getMessage());
        }
        Optional<ExerciseCheck.ScenarioResult> firstFailure = result.scenarios().stream().filter(s -> !s.passed()).findFirst();
        store.recordExerciseCheck(learner, stage.id(), workspace.root().toString(), firstSeed, seeds, scenario, result.passed(),
                result.runs(), firstFailure.map(f -> f.scenario().name() + " seed " + f.failure().seed() + ": " + f.failure().property())
                        .orElse(null), result.wallMillis());
        for (ExerciseCheck.ScenarioResult failed : result.scenarios()) {
            if (!failed.passed()) {
                printFailure(out, result, failed, dir);
            }
        }
        long failedScenarios = result.scenarios().stream().filter(s -> !s.passed()).count();
        String totals = result.runs() + " runs in " + String.format(Locale.ROOT, "%.1f", result.wallMillis() / 1000.0) + " s";
        if (failedScenarios > 0) {
            out.flush();
            throw new DslabException(stage.id() + ": " + failedScenarios + " of " + result.scenarios().size() + " scenarios failed ("
                    + totals + "); 'exercise hint " + stage.id() + "' if you are stuck");
        }
        out.println(scenario == null
                ? "PASSED " + stage.id() + ": every scenario on " + seeds + " seed" + (seeds == 1 ? "" : "s") + " (" + totals + "); recorded."
                + next(stage)
                : "PASSED " + scenario + " (" + totals + "); check the whole stage to record it as passed.");
    }

    @Command(name = {"exercise", "hint"}, group = GROUP, description = "The next hint for a stage: the first is a nudge, the last nearly the answer")
    public void hint(CommandContext context,
                     @Argument(index = 0, description = "the stage: raft-3a, raft-3b, raft-3c, raft-3d, paxos-single") String stageId,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        PrintWriter out = context.outputWriter();
        Stage stage = stage(stageId, "hint");
        LearnerName learner = learner(learnerOption);
        int shown = store.exerciseHelpShown(learner, stage.id(), "hint");
        int number = Math.min(shown + 1, stage.hints().size());
        out.println("Hint " + number + " of " + stage.hints().size() + " for " + stage.id() + ":");
        out.print(TextWrap.paragraphs(stage.hints().get(number - 1), "  ", console.width()));
        if (number > shown) {
            store.recordExerciseHelp(learner, stage.id(), "hint", number);
        }
        out.println(number == stage.hints().size()
                ? "That was the last hint; 'exercise solution " + stage.id() + "' shows the reference."
                : "'exercise hint " + stage.id() + "' again for the next one.");
    }

    @Command(name = {"exercise", "solution"}, group = GROUP, description = "The reference implementation's code for a stage (asks first)")
    public void solution(CommandContext context,
                         @Argument(index = 0, description = "the stage: raft-3a, raft-3b, raft-3c, raft-3d, paxos-single") String stageId,
                         @Option(longName = "yes", description = "show it without asking") Boolean yes,
                         @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        PrintWriter out = context.outputWriter();
        Stage stage = stage(stageId, "solution");
        LearnerName learner = learner(learnerOption);
        if (!Boolean.TRUE.equals(yes)) {
            Optional<String> answer = console.ask("Show the reference solution of " + stage.id()
                    + "? The hints ('exercise hint " + stage.id() + "') teach more. [y/N] ", out);
            if (!console.interactive() && System.console() == null) {
                out.println(answer.orElse("")); // piped input is not echoed by a terminal
            }
            if (answer.map(a -> !a.equalsIgnoreCase("y") && !a.equalsIgnoreCase("yes")).orElse(true)) {
                out.println("Not shown" + (answer.isEmpty() ? " (no answer; --yes shows it without asking)" : "") + ".");
                return;
            }
        }
        store.recordExerciseHelp(learner, stage.id(), "solution", 1);
        out.print(Solution.of(stage));
        out.println("(shown and recorded; the reference passes every scenario: it is also " + stage.track().reference() + " in the API jar's dev.dslab.consensus)");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void printFailure(PrintWriter out, ExerciseCheck.Result result, ExerciseCheck.ScenarioResult failed, String dir) {
        ExerciseCheck.Failure failure = failed.failure();
        out.println();
        out.println("FAIL " + failed.scenario() + " seed " + failure.seed()
                + (failure.simulatedMillis() > 0 ? " at " + failure.simulatedMillis() + " ms simulated" : ""));
        out.println("  property: " + failure.property());
        out.print(TextWrap.paragraphs(failure.message(), "  ", "    ", console.width()));
        if (!failure.excerpt().isEmpty()) {
            out.println("  last events:");
            failure.excerpt().forEach(line -> out.println("    " + line));
        }
        out.println("  reproduce: " + result.reproduce(failed) + (dir == null ? "" : " --dir " + dir));
        if (failure.replay() != null) {
            out.println("  replay: " + failure.replay() + " (open it in a browser: the run, step by step)");
        }
    }

    private static String next(Stage stage) {
        return Exercises.next(stage).map(next -> " Next: 'exercise start " + next.id() + "' (keeps your code).")
                .orElse(" That was the last stage of " + stage.track().word() + ".");
    }

    private static String status(Stage stage, List<ExerciseCheckRecord> checks) {
        Optional<ExerciseCheckRecord> passed = checks.stream().filter(c -> c.exercise().equals(stage.id()) && c.passedStage())
                .reduce((first, second) -> second);
        if (passed.isPresent()) {
            return "passed " + WHEN.format(passed.get().checkedAt()) + ", " + passed.get().seeds() + " seeds";
        }
        Optional<ExerciseCheckRecord> last = checks.stream().filter(c -> c.exercise().equals(stage.id())).reduce((first, second) -> second);
        return last.map(c -> c.passed() ? "one scenario passed" : "failing: " + c.failure()).orElse("not checked");
    }

    private static Stage stage(String id, String command) {
        if (id == null || id.isBlank()) {
            throw new UsageException("which stage? exercise " + command + " <stage>; stages: " + Exercises.ids());
        }
        return Exercises.named(id).orElseThrow(() -> new UsageException("no exercise '" + id + "'; stages: " + Exercises.ids()));
    }

    /** The stage's workspace: the one given or here (if it is that protocol's), else its protocol's directory under the root. */
    private Workspace workspace(String dir, Stage stage) {
        String word = stage.track().word();
        Path given = dir != null ? expand(dir) : Path.of("").toAbsolutePath();
        Path fallback = dir != null ? given.resolve(word) : workRoot(null).resolve(word);
        Optional<Workspace> here = Workspace.find(given);
        Optional<Workspace> found = here.filter(w -> w.track() == stage.track()).or(() -> Workspace.find(fallback));
        if (found.isPresent()) {
            return found.get();
        }
        if (here.isPresent()) {
            throw new DslabException(here.get().root() + " is a " + here.get().track().word() + " workspace and " + fallback + " holds none; '"
                    + "exercise start " + stage.id() + (dir == null ? "" : " --dir " + dir) + "' makes one");
        }
        throw new DslabException("no exercise workspace " + (dir != null ? "at " + given : "here") + " or in " + fallback + "; 'exercise start "
                + stage.id() + (dir == null ? "" : " --dir " + dir) + "' makes one");
    }

    private static Path workRoot(String dir) {
        return dir == null ? Path.of(System.getProperty("user.home"), "dslab-work") : expand(dir);
    }

    /** The interactive shell does not expand ~ as a system shell does. */
    private static Path expand(String dir) {
        String path = dir.equals("~") || dir.startsWith("~/") ? System.getProperty("user.home") + dir.substring(1) : dir;
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static <T> T run(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ExerciseException e) {
            throw new DslabException(e.getMessage());
        }
    }

    private LearnerName learner(String option) {
        return LearnerName.resolve(option, properties.learner(), System.getProperty("user.name"));
    }

    /** A line per scenario as it ends; on a terminal, a live count of the seeds done meanwhile. */
    private record PrintedProgress(PrintWriter out, boolean terminal) implements ExerciseCheck.Progress {
        @Override
        public void compiled(int sources, long millis) {
            out.println("compiled " + sources + " source file" + (sources == 1 ? "" : "s") + " in " + millis + " ms");
            out.flush();
        }

        @Override
        public void runFinished(StageScenario scenario, int done, int total) {
            if (terminal) {
                out.print("\r  " + scenario + "  " + done + "/" + total + " seeds");
                out.flush();
            }
        }

        @Override
        public void scenarioFinished(ExerciseCheck.ScenarioResult result) {
            if (terminal) {
                out.print("\r\033[K");
            }
            String seconds = String.format(Locale.ROOT, "%5.1f s", result.wallMillis() / 1000.0);
            out.println(String.format(Locale.ROOT, "%s %-30s %s", result.passed() ? "PASS" : "FAIL", result.scenario(),
                    result.passed() ? result.passedSeeds() + "/" + result.seeds() + " seeds " + seconds
                            : "seed " + result.failure().seed() + ": " + result.failure().property()
                            + (result.passedSeeds() > 0 ? " (" + result.passedSeeds() + " seeds passed before it)" : "")));
            out.flush();
        }
    }
}
