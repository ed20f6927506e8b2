package dev.dslab.local.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.admin.AdminException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The settings of the S3 front, as the admin endpoint {@code s3/consistency} reads and changes them.
 * The lag is how long a mutation stays invisible to an eventually consistent read, drawn per read from a
 * log-normal with the given median and 99th percentile. AWS never published figures for S3's old
 * propagation delay: the defaults (200 ms median, 2 s p99) are illustrative.
 */
public record ConsistencySettings(ConsistencyMode mode, long lagMedianMillis, long lagP99Millis, long seed) {

    public static final ConsistencySettings DEFAULT = new ConsistencySettings(ConsistencyMode.STRONG, 200, 2_000, 1);
    static final long MAX_LAG_MILLIS = 60_000;
    private static final Set<String> FIELDS = Set.of("mode", "lagMedianMillis", "lagP99Millis", "seed");

    public ConsistencySettings {
        if (lagMedianMillis < 1 || lagMedianMillis > MAX_LAG_MILLIS) {
            throw AdminException.badRequest("lagMedianMillis must be a whole number of milliseconds from 1 to " + MAX_LAG_MILLIS
                    + ", got " + lagMedianMillis);
        }
        if (lagP99Millis < lagMedianMillis || lagP99Millis > MAX_LAG_MILLIS) {
            throw AdminException.badRequest("lagP99Millis must be from lagMedianMillis (" + lagMedianMillis + ") to " + MAX_LAG_MILLIS
                    + " milliseconds, got " + lagP99Millis);
        }
    }

    /** These settings with the fields present in {@code changes} replaced; refuses unknown fields and bad values. */
    public ConsistencySettings with(JsonNode changes) {
        if (changes == null || !changes.isObject()) {
            throw AdminException.badRequest("send a JSON object with any of: " + String.join(", ", FIELDS));
        }
        for (Iterator<String> names = changes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AdminException.badRequest("unknown setting '" + name + "'; the settings are mode, lagMedianMillis, lagP99Millis, seed");
            }
        }
        ConsistencyMode newMode = mode;
        if (changes.has("mode")) {
            JsonNode value = changes.get("mode");
            newMode = ConsistencyMode.byLabel(value.isTextual() ? value.asText() : value.toString()).orElseThrow(() ->
                    AdminException.badRequest("mode must be one of " + ConsistencyMode.labels() + ", got " + value));
        }
        return new ConsistencySettings(newMode, whole(changes, "lagMedianMillis", lagMedianMillis),
                whole(changes, "lagP99Millis", lagP99Millis), whole(changes, "seed", seed));
    }

    private static long whole(JsonNode changes, String name, long current) {
        if (!changes.has(name)) {
            return current;
        }
        JsonNode value = changes.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw AdminException.badRequest(name + " must be a whole number, got " + value);
        }
        return value.asLong();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode.label());
        json.put("lagMedianMillis", lagMedianMillis);
        json.put("lagP99Millis", lagP99Millis);
        json.put("seed", seed);
        return json;
    }
}
