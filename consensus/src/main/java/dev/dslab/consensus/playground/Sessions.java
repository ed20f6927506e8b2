package dev.dslab.consensus.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A playground session kept in a directory ({@code $DSLAB_HOME/raft}, {@code $DSLAB_HOME/paxos}) between
 * commands, so that every command works the same one-shot (a new process each) and in the interactive shell: the
 * session is its options and the commands applied, and each command rebuilds it by replaying them (milliseconds:
 * the simulator is deterministic and fast), applies itself, and appends itself to the file. The replay is checked
 * against the trace length and digest recorded after every command, so a session that would silently turn into a
 * different run (a changed reference or simulator) is refused instead. The file is replaced atomically under a
 * file lock, so two shells cannot interleave their read-apply-write.
 *
 * <p>The file is {@code {"format":1, <the kind's option fields>, "commands":[{command, events, digest}...]}}.
 */
public class Sessions<O, P extends SimulatedSession> {
    public static final String FILE = "session.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long LOCK_WAIT_NANOS = 10_000_000_000L;

    /** A command applied, with the trace's length and digest after it. */
    record Applied(String command, long events, String digest) {
    }

    private record Loaded<O>(O options, List<Applied> commands) {
    }

    private final Path directory;
    private final SessionKind<O, P> kind;

    public Sessions(Path directory, SessionKind<O, P> kind) {
        this.directory = directory;
        this.kind = kind;
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    /** Starts a new session, replacing any earlier one; returns what to print. */
    public String start(O options) {
        return locked(() -> {
            P session = kind.start(options);
            save(options, List.of());
            return kind.started(options, session);
        });
    }

    /** Replays the session, parses and applies the command, records it; returns what to print. */
    public String apply(String commandLine) {
        return locked(() -> {
            Loaded<O> file = load();
            P session = replay(file);
            String out = session.apply(commandLine);
            List<Applied> commands = new ArrayList<>(file.commands());
            commands.add(new Applied(session.commands().get(session.commands().size() - 1), session.events(), session.digest()));
            save(file.options(), commands);
            return out;
        });
    }

    /** The session rebuilt, read only (state, export, animation). */
    public <T> T read(Function<P, T> reader) {
        return locked(() -> reader.apply(replay(load())));
    }

    /** Every node's state and the messages in flight. */
    public String state() {
        return read(SimulatedSession::state);
    }

    /** The session as a message-sequence diagram, for 'animate'. */
    public SequenceDiagram.Drawing diagram() {
        return read(SequenceDiagram::drawing);
    }

    /** The session's options, to check arguments against its cluster before anything runs. */
    public O options() {
        return locked(() -> load().options());
    }

    /**
     * Writes the session as one self-contained HTML page animating its trace ({@code out}, or
     * {@code session.html} beside the session file when null) and returns the page's path.
     */
    public Path exportHtml(Path out) {
        String page = read(SimulatedSession::html);
        Path target = out == null ? directory.resolve("session.html") : out.toAbsolutePath();
        writeAtomically(target, page);
        return target;
    }

    /** Writes every trace event as a JSON line (the simulator's own numbering, nodes from 0) and returns the path. */
    public Path exportJsonLines(Path out) {
        String lines = read(session -> {
            StringBuilder text = new StringBuilder();
            session.trace().forEach(event -> text.append(event.json()).append('\n'));
            return text.toString();
        });
        Path target = out == null ? directory.resolve("trace.jsonl") : out.toAbsolutePath();
        writeAtomically(target, lines);
        return target;
    }

    private P replay(Loaded<O> file) {
        P session = kind.start(file.options());
        int position = 0;
        for (Applied applied : file.commands()) {
            position++;
            try {
                session.apply(applied.command());
            } catch (BadCommandException e) {
                throw new PlaygroundException("the session's command " + position + " ('" + applied.command() + "') does not read: "
                        + e.getMessage() + "; '" + kind.word() + " new' starts a new session");
            }
            if (session.events() != applied.events() || !session.digest().equals(applied.digest())) {
                throw new PlaygroundException("replaying the session diverged at command " + position + " ('" + applied.command()
                        + "'): it was recorded by a different simulator or " + kind.title() + "; '" + kind.word() + " new' starts again");
            }
        }
        return session;
    }

    private Loaded<O> load() {
        Path file = file();
        String what = kind.title() + " session";
        if (!Files.exists(file)) {
            throw new PlaygroundException("no " + what + " yet: '" + kind.example() + "' starts one");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new PlaygroundException(file + " is not a " + what + " (" + e.getOriginalMessage().lines().findFirst().orElse("unreadable")
                    + "); '" + kind.word() + " new' starts a new one");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject() || !tree.path("commands").isArray() || !tree.path("format").isInt()) {
            throw new PlaygroundException(file + " is not a " + what + " (no format or commands); '" + kind.word() + " new' starts a new one");
        }
        if (tree.get("format").asInt() > FORMAT) {
            throw new PlaygroundException(file + " was written by a newer dslab (format " + tree.get("format").asInt() + "); update dslab or '"
                    + kind.word() + " new'");
        }
        O options;
        try {
            options = kind.options(tree);
        } catch (BadCommandException e) {
            throw new PlaygroundException(file + " holds options dslab refuses (" + e.getMessage() + "); '" + kind.word() + " new' starts a new one");
        }
        List<Applied> commands = new ArrayList<>();
        for (JsonNode applied : tree.get("commands")) {
            if (!applied.path("command").isTextual() || !applied.path("events").canConvertToLong() || !applied.path("digest").isTextual()) {
                throw new PlaygroundException(file + " is not a " + what + " (a command without its events and digest); '"
                        + kind.word() + " new' starts a new one");
            }
            commands.add(new Applied(applied.get("command").asText(), applied.get("events").asLong(), applied.get("digest").asText()));
        }
        return new Loaded<>(options, commands);
    }

    private void save(O options, List<Applied> commands) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("format", FORMAT);
        session.putAll(kind.fields(options));
        session.put("commands", commands);
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
                throw new PlaygroundException("another dslab has held the " + kind.title() + " session for " + LOCK_WAIT_NANOS / 1_000_000_000
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
            throw new PlaygroundException("interrupted while waiting for the " + kind.title() + " session");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory, e);
        }
    }
}
