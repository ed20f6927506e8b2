package dev.dslab.kcl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's report file: one JSON object per line, each written with one unbuffered append, so a worker
 * killed -9 loses at most the line it was writing and a reader sees every earlier line. Several workers may
 * append to the same file (O_APPEND keeps whole writes together) or each to its own.
 *
 * <p>Every line has {@code event}, {@code worker} and {@code time} (ISO-8601, the worker's clock). Events:
 * {@code started}, {@code record} (shard, sequenceNumber, subSequenceNumber, partitionKey, arrival, data),
 * {@code lease-gained} (shard, from: the checkpoint it resumes after), {@code lease-lost}, {@code checkpoint}
 * (shard, sequenceNumber, records since the previous one), {@code shard-ended}, {@code shutdown-requested},
 * {@code stopped}.
 */
final class Report implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String worker;
    private final FileChannel channel;

    Report(Path file, String worker) {
        this.worker = worker;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the report file " + file, e);
        }
    }

    /** Appends one line: the event, the worker, the time, then the given fields in order. */
    void write(String event, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("worker", worker);
        line.put("time", Instant.now().toString());
        line.putAll(fields);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a report line for " + event, e);
        }
        synchronized (this) {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the report file", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the report file", e);
        }
    }
}
