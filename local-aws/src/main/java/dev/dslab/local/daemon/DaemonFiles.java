package dev.dslab.local.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The files a local target keeps in its home ($DSLAB_HOME/local), shared by the daemon and its client.
 * Each is replaced atomically so a reader never sees half a file.
 */
public record DaemonFiles(Path home) {

    /** Held (OS file lock) by the running daemon for its whole life; the OS releases it on kill -9. */
    public Path lock() {
        return home.resolve("daemon.lock");
    }

    /** {@link DaemonState} as JSON, written once the daemon is ready, removed when it stops. */
    public Path state() {
        return home.resolve("daemon.json");
    }

    /** The admin token (owner-only), written before the state file. */
    public Path token() {
        return home.resolve("admin-token");
    }

    /** One learner-readable line saying why the last start failed. */
    public Path startFailure() {
        return home.resolve("start-failure.txt");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path daemonLog() {
        return logs().resolve("daemon.log");
    }

    /** The daemon JVM's own stdout and stderr (JVM crashes end up here). */
    public Path daemonConsoleLog() {
        return logs().resolve("daemon-console.log");
    }

    /** Scripts the daemon hands its children (the node preload). */
    public Path run() {
        return home.resolve("run");
    }

    public Optional<String> readIfExists(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException vanished) {
            return Optional.empty();
        }
    }

    /** Writes {@code content} to {@code file} atomically; {@code ownerOnly} makes it mode 0600 from its creation. */
    public void writeAtomically(Path file, String content, boolean ownerOnly) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (ownerOnly && supportsPosix(file)) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                try {
                    Files.createFile(temporary);
                } catch (FileAlreadyExistsException raced) {
                    // another writer of the same file: ours overwrites it below
                }
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notHere) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a file that cannot be deleted is overwritten by the next start
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
