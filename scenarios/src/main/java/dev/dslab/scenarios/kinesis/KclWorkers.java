package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.engine.ExperimentException;
import dev.dslab.scenarios.engine.TargetAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Starts and ends KCL worker processes (the kcl-consumers jar; also its other main, the lease-election worker) for
 * one experiment run. Each worker is its
 * own JVM, so an experiment can kill one -9 and watch KCL fail over; each writes its report to
 * {@code <directory>/<worker id>.jsonl} and KCL's log to {@code <worker id>.log}.
 *
 * <p>No worker outlives its owner: {@link #close()} kills every worker still running, and a worker whose
 * owner dies without closing (kill -9 of the shell) ends itself, because its standard input, a pipe from
 * this JVM, reaches end-of-file. Credentials go to the workers through their environment, never their
 * command line.
 */
public final class KclWorkers implements AutoCloseable {

    /** How long a worker gets to end after SIGTERM (graceful: checkpoint, release leases) before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(100);
    // one lab machine runs several workers beside the target: small heaps, C1 only (faster start, less CPU)
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");

    private final Path jar;
    private final TargetAccess target;
    private final Path directory;
    private final List<Worker> workers = new ArrayList<>();

    public KclWorkers(Path jar, TargetAccess target, Path directory) {
        if (!Files.isRegularFile(jar)) {
            throw new ExperimentException("the KCL worker jar " + jar + " does not exist; build with ./mvnw -pl kcl-consumers package");
        }
        this.jar = jar;
        this.target = target;
        this.directory = directory;
    }

    /** Starts a worker; it is consuming (or waiting for leases) once its report says {@code started}. */
    public synchronized Worker start(String workerId, KclWorkerSettings settings) {
        return launch(workerId, List.of("-jar", jar.toString()), settings.arguments());
    }

    /**
     * Starts another main class of the same jar as a worker process (the lease-election worker), with the same
     * target arguments, report and log files, credentials and lifetime as a KCL worker.
     */
    public synchronized Worker start(String workerId, String mainClass, List<String> arguments) {
        return launch(workerId, List.of("-cp", jar.toString(), mainClass), arguments);
    }

    private Worker launch(String workerId, List<String> program, List<String> arguments) {
        if (!workerId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a worker id is 1-64 letters, digits, '.', '_' or '-', got '" + workerId + "'");
        }
        Path report = directory.resolve(workerId + ".jsonl");
        Path log = directory.resolve(workerId + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(program);
        if (target.endpoint() != null) {
            command.addAll(List.of("--endpoint", target.endpoint().toString()));
        }
        command.addAll(List.of("--region", target.region().id(), "--worker-id", workerId, "--report", report.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the pipe to its stdin stays open and unwritten: its end-of-file tells the worker its owner is gone
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = builder.environment();
        AwsCredentials credentials = target.credentials().resolveCredentials();
        environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            environment.put("AWS_SESSION_TOKEN", session.sessionToken());
        } else {
            environment.remove("AWS_SESSION_TOKEN");
        }
        environment.put("AWS_REGION", target.region().id());
        try {
            Files.createDirectories(directory);
            Worker worker = new Worker(workerId, builder.start(), report, log);
            workers.add(worker);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start KCL worker " + workerId, e);
        }
    }

    public synchronized List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** Kills every worker still running and waits for each to be gone. */
    @Override
    public synchronized void close() {
        for (Worker worker : workers) {
            worker.kill();
        }
    }

    /** One worker process and its report. */
    public static final class Worker {

        private final String id;
        private final Process process;
        private final Path report;
        private final Path log;

        Worker(String id, Process process, Path report, Path log) {
            this.id = id;
            this.process = process;
            this.report = report;
            this.log = log;
        }

        public String id() {
            return id;
        }

        public long pid() {
            return process.pid();
        }

        public Path report() {
            return report;
        }

        public Path log() {
            return log;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The report as it is now. */
        public List<WorkerEvent> events() {
            return WorkerReports.read(report);
        }

        /** Sends one line to the worker's standard input (the lease-election worker reads commands there). */
        public void send(String line) {
            try {
                process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException gone) {
                throw new ExperimentException("worker " + id + " no longer reads its input: " + describe());
            }
        }

        /** kill -9: no checkpoint, no lease released; returns once the process is gone. */
        public void kill() {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }

        /** SIGTERM (KCL's graceful shutdown: checkpoints and releases its leases), then kill -9 after {@link #STOP_GRACE}. */
        public void stop() {
            // SIGTERM through the handle: Process.destroy() also closes the worker's stdin, which the worker
            // reads as its owner being gone and halts at once, skipping the graceful shutdown
            process.toHandle().destroy();
            if (!awaitExit(STOP_GRACE)) {
                kill();
            }
        }

        private boolean awaitExit(Duration timeout) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return exited;
                } catch (InterruptedException e) {
                    // ending a worker must finish even when the run is being interrupted
                    interrupted = true;
                }
            }
        }

        /**
         * Waits until the report has an event matching {@code condition}.
         *
         * @throws ExperimentException when the worker exits first or the time runs out (with its log's last line)
         */
        public WorkerEvent await(Predicate<WorkerEvent> condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<WorkerEvent> found = events().stream().filter(condition).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                if (!process.isAlive()) {
                    throw new ExperimentException("KCL worker " + id + " exited (status " + process.exitValue() + ") before " + what
                            + logTail(5));
                }
                if (System.nanoTime() >= deadline) {
                    throw new ExperimentException("KCL worker " + id + " did not get to " + what + " within " + timeout.toSeconds() + " s"
                            + logTail(5));
                }
                Thread.sleep(POLL.toMillis());
            }
        }

        /** Whether it runs, or how it ended, and the end of its log: what a failure message needs to be diagnosed. */
        public String describe() {
            return (process.isAlive() ? "running" : "exited with status " + process.exitValue()) + logTail(15);
        }

        private String logTail(int lines) {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return all.isEmpty() ? "" : "; its log (" + log + ") ends:\n  "
                        + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "";
            }
        }
    }
}
