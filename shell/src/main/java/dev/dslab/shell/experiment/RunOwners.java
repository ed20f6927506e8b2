package dev.dslab.shell.experiment;

import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the process that started a run is still running it. The process takes an OS lock on a file of its own,
 * {@code $DSLAB_HOME/runs/owners/<owner>.lock}, before the run's row is written (the row names the owner) and
 * holds it until the run has ended and been recorded. The OS releases the lock when the process ends, however it
 * ends (kill -9, a closed terminal, a crash of the JVM), so "the lock can be taken" means "no process runs it".
 *
 * <p>Why a lock rather than a recorded pid: a pid is reused by later processes (telling them apart needs the
 * process's start time, which not every platform reports), and a pid says nothing when the process hangs on
 * after the run. The daemon of the local target is found the same way ({@code daemon.lock}). Why a file per run,
 * named before the row exists: a lock taken after the row was written would leave a moment in which another
 * shell sees a RUNNING run that nobody holds and removes what it is about to make.
 */
@Component
public class RunOwners {

    private final Path directory;
    /** Owners held by this JVM: checked without opening their files (closing another channel of a locked file would drop its lock on some systems). */
    private final Set<String> heldHere = ConcurrentHashMap.newKeySet();

    @Autowired
    public RunOwners(DslabProperties properties) {
        this(properties.home().resolve("runs").resolve("owners"));
    }

    RunOwners(Path directory) {
        this.directory = directory;
    }

    /** A lock held by this process until closed: the owner of the run started with its name. */
    public final class Owner implements AutoCloseable {

        private final String name;
        private final FileChannel channel;

        private Owner(String name, FileChannel channel) {
            this.name = name;
            this.channel = channel;
        }

        public String name() {
            return name;
        }

        /** Releases the lock: the run is over (and recorded). */
        @Override
        public void close() {
            try {
                channel.close();
                Files.deleteIfExists(file(name));
            } catch (IOException ignored) {
                // a file left behind holds no lock: the next sweep takes and deletes it
            } finally {
                heldHere.remove(name);
            }
        }
    }

    /** Takes a new owner's lock: call before the run's row is written, close once its end is recorded. */
    public Owner claim() {
        String name = UUID.randomUUID().toString();
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(file(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException | RuntimeException failed) {
                channel.close();
                throw failed;
            }
            heldHere.add(name);
            return new Owner(name, channel);
        } catch (IOException e) {
            throw new DslabException("cannot create the run's lock in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether some process holds the owner's lock. A lock that can be taken belongs to a process that is gone: its
     * file is deleted on the way (nobody can take it again, and the runs naming it are over).
     */
    public boolean alive(String owner) {
        if (heldHere.contains(owner)) {
            return true;
        }
        Path file = file(owner);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            Files.deleteIfExists(file);
            return false;
        } catch (NoSuchFileException gone) {
            // deleted by its owner once the run was recorded, or by an earlier sweep
            return false;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
        } catch (IOException unreadable) {
            // cannot tell: keep the run's resources
            return true;
        }
    }

    private Path file(String owner) {
        if (!owner.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("not an owner name: " + owner);
        }
        return directory.resolve(owner + ".lock");
    }
}
