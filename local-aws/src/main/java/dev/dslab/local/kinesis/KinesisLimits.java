package dev.dslab.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.admin.AdminException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-shard limits of every stream and the switch that enforces them, served as the admin control
 * {@code kinesis/limits}: GET answers {@code {enabled, shards: [...counters]}}, POST {@code {"enabled": false}}
 * switches enforcement (switching on starts every shard with full buckets).
 */
final class KinesisLimits {

    private final Map<String, ShardLimits> shards = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    boolean enabled() {
        return enabled;
    }

    ShardLimits of(String stream, String shardId) {
        return shards.computeIfAbsent(stream + '/' + shardId, key -> new ShardLimits(stream, shardId, System.nanoTime()));
    }

    /** A deleted stream's shards: a stream created again under the name starts afresh. */
    void forget(String stream) {
        shards.values().removeIf(limits -> limits.stream().equals(stream));
    }

    synchronized Object endpoint(String method, JsonNode body) {
        if (method.equals("POST")) {
            set(body);
        } else if (!method.equals("GET")) {
            throw new AdminException(405, "use GET to read or POST to change kinesis/limits");
        }
        return toJson();
    }

    private void set(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminException.badRequest("send a JSON object {\"enabled\": true} or {\"enabled\": false}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("enabled")) {
                throw AdminException.badRequest("unknown setting '" + name + "'; the only setting is enabled (true or false)");
            }
        }
        JsonNode value = body.get("enabled");
        if (value == null || !value.isBoolean()) {
            throw AdminException.badRequest("enabled must be true or false, got " + (value == null ? "nothing" : value.toString()));
        }
        boolean on = value.booleanValue();
        if (on && !enabled) {
            long now = System.nanoTime();
            shards.values().forEach(limits -> limits.refill(now));
        }
        enabled = on;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("enabled", enabled);
        List<ShardLimits> sorted = new ArrayList<>(shards.values());
        sorted.sort(Comparator.comparing(ShardLimits::stream).thenComparing(ShardLimits::shardId));
        json.put("shards", sorted.stream().map(ShardLimits::toJson).toList());
        return json;
    }
}
