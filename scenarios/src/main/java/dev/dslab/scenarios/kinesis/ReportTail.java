package dev.dslab.scenarios.kinesis;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a worker's report as it grows: each {@link #poll()} returns the complete lines appended since the
 * last, so a long run reads every byte once. A line still being written waits for the next poll.
 */
public final class ReportTail {

    private final Path file;
    private long offset;

    public ReportTail(Path file) {
        this.file = file;
    }

    public List<WorkerEvent> poll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] fresh;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return List.of();
            }
            fresh = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - offset)];
            in.seek(offset);
            in.readFully(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker report " + file, e);
        }
        int lastNewline = -1;
        for (int i = fresh.length - 1; i >= 0; i--) {
            if (fresh[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            return List.of();
        }
        offset += lastNewline + 1;
        List<WorkerEvent> events = new ArrayList<>();
        for (String line : new String(fresh, 0, lastNewline + 1, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(WorkerReports.parse(line, file));
            }
        }
        return events;
    }
}
