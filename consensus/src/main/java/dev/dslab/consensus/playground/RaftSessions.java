package dev.dslab.consensus.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The playground session kept in a directory ({@code $DSLAB_HOME/raft}) between commands, so that every command
 * works the same one-shot (a new process each) and in the interactive shell: the session is its options and the
 * commands applied, and each command rebuilds it by replaying them (milliseconds: the simulator is deterministic
 * and fast), applies itself, and appends itself to the file. The replay is checked against the trace length and
 * digest recorded after every command, so a session that would silently turn into a different run (a changed
 * reference Raft or simulator) is refused instead. The file is replaced atomically under a file lock, so two
 * shells cannot interleave their read-apply-write.
 */
public final class RaftSessions {
    public static final String FILE = "session.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final long LOCK_WAIT_NANOS = 10_000_000_000L;

    private final Path directory;

    public RaftSessions(Path directory) {
        this.directory = directory;
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    /** Starts a new session, replacing any earlier one; returns what to print. */
    public String start(SessionOptions options) {
        return locked(() -> {
            Playground playground = Playground.start(options);
            save(SessionFile.of(playground, List.of()));
            return String.format("New Raft session: %d nodes (n1-n%d), seed %d, %s network. Every node booted as a follower; "
                            + "the first election timer to fire starts an election.%n%s",
                    options.nodes(), options.nodes(), options.seed(), options.network(), playground.state());
        });
    }

    /** Parses, replays the session, applies the command, records it; returns what to print. */
    public String apply(String commandLine) {
        return locked(() -> {
            SessionFile file = load();
            PlaygroundCommand command = PlaygroundCommand.parse(commandLine, file.nodes());
            Playground playground = replay(file);
            String out = playground.apply(command);
            List<SessionFile.Applied> commands = new ArrayList<>(file.commands());
            commands.add(new SessionFile.Applied(command.text(), playground.events(), playground.digest()));
            save(new SessionFile(SessionFile.FORMAT, file.nodes(), file.seed(), file.network(), commands));
            return out;
        });
    }

    /** The session rebuilt, read only (state, export). */
    public <T> T read(Function<Playground, T> reader) {
        return locked(() -> reader.apply(replay(load())));
    }

    /** Every node's state and the messages in flight ({@link Playground#state()}). */
    public String state() {
        return read(Playground::state);
    }

    /**
     * Writes the session as one self-contained HTML page animating its trace ({@code out}, or
     * {@code session.html} beside the session file when null) and returns the page's path.
     */
    public Path exportHtml(Path out) {
        String page = read(HtmlExport::render);
        Path target = out == null ? directory.resolve("session.html") : out.toAbsolutePath();
        writeAtomically(target, page);
        return target;
    }

    /** Writes every trace event as a JSON line (the simulator's own numbering, nodes from 0) and returns the path. */
    public Path exportJsonLines(Path out) {
        String lines = read(playground -> {
            StringBuilder text = new StringBuilder();
            playground.trace().forEach(event -> text.append(event.json()).append('\n'));
            return text.toString();
        });
        Path target = out == null ? directory.resolve("trace.jsonl") : out.toAbsolutePath();
        writeAtomically(target, lines);
        return target;
    }

    /** The session's options, to check arguments against its cluster size before anything runs. */
    public SessionOptions options() {
        return locked(() -> load().options());
    }

    static Playground replay(SessionFile file) {
        Playground playground = Playground.start(file.options());
        int position = 0;
        for (SessionFile.Applied applied : file.commands()) {
            position++;
            PlaygroundCommand command;
            try {
                command = PlaygroundCommand.parse(applied.command(), file.nodes());
            } catch (BadCommandException e) {
                throw new PlaygroundException("the session's command " + position + " ('" + applied.command() + "') does not read: "
                        + e.getMessage() + "; 'raft new' starts a new session");
            }
            playground.apply(command);
            if (playground.events() != applied.events() || !playground.digest().equals(applied.digest())) {
                throw new PlaygroundException("replaying the session diverged at command " + position + " ('" + applied.command()
                        + "'): it was recorded by a different simulator or Raft; 'raft new --seed " + file.seed() + "' starts again");
            }
        }
        return playground;
    }

    private SessionFile load() {
        Path file = file();
        if (!Files.exists(file)) {
            throw new PlaygroundException("no Raft session yet: 'raft new --nodes 5 --seed 1' starts one");
        }
        SessionFile session;
        try {
            session = JSON.readValue(file.toFile(), SessionFile.class);
        } catch (JsonProcessingException e) {
            throw new PlaygroundException(file + " is not a Raft session (" + e.getOriginalMessage().lines().findFirst().orElse("unreadable")
                    + "); 'raft new' starts a new one");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (session.format() > SessionFile.FORMAT) {
            throw new PlaygroundException(file + " was written by a newer dslab (format " + session.format() + "); update dslab or 'raft new'");
        }
        if (session.commands() == null || session.network() == null) {
            throw new PlaygroundException(file + " is not a Raft session (no commands or network); 'raft new' starts a new one");
        }
        try {
            session.options();
        } catch (BadCommandException e) {
            throw new PlaygroundException(file + " holds options dslab refuses (" + e.getMessage() + "); 'raft new' starts a new one");
        }
        return session;
    }

    private void save(SessionFile session) {
        try {
            Path temporary = Files.createTempFile(directory, FILE, ".tmp");
            try {
                JSON.writeValue(temporary.toFile(), session);
                try {
                    Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(), e);
        }
    }

    private static void writeAtomically(Path target, String text) {
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temporary, text);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new PlaygroundException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Another dslab applies a command in well under a second; one that holds the lock longer is stuck. */
    private FileLock acquire(FileChannel channel) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LOCK_WAIT_NANOS;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new PlaygroundException("another dslab has held the Raft session for " + LOCK_WAIT_NANOS / 1_000_000_000
                        + " s (" + directory.resolve("session.lock") + "); try again once it ends");
            }
            Thread.sleep(50);
        }
    }

    private interface Body<T> {
        T run();
    }

    private <T> T locked(Body<T> body) {
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve("session.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = acquire(channel)) {
                return body.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaygroundException("interrupted while waiting for the Raft session");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory, e);
        }
    }
}
