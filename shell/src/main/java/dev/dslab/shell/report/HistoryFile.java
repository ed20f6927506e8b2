package dev.dslab.shell.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.scenarios.history.RecordedOp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's history.jsonl read back. The writer flushes one line per operation, so a crash can cut the last
 * line: such lines are counted, not fatal, and the report says how many it could not read.
 */
public record HistoryFile(List<RecordedOp> operations, int unreadableLines) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HistoryFile {
        operations = List.copyOf(operations);
    }

    /** The history in a run directory; empty when the run recorded none (no file). */
    public static HistoryFile read(Path file) {
        List<RecordedOp> operations = new ArrayList<>();
        int unreadable = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    operations.add(JSON.readValue(line, RecordedOp.class));
                } catch (JsonProcessingException cutOrCorrupt) {
                    unreadable++;
                }
            }
        } catch (NoSuchFileException none) {
            return new HistoryFile(List.of(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file + ": " + e.getMessage(), e);
        }
        return new HistoryFile(operations, unreadable);
    }
}
