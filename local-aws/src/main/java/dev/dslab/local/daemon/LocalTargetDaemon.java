package dev.dslab.local.daemon;

import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.LocalTargetException;
import dev.dslab.local.LocalTargetStatus;
import dev.dslab.local.Services;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.edge.Edge;
import dev.dslab.local.edge.ServiceProcess;
import dev.dslab.local.emulator.Emulators;
import dev.dslab.local.state.StateFolders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local target's daemon: owns the home's lock, the edge, the emulators and every service, and stops
 * them all together (admin stop, SIGTERM, or a failed start that leaves nothing half-made).
 */
public final class LocalTargetDaemon {

    private static final Logger log = LoggerFactory.getLogger(LocalTargetDaemon.class);
    private static final Duration HOME_CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(15);

    private final DaemonFiles files;
    private final int requestedPort;
    private final Path nodeModules;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private FileChannel lockChannel;
    private FileLock lock;
    private Edge edge;
    private Emulators emulators;
    private List<AwsService> services = List.of();
    private long readyAt;
    private boolean stopped;

    private static Map<String, AdminEndpoint> adminEndpoints(List<AwsService> services) {
        Map<String, AdminEndpoint> endpoints = new HashMap<>();
        services.forEach(service -> service.adminEndpoints().forEach((name, endpoint) ->
                endpoints.put(service.signingName() + "/" + name, endpoint)));
        return endpoints;
    }

    public LocalTargetDaemon(Path home, int requestedPort, Path nodeModules) {
        this.files = new DaemonFiles(home.toAbsolutePath().normalize());
        this.requestedPort = requestedPort;
        this.nodeModules = nodeModules.toAbsolutePath().normalize();
    }

    /** Starts everything and returns once ready: the state file then tells clients where the edge is. */
    public synchronized void start() {
        long startNanos = System.nanoTime();
        try {
            Files.createDirectories(files.logs());
            acquireLock();
            files.deleteQuietly(files.startFailure());
            endLeftoversOfCrashedDaemon();
            edge = Edge.bind(requestedPort);
            emulators = Emulators.start(nodeModules, files.run(), files.logs(), new StateFolders(files.home()).create(),
                    LocalTargetContext.DEFAULT_REGION, LocalTargetContext.DEFAULT_ACCOUNT_ID);
            LocalTargetContext context = new LocalTargetContext(files.home(), edge.endpoint(), LocalTargetContext.DEFAULT_REGION,
                    LocalTargetContext.DEFAULT_ACCOUNT_ID);
            // the services are created while the emulators start: both take seconds of a cold JVM
            long creatingServices = System.nanoTime();
            services = Services.create(context, emulators);
            log.info("services created in {} ms", (System.nanoTime() - creatingServices) / 1_000_000);
            emulators.awaitReady();
            long resuming = System.nanoTime();
            for (AwsService service : services) {
                service.emulatorsReady();
            }
            log.info("state resumed in {} ms", (System.nanoTime() - resuming) / 1_000_000);
            String token = HexFormat.of().formatHex(randomBytes());
            edge.start(services, new AdminHandler(token, this::status, stopRequested::countDown, adminEndpoints(services)));
            readyAt = System.currentTimeMillis();
            files.writeAtomically(files.token(), token, true);
            files.writeAtomically(files.state(), stateToRecord().toJson(), false);
            for (AwsService service : services) {
                service.edgeReady();
            }
            watchHome();
            long sinceJvmStart = ProcessHandle.current().info().startInstant()
                    .map(jvmStart -> Duration.between(jvmStart, java.time.Instant.now()).toMillis()).orElse(-1L);
            log.info("ready in {} ms ({} ms since the JVM started): edge {} (pid {})",
                    Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), sinceJvmStart, edge.endpoint(), ProcessHandle.current().pid());
        } catch (IOException e) {
            stop();
            throw new LocalTargetException("the local target cannot use its folder " + files.home() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (lock != null) {
                stop();
            }
            throw e;
        }
    }

    /**
     * A daemon whose home was deleted (a test's temporary folder cleaned up without a stop, a learner
     * removing ~/.dslab) cannot be found or stopped by any client any more: it stops itself.
     */
    private void watchHome() {
        Thread watcher = new Thread(() -> {
            try {
                while (!stopRequested.await(HOME_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (!Files.exists(files.state())) {
                        log.warn("{} is gone: stopping", files.state());
                        stopRequested.countDown();
                    }
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }, "home-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private void acquireLock() throws IOException {
        lockChannel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            String running = DaemonState.read(files)
                    .map(state -> " (pid " + state.pid() + ", edge port " + state.edgePort() + ")")
                    .orElse("");
            throw new LocalTargetException("The local target for " + files.home() + " is already running" + running
                    + "; `dslab local stop` stops it");
        }
    }

    /**
     * A daemon killed -9 leaves its state file; its children normally end on their own, this makes sure.
     * They are first given time to end by themselves: kinesis-local writes its data file as it ends, and a
     * signal in the middle of that would cut the file short.
     */
    private void endLeftoversOfCrashedDaemon() {
        DaemonState.read(files).ifPresent(previous -> {
            for (DaemonState.Child child : previous.children()) {
                if (ProcessTools.commandLine(child.pid()).filter(command -> command.contains(child.marker())).isPresent()) {
                    ProcessTools.awaitExit(child.pid(), LEFTOVER_GRACE);
                }
                if (!ProcessTools.terminateIfMatches(child.pid(), child.marker(), Duration.ofSeconds(2))) {
                    log.warn("could not end {} (pid {}) left by the previous daemon", child.name(), child.pid());
                } else {
                    log.info("previous daemon (pid {}) left its state; {} (pid {}) is gone", previous.pid(), child.name(), child.pid());
                }
            }
        });
        files.deleteQuietly(files.state());
        files.deleteQuietly(files.token());
    }

    private DaemonState stateToRecord() {
        String marker = files.home().toString();
        List<DaemonState.Child> children = new ArrayList<>();
        for (AwsService service : services) {
            for (ServiceProcess process : service.processes()) {
                if (ServiceProcess.CHILD.equals(process.kind())) {
                    children.add(new DaemonState.Child(process.name(), process.port(), process.pid(), marker));
                }
            }
        }
        return new DaemonState(ProcessHandle.current().pid(), edge.port(), readyAt, children);
    }

    /** The daemon and every process its services run, with resident memory. */
    public LocalTargetStatus status() {
        long pid = ProcessHandle.current().pid();
        List<LocalTargetStatus.Component> components = new ArrayList<>();
        components.add(new LocalTargetStatus.Component("daemon", "daemon", edge.port(), pid, ProcessTools.rssBytes(pid), "running"));
        for (AwsService service : services) {
            for (ServiceProcess process : service.processes()) {
                boolean child = ServiceProcess.CHILD.equals(process.kind());
                boolean alive = ProcessTools.isAlive(process.pid());
                components.add(new LocalTargetStatus.Component(process.name(), process.kind(), process.port(), process.pid(),
                        child && alive ? ProcessTools.rssBytes(process.pid()) : null, alive ? process.state() : "exited"));
            }
        }
        return new LocalTargetStatus(pid, edge.port(), System.currentTimeMillis() - readyAt, components);
    }

    /** Blocks until an admin stop request arrives. */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Stops the edge, then every service (last created first), then gives up the home. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (edge != null) {
            long closing0 = System.nanoTime();
            edge.close();
            log.info("edge stopped in {} ms", (System.nanoTime() - closing0) / 1_000_000);
        }
        List<AwsService> closing = new ArrayList<>(services);
        Collections.reverse(closing);
        for (AwsService service : closing) {
            long closing0 = System.nanoTime();
            try {
                service.close();
                log.info("{} stopped in {} ms", service.signingName(), (System.nanoTime() - closing0) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly", service.signingName(), e);
            }
        }
        if (emulators != null) {
            // already closed by their services, unless a failed start never created those services
            emulators.close();
        }
        if (lock != null) {
            files.deleteQuietly(files.state());
            files.deleteQuietly(files.token());
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the OS releases the lock when the process exits
            }
        }
        log.info("stopped");
    }
}
