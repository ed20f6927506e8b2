package dev.dslab.consensus.exercise;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * {@code exercise check}: compiles the learner's sources with the JDK's own compiler against dslab's consensus
 * classes (no Maven, no network), then runs the stage's scenarios over the seeds in a child JVM
 * ({@link CheckMain}). A run that sends nothing for {@code runTimeout} of wall time (an infinite loop, a
 * deadlock) gets the child killed, is reported as such, and the check goes on with the next scenario in a new child.
 */
public final class ExerciseCheck {

    /** @param scenarioName only this scenario of the stage, or null for all of them */
    public record Options(int seeds, long firstSeed, String scenarioName, Duration runTimeout) {
        public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(20);
    }

    /** What the learner sees while it runs. */
    public interface Progress {
        void compiled(int sources, long millis);

        void runFinished(StageScenario scenario, int done, int total);

        void scenarioFinished(ScenarioResult result);
    }

    /**
     * The first failure of a scenario: enough to understand it and to run it again.
     *
     * @param replay the HTML page replaying the failing run, or null when none was written (a run killed or cut short)
     */
    public record Failure(long seed, String property, String message, List<String> excerpt, long simulatedMillis, Path replay) {
    }

    /** @param failure null when every seed passed */
    public record ScenarioResult(StageScenario scenario, int passedSeeds, int seeds, Failure failure, long wallMillis) {
        public boolean passed() {
            return failure == null;
        }
    }

    public record Result(Stage stage, Options options, List<ScenarioResult> scenarios, long wallMillis) {
        public boolean passed() {
            return scenarios.stream().allMatch(ScenarioResult::passed);
        }

        public int runs() {
            return scenarios.stream().mapToInt(s -> s.passedSeeds() + (s.passed() ? 0 : 1)).sum();
        }

        /** The command that runs a failure again, alone: a run is a pure function of its seed. */
        public String reproduce(ScenarioResult failed) {
            return "dslab exercise check " + stage.id() + " --seed " + failed.failure().seed() + " --scenario " + failed.scenario().name();
        }
    }

    private static final long JVM_START_MILLIS = 60_000;

    private ExerciseCheck() {
    }

    public static Result check(Workspace workspace, Stage stage, Options options, Progress progress) {
        if (workspace.track() != stage.track()) {
            throw new ExerciseException(workspace.root() + " is a " + workspace.track().word() + " workspace, not one for " + stage.id()
                    + "; 'exercise start " + stage.id() + "' makes one");
        }
        List<StageScenario> scenarios = stage.scenarios();
        if (options.scenarioName() != null) {
            scenarios = scenarios.stream().filter(s -> s.name().equals(options.scenarioName())).toList();
            if (scenarios.isEmpty()) {
                throw new ExerciseException("no scenario '" + options.scenarioName() + "' in " + stage.id() + "; its scenarios: "
                        + String.join(", ", stage.scenarios().stream().map(StageScenario::name).toList()));
            }
        }
        long started = System.nanoTime();
        Path classes = compile(workspace, progress);
        List<ScenarioResult> results = new ArrayList<>();
        List<StageScenario> remaining = new ArrayList<>(scenarios);
        Path output = workspace.checkDirectory().resolve("output.log");
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (!remaining.isEmpty()) {
            runInChild(workspace, stage, classes, output, remaining, options, progress, results);
        }
        return new Result(stage, options, results, (System.nanoTime() - started) / 1_000_000);
    }

    // ---- compile --------------------------------------------------------------------------------------------

    /** Compiles src/main/java into a fresh directory; one line per error, as file:line: message. */
    static Path compile(Workspace workspace, Progress progress) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new ExerciseException("this Java has no compiler (a JRE?); dslab needs a JDK 17 or newer on PATH");
        }
        List<Path> sources;
        if (!Files.isDirectory(workspace.sources())) {
            throw new ExerciseException("no " + Workspace.SOURCES + " in " + workspace.root() + "; 'exercise start' writes one");
        }
        try (Stream<Path> files = Files.walk(workspace.sources())) {
            sources = files.filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sources.isEmpty()) {
            throw new ExerciseException("no .java files under " + workspace.sources());
        }
        Path classes = workspace.checkDirectory().resolve("classes");
        long started = System.nanoTime();
        try {
            deleteRecursively(classes);
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> arguments = List.of("--release", "17", "-encoding", "UTF-8", "-proc:none", "-g", "-nowarn",
                    "-classpath", Workspace.consensusClasspath().toString(), "-d", classes.toString());
            Boolean ok = compiler.getTask(null, files, diagnostics, arguments, null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                throw new CompileException(errors(workspace.root(), diagnostics.getDiagnostics()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.compiled(sources.size(), (System.nanoTime() - started) / 1_000_000);
        return classes;
    }

    /** The compiler's errors, each as one line: path relative to the workspace, line, and the message's first line. */
    static List<String> errors(Path root, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String message = diagnostic.getMessage(Locale.ROOT).lines().findFirst().orElse("").strip();
            if (diagnostic.getSource() == null) {
                lines.add("error: " + message);
                continue;
            }
            Path file = Path.of(diagnostic.getSource().toUri());
            String shown = file.startsWith(root) ? root.relativize(file).toString() : file.toString();
            lines.add(shown + ":" + diagnostic.getLineNumber() + ": " + message);
        }
        return lines;
    }

    /** The learner's code does not compile: {@link #errors} lists why. */
    public static final class CompileException extends RuntimeException {
        private final List<String> errors;

        CompileException(List<String> errors) {
            super(errors.size() + " compile error" + (errors.size() == 1 ? "" : "s"));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    // ---- run ----------------------------------------------------------------------------------------------------

    /**
     * Runs the remaining scenarios in one child JVM and removes each from {@code remaining} as it finishes. When the
     * child hangs or dies, the scenario it was in fails with that reason and the caller starts another child.
     */
    private static void runInChild(Workspace workspace, Stage stage, Path classes, Path output, List<StageScenario> remaining, Options options,
                                   Progress progress, List<ScenarioResult> results) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Xss1m",
                "-cp", Workspace.runtimeClasspath() + File.pathSeparator + classes,
                CheckMain.class.getName(), stage.track().word(), output.toString(), workspace.replayDirectory().toString(), stage.id(),
                Integer.toString(options.seeds()), Long.toString(options.firstSeed())));
        remaining.forEach(s -> command.add(s.name()));
        Process child;
        try {
            child = new ProcessBuilder(command).directory(workspace.root().toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new ExerciseException("cannot start a JVM for the check: " + e.getMessage());
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed: the end of its output is reported below
            }
            lines.add("\0EOF");
        }, "exercise-check-reader");
        reader.setDaemon(true);
        reader.start();

        StageScenario current = null;
        long currentSeed = 0;
        int done = 0;
        long scenarioStarted = System.nanoTime();
        boolean heard = false;
        try {
            while (true) {
                // a loaded machine may take a while to start a JVM: the timeout is for the learner's runs
                long timeout = heard ? options.runTimeout().toMillis() : Math.max(options.runTimeout().toMillis(), JVM_START_MILLIS);
                String line = lines.poll(timeout, TimeUnit.MILLISECONDS);
                heard = true;
                if (line == null) {
                    kill(child);
                    if (current == null) {
                        throw new ExerciseException("the check's JVM did not start within " + timeout / 1000 + " s");
                    }
                    finish(current, done, options, new Failure(currentSeed, "wall-clock timeout",
                            "seed " + currentSeed + " did not finish within " + options.runTimeout().toSeconds()
                                    + " s of real time: an infinite loop or a wait that never ends in your code? (killed)",
                            List.of(), 0, null), scenarioStarted, remaining, progress, results);
                    return;
                }
                if (line.equals("\0EOF")) {
                    int exit = waitFor(child);
                    if (current == null) {
                        throw new ExerciseException("the check's JVM ended (exit " + exit + ") before running anything; see " + output);
                    }
                    finish(current, done, options, new Failure(currentSeed, "the JVM ended",
                            "the check's JVM ended (exit " + exit + ") during seed " + currentSeed
                                    + ": System.exit, a crash or memory exhaustion in your code? Its output: " + output,
                            List.of(), 0, null), scenarioStarted, remaining, progress, results);
                    return;
                }
                String[] words = line.split(" ", 4);
                switch (words[0]) {
                    case CheckProtocol.ERROR -> {
                        kill(child);
                        throw new ExerciseException(line.substring(CheckProtocol.ERROR.length() + 1));
                    }
                    case CheckProtocol.RUN -> {
                        StageScenario scenario = remaining.get(0);
                        if (current != scenario) {
                            current = scenario;
                            done = 0;
                            scenarioStarted = System.nanoTime();
                        }
                        currentSeed = Long.parseLong(words[2]);
                    }
                    case CheckProtocol.PASS -> {
                        done++;
                        progress.runFinished(current, done, options.seeds());
                        if (done == options.seeds()) {
                            finish(current, done, options, null, scenarioStarted, remaining, progress, results);
                            current = null;
                        }
                    }
                    case CheckProtocol.FAIL -> {
                        Failure failure = readFailure(lines, currentSeed, Long.parseLong(words[3]));
                        finish(current, done, options, failure, scenarioStarted, remaining, progress, results);
                        current = null;
                    }
                    case CheckProtocol.DONE -> {
                        waitFor(child);
                        return;
                    }
                    default -> {
                        // not a protocol line: ignore (the child's own output goes to the output file)
                    }
                }
            }
        } catch (InterruptedException e) {
            kill(child);
            Thread.currentThread().interrupt();
            throw new ExerciseException("check interrupted");
        } finally {
            if (child.isAlive()) {
                kill(child);
            }
        }
    }

    private static Failure readFailure(BlockingQueue<String> lines, long seed, long simulated) throws InterruptedException {
        String property = "";
        String message = "";
        List<String> excerpt = new ArrayList<>();
        Path replay = null;
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null || line.equals("\0EOF") || line.equals(CheckProtocol.END)) {
                return new Failure(seed, property, message, excerpt, simulated, replay);
            }
            int space = line.indexOf(' ');
            String kind = space < 0 ? line : line.substring(0, space);
            String text = space < 0 ? "" : line.substring(space + 1);
            switch (kind) {
                case CheckProtocol.PROPERTY -> property = text;
                case CheckProtocol.MESSAGE -> message = text;
                case CheckProtocol.EVENT -> excerpt.add(text);
                case CheckProtocol.REPLAY -> replay = Path.of(text);
                default -> {
                    // ignore anything else
                }
            }
        }
    }

    private static void finish(StageScenario scenario, int passed, Options options, Failure failure, long started,
                               List<StageScenario> remaining, Progress progress, List<ScenarioResult> results) {
        ScenarioResult result = new ScenarioResult(scenario, passed, options.seeds(), failure, (System.nanoTime() - started) / 1_000_000);
        results.add(result);
        remaining.remove(scenario);
        progress.scenarioFinished(result);
    }

    private static void kill(Process child) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
        waitFor(child);
    }

    private static int waitFor(Process child) {
        try {
            if (child.waitFor(10, TimeUnit.SECONDS)) {
                return child.exitValue();
            }
            child.destroyForcibly();
            return -1;
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
