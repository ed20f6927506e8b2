package dev.dslab.local.emulator;

import dev.dslab.local.LocalTargetException;
import dev.dslab.local.daemon.ProcessTools;
import dev.dslab.local.edge.ServiceProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulator that runs as a node child process with the loopback preload. The daemon keeps the child's
 * stdin open for its whole life: the preload ends the child on end-of-file, so the child dies with the
 * daemon even when the daemon is killed -9.
 */
public final class NodeEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(NodeEmulator.class);
    private static final int START_ATTEMPTS = 3;

    private final String name;
    private final Process process;
    private final OutputStream lifeline;
    private final int port;
    private final Duration stopGrace;

    private NodeEmulator(String name, Process process, int port, Duration stopGrace) {
        this.name = name;
        this.stopGrace = stopGrace;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.port = port;
    }

    /**
     * What to run: the node arguments after `node --require PRELOAD` and the environment, both for the
     * {@code ports} free ports chosen at start (readiness is checked on the first).
     */
    public record Launch(String name, Path workingDirectory, int ports,
                         Function<int[], List<String>> arguments, Function<int[], Map<String, String>> environment,
                         Duration stopGrace) {
        // stopGrace: how long a stop waits for the child to end after end-of-file on its stdin (the preload
        // then SIGTERMs it); zero: it is killed at once, for a child whose state its service saved already
    }

    /**
     * Starts the emulator on free loopback ports and waits until its first port accepts connections.
     * A port can be taken between choosing and binding it: the start is then retried on other ports.
     */
    public static NodeEmulator start(NodeRuntime node, Path preload, Path logFile, Launch launch, Duration readyTimeout) {
        LocalTargetException last = null;
        long started = System.nanoTime();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(launch.ports());
            List<String> command = new ArrayList<>(List.of(node.executable(), "--require", preload.toString()));
            command.addAll(launch.arguments().apply(ports));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(launch.workingDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(launch.environment().apply(ports));
            try {
                Files.createDirectories(logFile.getParent());
                Process process = builder.start();
                NodeEmulator emulator = new NodeEmulator(launch.name(), process, ports[0], launch.stopGrace());
                if (emulator.awaitListening(readyTimeout)) {
                    log.info("{} ready on 127.0.0.1:{} (pid {}) in {} ms", launch.name(), ports[0], process.pid(),
                            (System.nanoTime() - started) / 1_000_000);
                    return emulator;
                }
                emulator.close();
                last = new LocalTargetException(launch.name() + " did not start (exit " + exitCode(process) + "); see " + logFile);
                log.warn("{} attempt {} failed: {}", launch.name(), attempt, last.getMessage());
            } catch (IOException e) {
                throw new LocalTargetException("cannot start " + launch.name() + ": " + e.getMessage() + "; see " + logFile, e);
            }
        }
        throw last;
    }

    /** Several distinct free ports; the first is where readiness is checked. */
    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in a way that matters here
                }
            }
        }
        return ports;
    }

    private boolean awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static String exitCode(Process process) {
        return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public ServiceProcess process() {
        return new ServiceProcess(name, ServiceProcess.CHILD, port, process.pid(), process.isAlive() ? "running" : "exited");
    }

    @Override
    public void close() {
        if (stopGrace.isZero()) {
            // its state is saved already (see Launch.stopGrace): killed before it hears of the stop
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException unkillable) {
                log.warn("{} (pid {}) did not end after SIGKILL", name, process.pid());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lifeline.close();
        } catch (IOException alreadyClosed) {
            // the child is ending anyway
        }
        // End of file on its stdin makes the preload SIGTERM the child, once: an emulator that saves its state
        // on SIGTERM (kinesis-local, about 2 s) must not get a second signal or a SIGKILL while it writes.
        try {
            process.onExit().get(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stubborn) {
            log.warn("{} (pid {}) did not end within {} ms of its stop: killed", name, process.pid(), stopGrace.toMillis());
            ProcessTools.terminate(process.toHandle(), Duration.ofMillis(500));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException impossible) {
            process.destroyForcibly();
        }
    }
}
