package dev.dslab.scenarios.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends a run's operations to its history file, one JSON line each, flushed per operation: a crash at any
 * moment keeps every operation completed before it (at worst the last line is cut, which the reader reports).
 */
public final class HistoryWriter implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    public HistoryWriter(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public synchronized void append(RecordedOp op) {
        try {
            out.write(JSON.writeValueAsString(op));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the history file: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
