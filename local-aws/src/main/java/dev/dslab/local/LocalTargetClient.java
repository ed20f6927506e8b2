package dev.dslab.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.daemon.AdminHandler;
import dev.dslab.local.daemon.DaemonFiles;
import dev.dslab.local.daemon.DaemonState;
import dev.dslab.local.daemon.ProcessTools;
import dev.dslab.local.state.StateFolders;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Starts, finds, inspects and stops the local target daemon of one home ($DSLAB_HOME/local). The daemon
 * runs detached from the caller (its own session: neither Ctrl-C in the caller's terminal nor the caller's
 * death ends it) and is reused by every later command until {@link #stop()}.
 *
 * <p>Every failure a learner can fix arrives as a {@link LocalTargetException} with a one-line message.
 */
public final class LocalTargetClient {

    public static final int DEFAULT_PORT = 4599;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
    private static final String MAIN_CLASS = LocalTargetMain.class.getName();
    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";
    /**
     * Small footprint: the daemon is mostly idle, serves loopback traffic and must not crowd a laptop. A small
     * initial heap keeps the young generation (all of it touched before the first collection) small:
     * 110 MB resident instead of 175 MB.
     */
    private static final List<String> DAEMON_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms24m", "-Xmx256m",
            "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-Dsun.net.httpserver.nodelay=true", "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF-8");

    private final DaemonFiles files;
    /**
     * Made on the first request, not with the client: building a JDK HttpClient sets up the default TLS context
     * (about 80 ms of CPU and 300 classes), and every shell command constructs this client while most never
     * talk to the daemon.
     */
    private HttpClient http;

    public LocalTargetClient(Path home) {
        this.files = new DaemonFiles(home.toAbsolutePath().normalize());
    }

    public Path home() {
        return files.home();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
        }
        return http;
    }

    /** The daemon's log file, to point a learner at. */
    public Path logFile() {
        return files.daemonLog();
    }

    /** The emulators installed by the build: $dslab.root/local-aws/target/node/node_modules. */
    public static Path defaultNodeModules() {
        String root = System.getProperty("dslab.root");
        if (root == null || root.isBlank()) {
            throw new LocalTargetException("the system property dslab.root (the dslab repository folder) is not set, so the local"
                    + " AWS emulators cannot be found; start dslab with ./dslab");
        }
        return Path.of(root, "local-aws", "target", "node", "node_modules");
    }

    /** {@link #ensureRunning(int, Path)} with the emulators the build installed. */
    public LocalTargetStatus ensureRunning(int port) {
        return ensureRunning(port, defaultNodeModules());
    }

    /**
     * Returns the running daemon of this home, or starts one and waits until it is ready. A daemon that is
     * running is reused as it is, whatever port it has (the status tells which). A daemon that died
     * without cleaning up (kill -9) is noticed by its state file and replaced.
     *
     * @param port the edge port for a new daemon, 0 for any free port
     */
    public LocalTargetStatus ensureRunning(int port, Path nodeModules) {
        Optional<LocalTargetStatus> running = probe();
        if (running.isPresent()) {
            return running.get();
        }
        try {
            Files.createDirectories(files.home());
        } catch (IOException e) {
            throw new LocalTargetException("cannot create the local target's folder " + files.home() + ": " + e.getMessage(), e);
        }
        synchronized (LocalTargetClient.class) {
            try (FileChannel channel = FileChannel.open(files.home().resolve("client.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                // another command may have started it while this one waited for the lock
                running = probe();
                if (running.isPresent()) {
                    return running.get();
                }
                endUnresponsiveDaemon();
                return launch(port, nodeModules);
            } catch (IOException e) {
                throw new LocalTargetException("cannot lock the local target's folder " + files.home() + ": " + e.getMessage(), e);
            }
        }
    }

    /** True when a daemon of this home answers. */
    public boolean isRunning() {
        return probe().isPresent();
    }

    /** The running daemon's status, or a LocalTargetException saying it is not running. */
    public LocalTargetStatus status() {
        return probe().orElseThrow(() -> new LocalTargetException("The local target is not running (home " + files.home() + ")"));
    }

    /**
     * Stops the daemon and waits until it and every process of it are gone; ends them by force when the
     * daemon does not answer. Returns false when nothing was running.
     */
    public boolean stop() {
        Optional<DaemonState> state = DaemonState.read(files);
        if (state.isEmpty()) {
            return false;
        }
        Map<Long, String> processes = new LinkedHashMap<>();
        processes.put(state.get().pid(), MAIN_CLASS);
        state.get().children().forEach(child -> processes.put(child.pid(), child.marker()));
        Optional<LocalTargetStatus> status = probe();
        status.ifPresent(running -> running.components().stream()
                .filter(component -> "child".equals(component.kind()))
                .forEach(component -> processes.putIfAbsent(component.pid(), files.home().toString())));
        boolean asked = status.isPresent() && requestStop(state.get());
        if (!asked || !awaitGone(processes.keySet(), STOP_TIMEOUT)) {
            processes.forEach((pid, marker) -> ProcessTools.terminateIfMatches(pid, marker, Duration.ofSeconds(3)));
        }
        files.deleteQuietly(files.state());
        files.deleteQuietly(files.token());
        return true;
    }

    /**
     * Deletes what the target keeps between its runs (tables, streams, buckets, functions, mappings, stacks);
     * refused while a daemon of this home runs. Returns the folders deleted.
     */
    public List<Path> deleteState() {
        if (!Files.isDirectory(files.home())) {
            return List.of();
        }
        // the daemon holds this lock for its whole life, from before it opens any state to after it closed all
        try (FileChannel channel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new LocalTargetException("The local target for " + files.home() + " is running: stop it before deleting its state");
            }
            return new StateFolders(files.home()).delete();
        } catch (IOException e) {
            throw new LocalTargetException("cannot delete the local target's state in " + files.home() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads (body {@code null}: GET) or changes (POST) one model control of the running daemon, e.g.
     * "dynamodb/replication", and returns its JSON answer. A refused request throws a LocalTargetException
     * carrying the daemon's one-line reason.
     */
    public JsonNode control(String path, Object body) {
        DaemonState state = DaemonState.read(files)
                .orElseThrow(() -> new LocalTargetException("The local target is not running (home " + files.home() + ")"));
        String token = files.readIfExists(files.token()).map(String::trim).orElse("");
        try {
            HttpRequest.Builder request = admin(state, path, token).header("Content-Type", "application/json");
            if (body == null) {
                request.GET();
            } else {
                request.POST(HttpRequest.BodyPublishers.ofByteArray(DaemonState.JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = DaemonState.JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new LocalTargetException(answer.path("error").asText("the local target refused " + path
                        + " (HTTP " + response.statusCode() + ")"));
            }
            return answer;
        } catch (IOException notAnswering) {
            throw new LocalTargetException("The local target did not answer " + path + ": " + notAnswering.getMessage(), notAnswering);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LocalTargetException("interrupted while calling the local target's " + path);
        }
    }

    private Optional<LocalTargetStatus> probe() {
        Optional<DaemonState> state = DaemonState.read(files);
        Optional<String> token = files.readIfExists(files.token()).map(String::trim);
        if (state.isEmpty() || token.isEmpty() || !ProcessTools.isAlive(state.get().pid())) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http().send(admin(state.get(), "status", token.get()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            LocalTargetStatus status = DaemonState.JSON.readValue(response.body(), LocalTargetStatus.class);
            return status.pid() == state.get().pid() ? Optional.of(status) : Optional.empty();
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        } catch (IOException notAnswering) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpRequest.Builder admin(DaemonState state, String action, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.edgePort() + "/_dslab/" + action))
                .timeout(ADMIN_TIMEOUT)
                .header(AdminHandler.TOKEN_HEADER, token);
    }

    private boolean requestStop(DaemonState state) {
        try {
            String token = files.readIfExists(files.token()).map(String::trim).orElse("");
            HttpResponse<Void> response = http().send(admin(state, "stop", token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 202;
        } catch (IOException notAnswering) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A daemon process that holds a state file but does not answer (hung, or killed mid-start) is ended. */
    private void endUnresponsiveDaemon() {
        DaemonState.read(files).ifPresent(stale -> {
            String home = files.home().toString();
            if (ProcessTools.commandLine(stale.pid()).filter(command -> command.contains(MAIN_CLASS) && command.contains(home)).isPresent()) {
                ProcessTools.terminate(ProcessHandle.of(stale.pid()).orElseThrow(), Duration.ofSeconds(5));
            }
        });
    }

    private LocalTargetStatus launch(int port, Path nodeModules) {
        files.deleteQuietly(files.startFailure());
        List<String> command = daemonCommand(port, nodeModules);
        Process process;
        try {
            Files.createDirectories(files.logs());
            process = new ProcessBuilder(command)
                    .directory(files.home().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.daemonConsoleLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new LocalTargetException("cannot start the local target daemon (" + command.get(0) + "): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LocalTargetStatus> ready = probe();
            if (ready.isPresent()) {
                return ready.get();
            }
            Optional<String> failure = files.readIfExists(files.startFailure()).map(String::trim).filter(line -> !line.isEmpty());
            if (failure.isPresent()) {
                throw new LocalTargetException(failure.get());
            }
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new LocalTargetException("The local target daemon exited during its start (exit code " + process.exitValue()
                        + "); see " + files.daemonConsoleLog() + " and " + files.daemonLog());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new LocalTargetException("interrupted while waiting for the local target to start");
            }
        }
        ProcessTools.terminate(process.toHandle(), Duration.ofSeconds(5));
        throw new LocalTargetException("The local target did not become ready within " + READY_TIMEOUT.toSeconds() + " s; see "
                + files.daemonLog());
    }

    private List<String> daemonCommand(int port, Path nodeModules) {
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(DAEMON_JVM_OPTIONS);
        String classPath = absolute(System.getProperty("java.class.path"));
        if (isSpringBootJar(classPath)) {
            command.addAll(List.of("-cp", classPath, "-Dloader.main=" + MAIN_CLASS, BOOT_LAUNCHER));
        } else {
            command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        }
        command.addAll(List.of("--home", files.home().toString(), "--port", Integer.toString(port),
                "--node-modules", nodeModules.toAbsolutePath().normalize().toString()));
        return command;
    }

    /** The daemon runs in its home folder: relative class path entries of the caller would point nowhere. */
    private static String absolute(String classPath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** setsid puts the daemon in its own session, out of reach of the terminal's signals (absent on macOS). */
    private static Optional<String> setsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isSpringBootJar(String classPath) {
        if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException unreadable) {
            return false;
        }
    }

    private boolean awaitGone(Iterable<Long> pids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean anyAlive = false;
            for (long pid : pids) {
                anyAlive |= ProcessTools.isAlive(pid);
            }
            if (!anyAlive) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
