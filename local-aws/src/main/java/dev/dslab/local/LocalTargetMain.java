package dev.dslab.local;

import dev.dslab.local.daemon.DaemonFiles;
import dev.dslab.local.daemon.LocalTargetDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The local target daemon: {@code --home DIR --port N --node-modules DIR}. Started in the background by
 * {@link LocalTargetClient}; logs go to DIR/logs, and a failed start leaves one learner-readable line in
 * DIR/start-failure.txt (and on stderr) before exiting with status 1.
 */
public final class LocalTargetMain {

    private LocalTargetMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = null;
        Path nodeModules = null;
        int port = -1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--home" -> home = Path.of(args[++i]);
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--node-modules" -> nodeModules = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException bad) {
            home = null;
        }
        if (home == null || nodeModules == null || port < 0 || port > 65535) {
            System.err.println("usage: LocalTargetMain --home DIR --port N (0 = any free port) --node-modules DIR");
            System.exit(2);
            return;
        }

        // without it every response waits for the client's delayed ACK (~40-90 ms per request, design.md)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        DaemonFiles files = new DaemonFiles(home.toAbsolutePath().normalize());
        System.setProperty("dslab.daemon.logDir", files.logs().toString());
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "dev/dslab/local/daemon-logback.xml");
        }
        // Started from a terminal, the daemon must outlive that terminal and the Ctrl-C typed in it.
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);

        LocalTargetDaemon daemon = new LocalTargetDaemon(home, port, nodeModules);
        try {
            daemon.start();
        } catch (LocalTargetException failure) {
            recordStartFailure(files, failure.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException unexpected) {
            recordStartFailure(files, "the local target failed to start (" + unexpected + "); see " + files.daemonLog()
                    + " and " + files.daemonConsoleLog());
            unexpected.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "shutdown"));
        daemon.awaitStopRequest();
        daemon.stop();
        System.exit(0);
    }

    private static void recordStartFailure(DaemonFiles files, String line) {
        System.err.println("dslab local target: " + line);
        try {
            Files.createDirectories(files.home());
            files.writeAtomically(files.startFailure(), line + System.lineSeparator(), false);
        } catch (IOException | RuntimeException cannotWrite) {
            System.err.println("dslab local target: cannot record the failure in " + files.startFailure() + ": " + cannotWrite);
        }
    }
}
