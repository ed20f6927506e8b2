package dev.dslab.shell.experiment;

import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.DurationText;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.ModelControls;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.scenarios.engine.TargetAccess;
import dev.dslab.scenarios.history.EdnExporter;
import dev.dslab.scenarios.history.HistoryReader;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.local.LocalModelControls;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.render.TextWrap;
import dev.dslab.shell.report.RunReports;
import dev.dslab.shell.report.TextCharts;
import dev.dslab.shell.report.TextStyle;
import dev.dslab.shell.sandbox.SandboxCommands;
import dev.dslab.shell.store.StoredRun;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.TargetConnection;
import dev.dslab.shell.target.Targets;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The experiment catalogue and runs: list, describe, run, runs, export. */
@Component
public class ExperimentCommands {

    private static final String GROUP = "Experiments";
    private static final String LEARNER_HELP = "whose runs (default: $DSLAB_LEARNER, else your user name)";
    /** jsonl: the history file as recorded; edn: Jepsen's operation format, which Knossos and Elle read. */
    static final List<String> EXPORT_FORMATS = List.of("jsonl", "edn");

    private final DslabProperties properties;
    private final ExperimentCatalog catalog;
    private final ExperimentRunner runner;
    private final ExperimentRuns runs;
    private final Targets targets;
    private final SandboxFinder sandboxes;
    private final SandboxCommands sandboxCommands;
    private final LearnerConsole console;
    private final RunReports reports;
    private final RunOwners owners;
    private final LeftoverSweep leftovers;

    public ExperimentCommands(DslabProperties properties, ExperimentCatalog catalog, ExperimentRunner runner, ExperimentRuns runs,
                              Targets targets, SandboxFinder sandboxes, SandboxCommands sandboxCommands, LearnerConsole console,
                              RunReports reports, RunOwners owners, LeftoverSweep leftovers) {
        this.properties = properties;
        this.catalog = catalog;
        this.runner = runner;
        this.runs = runs;
        this.targets = targets;
        this.sandboxes = sandboxes;
        this.sandboxCommands = sandboxCommands;
        this.console = console;
        this.reports = reports;
        this.owners = owners;
        this.leftovers = leftovers;
    }

    @Command(name = {"experiment", "list"}, group = GROUP, description = "The experiments: what each teaches, how long it takes, where it runs")
    public void list(CommandContext context) {
        PrintWriter out = context.outputWriter();
        List<Experiment> all = catalog.all();
        if (all.isEmpty()) {
            out.println("No experiments in this build yet.");
            return;
        }
        Table table = new Table("NAME", "TIME", "TARGETS");
        for (Experiment experiment : all) {
            ExperimentInfo info = experiment.info();
            table.row(info.name(), "~" + DurationText.format(info.typicalRun().toMillis()),
                    info.targets().stream().sorted().collect(Collectors.joining(",")));
        }
        // each purpose on its own wrapped lines under its row: a purpose column would not fit 80 columns
        List<String> lines = table.render("").lines().toList();
        out.println(lines.get(0));
        for (int i = 0; i < all.size(); i++) {
            out.println(lines.get(i + 1));
            out.print(TextWrap.paragraphs(all.get(i).info().purpose(), "    ", console.width()));
        }
        out.println("'experiment describe <name>' explains one; 'experiment run <name>' runs it.");
    }

    @Command(name = {"experiment", "describe"}, group = GROUP,
            description = "One experiment: hypothesis, how it works, parameters, sources, the prediction it asks")
    public void describe(CommandContext context, @Argument(index = 0, description = "the experiment's name") String name) {
        PrintWriter out = context.outputWriter();
        Experiment experiment = experiment(name);
        ExperimentInfo info = experiment.info();
        int width = console.width();
        out.println(info.name() + ": " + info.purpose());
        out.println();
        out.println("Hypothesis");
        out.print(TextWrap.paragraphs(info.hypothesis(), "  ", width));
        out.println();
        out.println("How it works");
        out.print(TextWrap.paragraphs(info.explanation(), "  ", width));
        out.println();
        out.println("Parameters (--param name=value)");
        if (experiment.parameters().isEmpty()) {
            out.println("  none");
        } else {
            Table table = new Table("NAME", "DEFAULT", "ALLOWED", "MEANING");
            for (ParameterSpec spec : experiment.parameters()) {
                table.row(spec.name(), spec.defaultValue(), spec.allowed(), spec.description());
            }
            out.print(table.render("  "));
        }
        out.println();
        out.println("Sources");
        for (Source source : info.sources()) {
            out.print(TextWrap.paragraphs(source.title() + " <" + source.url() + ">", "  - ", "    ", width));
        }
        info.prediction().ifPresent(prediction -> {
            out.println();
            out.println("Prediction (asked before a run; --no-predict skips it)");
            out.print(TextWrap.paragraphs(prediction.question(), "  ", width));
            for (int i = 0; i < prediction.choices().size(); i++) {
                out.println("    " + letter(i) + ") " + prediction.choices().get(i).label());
            }
        });
        out.println();
        out.println("A run takes about " + DurationText.format(info.typicalRun().toMillis()) + " (stopped after "
                + DurationText.format(info.timeLimit().toMillis()) + "); " + (info.needsTarget() ? "it runs on: "
                + info.targets().stream().sorted().collect(Collectors.joining(", ")) : "it runs in dslab's deterministic simulator, "
                + "without a target or sandbox") + ".");
        out.println("Run it: experiment run " + info.name() + " [--seed N] [--param name=value]...");
    }

    @Command(name = {"experiment", "run"}, group = GROUP,
            description = "Run an experiment on your sandbox: live progress, then observations, verdicts and a run id")
    public void run(CommandContext context,
                    @Argument(index = 0, description = "the experiment's name") String name,
                    @Option(longName = "seed", description = "repeat a run's workload (default: a random seed, shown in the summary)") Long seed,
                    @Option(longName = "param", description = "name=value, repeatable: --param readers=8 --param lag-median=40ms") String param,
                    @Option(longName = "predict", description = "ask for a prediction first (default in the interactive shell)") Boolean predict,
                    @Option(longName = "no-predict", description = "do not ask for a prediction") Boolean noPredict,
                    @Option(longName = "learner", description = "whose sandbox (default: $DSLAB_LEARNER, else your user name)") String learnerOption,
                    @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        Experiment experiment = experiment(name);
        Map<String, String> parameters = parameters(context);
        Map<String, String> resolved;
        try {
            resolved = ExperimentRunner.validate(experiment, parameters).asText();
        } catch (IllegalArgumentException badParameter) {
            throw new UsageException(badParameter.getMessage());
        }
        if (Boolean.TRUE.equals(predict) && Boolean.TRUE.equals(noPredict)) {
            throw new UsageException("--predict and --no-predict exclude each other; give one");
        }
        LearnerName learner = learner(learnerOption);
        Target target = targets.resolve(targetName);
        // a simulator experiment runs in this JVM: whatever the target, it needs none and no sandbox
        boolean simulated = !experiment.info().needsTarget();
        if (!simulated && !experiment.info().targets().contains(target.name())) {
            throw new UsageException(experiment.name() + " runs on " + String.join(", ", experiment.info().targets())
                    + ", not on " + target.name());
        }
        long runSeed = seed != null ? seed : new SecureRandom().nextInt(100_000);
        Sandbox sandbox = simulated ? null : sandbox(context, learner, target);
        boolean askPrediction = predict != null ? predict : noPredict != null ? !noPredict : console.interactive();
        Integer prediction = askPrediction ? experiment.info().prediction().map(p -> predict(p, out)).orElse(null) : null;

        if (sandbox != null) {
            leftovers.sweep(sandbox.connection(), sandbox.names(), learner, out);
        }

        RunRecord record;
        try (RunOwners.Owner owner = owners.claim()) {
            StoredRun started = runs.start(learner, experiment.name(), runSeed, simulated ? ExperimentInfo.SIMULATOR : target.name(),
                    resolved, prediction, owner);
            String runId = started.runId();
            out.println("Run " + runId + ": " + experiment.name() + (simulated ? " in dslab's deterministic simulator (no target or sandbox"
                    + " needed, seed " : " on the sandbox of " + learner + " (" + target.name() + ", seed ") + runSeed
                    + "); Ctrl-C stops it and keeps what was recorded.");
            out.flush();
            try {
                record = execute(experiment, new ExperimentRunner.Request(runId, runSeed, parameters, prediction), sandbox,
                        runs.directory(runId), out);
            } catch (RuntimeException cannotRun) {
                runs.abandon(runId, cannotRun.getMessage());
                throw cannotRun;
            }
            runs.finish(record);
        }
        String runId = record.runId();
        printSummary(record, experiment, out);
        if (record.status() != RunStatus.COMPLETED) {
            throw new DslabException("run " + runId + " " + record.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (record.reason() == null ? "" : ": " + record.reason()));
        }
    }

    @Command(name = {"experiment", "runs"}, group = GROUP, description = "Your experiment runs: id, status, when, seed, key observation")
    public void listRuns(CommandContext context, @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        List<StoredRun> all = runs.list(learner);
        if (all.isEmpty()) {
            out.println("No runs of " + learner + " yet; 'experiment list' shows the experiments.");
            return;
        }
        Table table = new Table("ID", "EXPERIMENT", "STATUS", "STARTED", "DURATION", "SEED", "KEY OBSERVATION");
        for (StoredRun run : all) {
            table.row(run.runId(), run.experiment(), run.status(), run.startedAt().truncatedTo(ChronoUnit.SECONDS),
                    run.duration().map(ExperimentCommands::seconds).orElse("-"), run.seed(),
                    keyObservation(run).map(o -> o.label() + ": " + o.formatted()).orElse("-"));
        }
        out.print(table.render(""));
        out.println("A run id may be written 'latest'. 'experiment export <id> --format jsonl' prints a run's history.");
    }

    @Command(name = {"experiment", "export"}, group = GROUP,
            description = "Print a run's recorded history: jsonl (one operation per line, as recorded) or edn (Jepsen's op format)")
    public void export(CommandContext context,
                       @Argument(index = 0, description = "the run id (r1, r2, ...) or latest") String runId,
                       @Option(longName = "format", description = "jsonl or edn", defaultValue = "jsonl") String format,
                       @Option(longName = "learner", description = LEARNER_HELP) String learnerOption) {
        if (!EXPORT_FORMATS.contains(format)) {
            throw new UsageException("unknown format '" + format + "'; allowed: " + String.join(", ", EXPORT_FORMATS));
        }
        if (runId == null || runId.isBlank()) {
            throw new UsageException("which run? 'experiment export <run id> --format jsonl'; 'experiment runs' lists yours");
        }
        StoredRun run = runs.stored(learner(learnerOption), runId);
        Path history = run.directory().resolve(RunRecord.HISTORY_FILE);
        if (!Files.isRegularFile(history)) {
            throw new DslabException("the history of run " + run.runId() + " is gone from " + run.directory());
        }
        PrintWriter out = context.outputWriter();
        try {
            if (format.equals("edn")) {
                // a last line cut by a crash is left out: the history is complete up to it
                EdnExporter.write(HistoryReader.read(history).ops(), out);
            } else {
                try (Stream<String> lines = Files.lines(history, StandardCharsets.UTF_8)) {
                    lines.forEach(out::println);
                }
            }
        } catch (IOException | UncheckedIOException unreadable) {
            throw new DslabException("cannot read " + history + ": " + unreadable.getMessage(), unreadable);
        }
        out.flush();
    }

    private Experiment experiment(String name) {
        if (name == null || name.isBlank()) {
            throw new UsageException("which experiment? 'experiment list' shows them");
        }
        try {
            return catalog.get(name.strip());
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(catalog.all().isEmpty() ? "unknown experiment '" + name.strip() + "'; this build has none yet"
                    : unknown.getMessage());
        }
    }

    /** Every --param name=value; Spring Shell binds only the first of a repeated option, so they are read here. */
    private static Map<String, String> parameters(CommandContext context) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (CommandOption option : context.parsedInput().options()) {
            if (!"param".equals(option.longName())) {
                continue;
            }
            String given = option.value() == null ? "" : option.value();
            int equals = given.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--param takes name=value, e.g. --param readers=8; got '" + given + "'");
            }
            String parameter = given.substring(0, equals).strip();
            if (parameters.put(parameter, given.substring(equals + 1)) != null) {
                throw new UsageException("parameter '" + parameter + "' is given twice");
            }
        }
        return parameters;
    }

    private record Sandbox(TargetConnection connection, SandboxNames names, Target target) {
    }

    /** The learner's ready sandbox; without one the interactive shell offers to provision it. */
    private Sandbox sandbox(CommandContext context, LearnerName learner, Target target) {
        PrintWriter out = context.outputWriter();
        Optional<SandboxNames> names = target.ifReachable().flatMap(connection -> sandboxes.find(connection, learner));
        if (names.isEmpty()) {
            String missing = "no sandbox of " + learner + " on " + target.name();
            if (!console.interactive()) {
                throw new DslabException(missing + "; run 'sandbox up" + (learner.equals(runs.defaultLearner()) ? "" : " --learner " + learner)
                        + "' first (it starts the " + target.name() + " target too)");
            }
            String answer = console.ask(capitalised(missing) + ": provision it now? [Y/n] ", out).orElse("n");
            if (!answer.isEmpty() && !answer.toLowerCase(Locale.ROOT).startsWith("y")) {
                throw new DslabException(missing + "; 'sandbox up' provisions it");
            }
            sandboxCommands.up(context, learner.value(), target.name());
            names = target.ifReachable().flatMap(connection -> sandboxes.find(connection, learner));
            if (names.isEmpty()) {
                throw new DslabException(missing + " even after 'sandbox up'; 'sandbox status' shows its state");
            }
        }
        TargetConnection connection = target.ifReachable().orElseThrow(() -> new DslabException("the " + target.name()
                + " target stopped; 'sandbox up' starts it"));
        return new Sandbox(connection, names.get(), target);
    }

    private Integer predict(Prediction prediction, PrintWriter out) {
        out.println("Before the run, your prediction:");
        out.print(TextWrap.paragraphs(prediction.question(), "  ", console.width()));
        for (int i = 0; i < prediction.choices().size(); i++) {
            out.println("    " + letter(i) + ") " + prediction.choices().get(i).label());
        }
        String letters = "a-" + letter(prediction.choices().size() - 1);
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<String> answer = console.ask("Your answer [" + letters + ", Enter skips]: ", out);
            if (answer.isEmpty() || answer.get().isEmpty()) {
                out.println("  (no prediction)");
                return null;
            }
            String typed = answer.get().toLowerCase(Locale.ROOT);
            if (typed.length() == 1 && typed.charAt(0) >= 'a' && typed.charAt(0) - 'a' < prediction.choices().size()) {
                return typed.charAt(0) - 'a';
            }
            if (!console.interactive()) {
                throw new UsageException("a prediction is one letter from " + letters + "; got '" + answer.get() + "'");
            }
            out.println("  one letter from " + letters + ", please");
        }
        return null;
    }

    private RunRecord execute(Experiment experiment, ExperimentRunner.Request request, Sandbox sandbox, Path directory, PrintWriter out) {
        if (sandbox == null) {
            return runWithProgress(experiment, request, ExperimentRunner.Environment.simulator(directory), out);
        }
        TargetConnection connection = sandbox.connection();
        TargetAccess access = new TargetAccess(connection.target(), connection.endpoint(), connection.region(), connection.credentials());
        ModelControls model = sandbox.target() instanceof LocalTarget local ? new LocalModelControls(local) : null;
        ExperimentRunner.TargetHealth health = sandbox.target() instanceof LocalTarget local
                ? () -> local.status().isPresent() ? Optional.empty()
                        : Optional.of("the local target stopped during the run; 'local status' and its log tell why")
                : ExperimentRunner.TargetHealth.ASSUMED;
        return runWithProgress(experiment, request, new ExperimentRunner.Environment(access, sandbox.names(), model, directory, health)
                .withKclWorkerJar(() -> KclWorkerJar.extract(properties.home().resolve("cache").resolve("kcl-worker"))), out);
    }

    private RunRecord runWithProgress(Experiment experiment, ExperimentRunner.Request request, ExperimentRunner.Environment environment,
                                      PrintWriter out) {
        RunRecord record;
        try (LiveProgress progress = new LiveProgress(out, console.isTerminal())) {
            try (CtrlC ignored = CtrlC.interruptsCurrentThread()) {
                record = runner.run(experiment, request, environment, progress);
            } finally {
                // an interrupted run leaves the flag set for callers that want it; the shell goes on with its work
                Thread.interrupted();
            }
        }
        return record;
    }

    private void printSummary(RunRecord record, Experiment experiment, PrintWriter out) {
        out.println();
        out.println("Run " + record.runId() + " of " + record.experiment() + ": " + record.status() + " after "
                + seconds(Duration.between(record.startedAt(), record.endedAt())) + ", " + String.format(Locale.ROOT, "%,d", record.operations())
                + " operations recorded (seed " + record.seed() + ", target " + record.target() + ")");
        if (record.reason() != null) {
            out.println("  " + record.reason());
        }
        if (record.result() != null) {
            if (!record.result().observations().isEmpty()) {
                out.println("Observations");
                Table observations = new Table("OBSERVATION", "VALUE");
                record.result().observations().forEach(o -> observations.row(o.label(), o.formatted()));
                out.print(observations.render("  "));
            }
            if (!record.result().checks().isEmpty()) {
                out.println("Checks");
                Table checks = new Table("CHECKER", "SCOPE", "VERDICT", "DETAIL");
                for (Check check : record.result().checks()) {
                    checks.row(check.checker(), check.scope(), check.verdict(), check.detail());
                }
                out.print(checks.render("  "));
            }
            TextStyle style = reports.style();
            record.result().charts().forEach(chart -> out.print("\n" + TextCharts.render(chart, style)));
        } else {
            out.println("  the partial history is kept: " + runs.directory(record.runId()).resolve(RunRecord.HISTORY_FILE));
        }
        experiment.info().prediction().ifPresent(prediction -> printPrediction(prediction, record, out));
        try {
            out.println("HTML report: " + reports.writeHtml(reports.load(record)));
        } catch (DslabException noReport) {
            // the run and its files are recorded; 'experiment report' can write the page later
            out.println("The HTML report could not be written (" + noReport.getMessage() + ").");
        }
        out.println("'experiment report " + record.runId() + "' shows it all again; 'experiment export " + record.runId()
                + " --format jsonl' prints the history.");
        out.flush();
    }

    private static void printPrediction(Prediction prediction, RunRecord record, PrintWriter out) {
        if (record.prediction() == null) {
            return;
        }
        String predicted = letter(record.prediction()) + ") " + prediction.choices().get(record.prediction()).label();
        if (record.result() == null) {
            out.println("Your prediction: " + predicted + "; the run ended before it could tell.");
            return;
        }
        Observations observations = new Observations(record.result().observations());
        Optional<Observation> observed = observations.get(prediction.observationId());
        Optional<Integer> outcome = prediction.outcome(observations);
        if (observed.isEmpty() || outcome.isEmpty()) {
            out.println("Your prediction: " + predicted + "; the run did not observe enough to tell.");
            return;
        }
        boolean right = outcome.get().equals(record.prediction());
        out.println("Your prediction: " + predicted + "; observed " + observed.get().label() + " = " + observed.get().formatted()
                + ", which is " + letter(outcome.get()) + ") " + prediction.choices().get(outcome.get()).label()
                + (right ? ": as you predicted." : ": not what you predicted."));
    }

    /** The observation the runs table shows: the one the prediction asks about, else the first. */
    private Optional<Observation> keyObservation(StoredRun run) {
        if (run.observations().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> predicted = catalogued(run.experiment()).flatMap(e -> e.info().prediction()).map(Prediction::observationId);
        return predicted.flatMap(id -> run.observations().stream().filter(o -> o.id().equals(id)).findFirst())
                .or(() -> Optional.of(run.observations().get(0)));
    }

    private Optional<Experiment> catalogued(String name) {
        return catalog.all().stream().filter(experiment -> experiment.name().equals(name)).findFirst();
    }

    private LearnerName learner(String option) {
        return LearnerName.resolve(option, properties.learner(), System.getProperty("user.name"));
    }

    private static char letter(int index) {
        return (char) ('a' + index);
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
