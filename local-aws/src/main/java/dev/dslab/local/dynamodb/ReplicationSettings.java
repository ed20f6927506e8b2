package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.admin.AdminException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The replication model's settings, changed at runtime through the admin endpoint dynamodb/replication.
 *
 * @param seed seeds the random draws (lags, the replica an eventually consistent read goes to) so that an
 *             experiment can be repeated
 */
public record ReplicationSettings(long lagMedianMillis, long lagP99Millis, long gsiLagMedianMillis, long gsiLagP99Millis,
                                  AckMode ack, long electionMillis, long seed) {

    public static final ReplicationSettings DEFAULTS = new ReplicationSettings(20, 200, 100, 1000, AckMode.QUORUM, 1500, 1);

    /** Lags beyond this are a typo, not an experiment: the front would hold writes for minutes. */
    private static final long MAX_MILLIS = 60_000;
    private static final Set<String> FIELDS = Set.of("lagMedianMillis", "lagP99Millis", "gsiLagMedianMillis", "gsiLagP99Millis",
            "ack", "electionMillis", "seed");

    public ReplicationSettings {
        requireLag("lag", lagMedianMillis, lagP99Millis);
        requireLag("gsiLag", gsiLagMedianMillis, gsiLagP99Millis);
        if (electionMillis < 0 || electionMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("electionMillis must be between 0 and " + MAX_MILLIS + " (got " + electionMillis + ")");
        }
    }

    private static void requireLag(String name, long median, long p99) {
        if (median < 0 || median > MAX_MILLIS) {
            throw new IllegalArgumentException(name + "MedianMillis must be between 0 and " + MAX_MILLIS + " (got " + median + ")");
        }
        if (p99 < median || p99 > MAX_MILLIS) {
            throw new IllegalArgumentException(name + "P99Millis must be between " + name + "MedianMillis (" + median + ") and "
                    + MAX_MILLIS + " (got " + p99 + ")");
        }
        if (median == 0 && p99 != 0) {
            throw new IllegalArgumentException(name + "P99Millis must be 0 when " + name + "MedianMillis is 0 (a median of 0 means no lag)");
        }
    }

    LagDistribution lag() {
        return new LagDistribution(lagMedianMillis, lagP99Millis);
    }

    LagDistribution gsiLag() {
        return new LagDistribution(gsiLagMedianMillis, gsiLagP99Millis);
    }

    /** These settings with the fields given in {@code changes}; the others keep their value. */
    ReplicationSettings with(JsonNode changes) {
        if (changes == null || !changes.isObject()) {
            throw AdminException.badRequest("the body must be a JSON object with any of " + String.join(", ", sortedFields()));
        }
        for (Iterator<String> names = changes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AdminException.badRequest("unknown setting '" + name + "'; allowed: " + String.join(", ", sortedFields()));
            }
        }
        try {
            return new ReplicationSettings(
                    number(changes, "lagMedianMillis", lagMedianMillis), number(changes, "lagP99Millis", lagP99Millis),
                    number(changes, "gsiLagMedianMillis", gsiLagMedianMillis), number(changes, "gsiLagP99Millis", gsiLagP99Millis),
                    changes.has("ack") ? AckMode.parse(changes.get("ack").asText()) : ack,
                    number(changes, "electionMillis", electionMillis), number(changes, "seed", seed));
        } catch (IllegalArgumentException invalid) {
            throw AdminException.badRequest(invalid.getMessage());
        }
    }

    private static long number(JsonNode changes, String name, long current) {
        JsonNode value = changes.get(name);
        if (value == null) {
            return current;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be a whole number (got " + value + ")");
        }
        return value.longValue();
    }

    private static java.util.List<String> sortedFields() {
        return FIELDS.stream().sorted().toList();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lagMedianMillis", lagMedianMillis);
        json.put("lagP99Millis", lagP99Millis);
        json.put("gsiLagMedianMillis", gsiLagMedianMillis);
        json.put("gsiLagP99Millis", gsiLagP99Millis);
        json.put("ack", ack.label());
        json.put("electionMillis", electionMillis);
        json.put("seed", seed);
        return json;
    }
}
