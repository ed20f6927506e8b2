package dev.dslab.local.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the daemon and its client need to know about OS processes: alive, command line, memory. */
public final class ProcessTools {

    private ProcessTools() {
    }

    /** Alive and not a zombie: a child whose parent was killed -9 stays a zombie until it is reaped. */
    public static boolean isAlive(long pid) {
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) STATE ...: comm may contain spaces and parentheses, the state follows the last ')'
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException noProcFilesystem) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * The full command line, read from /proc where it exists because ProcessHandle truncates it; empty
     * when the process is gone.
     */
    public static Optional<String> commandLine(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                byte[] raw = Files.readAllBytes(cmdline);
                return raw.length == 0 ? Optional.empty()
                        : Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim());
            } catch (IOException gone) {
                return Optional.empty();
            }
        }
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine());
    }

    /** Resident set size (VmRSS) in bytes, or null where /proc does not tell (not Linux, process gone). */
    public static Long rssBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
        return null;
    }

    /**
     * Ends a process whose command line contains {@code marker} (so a recycled pid of an unrelated program
     * is never hit): SIGTERM, then SIGKILL after {@code grace}. Returns true when it is gone.
     */
    public static boolean terminateIfMatches(long pid, String marker, Duration grace) {
        Optional<String> command = commandLine(pid);
        if (command.isEmpty() || !command.get().contains(marker)) {
            return true; // gone, or a recycled pid that belongs to another program
        }
        return ProcessHandle.of(pid).map(handle -> terminate(handle, grace)).orElse(true);
    }

    /** Waits up to {@code timeout} for a process to end by itself; true when it has (or never existed). */
    public static boolean awaitExit(long pid, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException failed) {
            return !handle.get().isAlive();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait for the exit. */
    public static boolean terminate(ProcessHandle handle, Duration grace) {
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        handle.destroy();
        try {
            exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stubborn) {
            handle.destroyForcibly();
            try {
                exit.get(5, TimeUnit.SECONDS);
                return true;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException unkillable) {
                return false;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException failed) {
            return !handle.isAlive();
        }
    }
}
