package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.admin.AdminException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The local Lambda model's settings, the admin control {@code lambda/settings}.
 *
 * @param accountConcurrency   the account's concurrency limit (AWS: 1,000 by default; locally 50, since each
 *                             environment is a JVM of its own on the learner's machine)
 * @param idleReapMillis       how long an idle environment is kept for reuse (AWS: undocumented, minutes)
 * @param asyncRetryBaseMillis the async retry period: retries come 1 and 2 periods after a failure (AWS: 1 minute)
 */
record LambdaSettings(int accountConcurrency, long idleReapMillis, long asyncRetryBaseMillis) {

    static final LambdaSettings DEFAULTS = new LambdaSettings(50, LambdaFunction.IDLE_LIFETIME.toMillis(), 60_000);
    private static final Set<String> FIELDS = Set.of("accountConcurrency", "idleReapMillis", "asyncRetryBaseMillis");

    /** These settings with the fields of a POST body changed; unknown fields and values out of range are refused. */
    LambdaSettings with(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw AdminException.badRequest("unknown setting '" + name + "'; allowed: accountConcurrency, idleReapMillis, asyncRetryBaseMillis");
            }
        }
        return new LambdaSettings(
                (int) number(body, "accountConcurrency", accountConcurrency, 1, 1000),
                number(body, "idleReapMillis", idleReapMillis, 100, 3_600_000),
                number(body, "asyncRetryBaseMillis", asyncRetryBaseMillis, 10, 600_000));
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accountConcurrency", accountConcurrency);
        map.put("idleReapMillis", idleReapMillis);
        map.put("asyncRetryBaseMillis", asyncRetryBaseMillis);
        return map;
    }

    private static long number(JsonNode body, String field, long current, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null) {
            return current;
        }
        if (!value.isIntegralNumber()) {
            throw AdminException.badRequest(field + " must be a whole number from " + min + " to " + max + "; got " + value);
        }
        long number = value.asLong();
        if (number < min || number > max) {
            throw AdminException.badRequest(field + " must be from " + min + " to " + max + "; got " + number);
        }
        return number;
    }
}
