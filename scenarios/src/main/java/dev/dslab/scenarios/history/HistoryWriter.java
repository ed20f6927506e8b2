package dev.dslab.scenarios.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends recorded operations to a JSON Lines file, one line per operation, as they complete. Each line
 * goes to the file in one unbuffered write, so a crash of the process keeps every line appended before
 * it (at worst the line being written is cut short, which {@link HistoryReader} reports). Not fsynced:
 * a crash of the machine may lose the latest lines. Safe for concurrent clients.
 */
public final class HistoryWriter implements Closeable {

    private final Path file;
    private final OutputStream out;
    private final ObjectMapper mapper = HistoryJson.mapper();
    private boolean closed;

    /** Opens {@code file} for appending, creating it (not its directory) if it does not exist. */
    public HistoryWriter(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** The same as the constructor, for call sites that read better with a verb. */
    public static HistoryWriter open(Path file) throws IOException {
        return new HistoryWriter(file);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(RecordedOp op) {
        if (closed) {
            throw new IllegalStateException("the history " + file + " is closed; operation " + op.index() + " was not recorded");
        }
        byte[] line;
        try {
            byte[] json = mapper.writeValueAsBytes(op);
            line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("operation " + op.index() + " cannot be written as JSON", e);
        }
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the history " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
