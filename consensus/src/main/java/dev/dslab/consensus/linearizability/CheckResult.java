package dev.dslab.consensus.linearizability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The overall verdict: NOT_LINEARIZABLE if any key is, else UNKNOWN if any key ran out of budget, else
 * LINEARIZABLE. Per-key results are in key order.
 */
public record CheckResult(Verdict verdict, Map<String, KeyResult> keys, Duration elapsed) {

    public CheckResult {
        keys = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(keys));
    }

    public List<Violation> violations() {
        return keys.values().stream().flatMap(k -> k.violation().stream()).toList();
    }
}
