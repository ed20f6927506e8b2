package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dslab.local.state.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One mapping's positions in its stream, kept in one JSON file under the daemon's home and replaced
 * atomically (written to a temporary file, forced to disk, renamed over the old one) after every batch, so
 * a mapping that is disabled and enabled again, or a daemon that stops between two batches, resumes after
 * the last record whose batch completed: nothing is skipped, and at most the batches in flight are replayed.
 *
 * <pre>{"initialShards": [...], "shards": {"shardId-...": {"sequenceNumber": "...", "finished": false,
 *   "window": {"start": ms, "state": {...}}}}}</pre>
 */
final class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a shard's processing stands: the last completed sequence number (null: none yet), finished, window state. */
    record ShardPosition(String sequenceNumber, boolean finished, long windowStartMillis, JsonNode windowState) {
        static final ShardPosition NONE = new ShardPosition(null, false, -1, null);
    }

    private final Path file;
    private final ObjectNode content;

    private Checkpoints(Path file, ObjectNode content) {
        this.file = file;
        this.content = content;
    }

    static Checkpoints open(Path file) {
        try {
            if (Files.exists(file)) {
                return new Checkpoints(file, (ObjectNode) JSON.readTree(file.toFile()));
            }
            Files.createDirectories(file.getParent());
            ObjectNode empty = JSON.createObjectNode();
            empty.putObject("shards");
            return new Checkpoints(file, empty);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints " + file, e);
        }
    }

    /** The shards open when the mapping first started: they begin at its StartingPosition, later ones at their start. */
    synchronized Set<String> initialShards() {
        Set<String> shards = new LinkedHashSet<>();
        content.path("initialShards").forEach(node -> shards.add(node.asText()));
        return shards;
    }

    synchronized boolean hasInitialShards() {
        return content.has("initialShards");
    }

    synchronized void setInitialShards(Set<String> shards) {
        ArrayNode array = content.putArray("initialShards");
        shards.forEach(array::add);
        write();
    }

    synchronized ShardPosition position(String shardId) {
        JsonNode shard = content.path("shards").path(shardId);
        if (shard.isMissingNode()) {
            return ShardPosition.NONE;
        }
        JsonNode window = shard.path("window");
        return new ShardPosition(shard.path("sequenceNumber").asText(null), shard.path("finished").asBoolean(false),
                window.path("start").asLong(-1), window.isMissingNode() ? null : window.path("state"));
    }

    synchronized void save(String shardId, ShardPosition position) {
        ObjectNode shard = ((ObjectNode) content.get("shards")).putObject(shardId);
        if (position.sequenceNumber() != null) {
            shard.put("sequenceNumber", position.sequenceNumber());
        }
        shard.put("finished", position.finished());
        if (position.windowStartMillis() >= 0) {
            ObjectNode window = shard.putObject("window");
            window.put("start", position.windowStartMillis());
            window.set("state", position.windowState() == null ? JSON.createObjectNode() : position.windowState());
        }
        write();
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoints " + file, e);
        }
    }

    private void write() {
        try {
            JsonFiles.writeBytes(file, JSON.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoints " + file, e);
        }
    }
}
