package dev.dslab.scenarios.kinesis;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;

/** Reads a worker's report file as it is now; a last line cut off by a kill -9 is left out, not an error. */
public final class WorkerReports {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> LINE = new TypeReference<>() {
    };

    private WorkerReports() {
    }

    public static List<WorkerEvent> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException notYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker report " + file, e);
        }
        List<WorkerEvent> events = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                break; // an unterminated last line is one still being written, or cut off by a kill
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            events.add(parse(line, file));
        }
        return events;
    }

    /** One complete report line. */
    static WorkerEvent parse(String line, Path file) {
        try {
            Map<String, Object> fields = JSON.readValue(line, LINE);
            return new WorkerEvent((String) fields.get("event"), (String) fields.get("worker"),
                    Instant.parse((String) fields.get("time")), (String) fields.get("shard"),
                    (String) fields.get("sequenceNumber"), (String) fields.get("partitionKey"),
                    (String) fields.get("data"), fields);
        } catch (IOException | RuntimeException malformed) {
            throw new IllegalStateException("the worker report " + file + " has a malformed line: " + line, malformed);
        }
    }

    /**
     * Records the dead worker processed after the checkpoint the survivor resumed each of its shards from (the
     * survivor's lease-gained line names it): exactly what KCL delivers again.
     */
    public static long replayed(List<WorkerEvent> victim, List<WorkerEvent> survivor, Set<String> shards, Instant killedAt) {
        Map<String, java.math.BigInteger> resumedAfter = new HashMap<>();
        for (WorkerEvent event : survivor) {
            if (event.is("lease-gained") && shards.contains(event.shard()) && event.time().isAfter(killedAt)
                    && !resumedAfter.containsKey(event.shard())) {
                Object from = event.fields().get("from");
                // TRIM_HORIZON (no checkpoint yet): everything the dead worker did is replayed
                resumedAfter.put(event.shard(), from instanceof String text && text.matches("\\d+")
                        ? new java.math.BigInteger(text) : java.math.BigInteger.valueOf(-1));
            }
        }
        return victim.stream().filter(event -> event.is("record") && resumedAfter.containsKey(event.shard())
                && new java.math.BigInteger(event.sequenceNumber()).compareTo(resumedAfter.get(event.shard())) > 0).count();
    }
}
