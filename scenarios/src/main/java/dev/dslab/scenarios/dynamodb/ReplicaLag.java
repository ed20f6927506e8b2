package dev.dslab.scenarios.dynamodb;

import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.RunContext;
import java.util.List;
import java.util.Map;

/**
 * The replica-lag parameters of the experiments that read from DynamoDB replicas, and how they set the
 * local target's replication model (lagMedianMillis/lagP99Millis of the "dynamodb/replication" control).
 */
final class ReplicaLag {

    private ReplicaLag() {
    }

    static List<ParameterSpec> parameters(String scope) {
        return List.of(
                ParameterSpec.duration("lag-median", "20ms", "0ms", "10s", scope + "median replica lag of the model"),
                ParameterSpec.duration("lag-p99", "200ms", "0ms", "30s", scope + "99th percentile replica lag"));
    }

    /** Sets the model's lag for this run, when the target has a model (a real account has none). */
    static void apply(RunContext context) {
        ParameterValues p = context.parameters();
        if (p.millis("lag-p99") < p.millis("lag-median")) {
            throw new IllegalArgumentException("parameter 'lag-p99' must be at least lag-median");
        }
        if (context.model().isPresent()) {
            context.changeModel("dynamodb/replication", Map.of("lagMedianMillis", Math.round(p.millis("lag-median")),
                    "lagP99Millis", Math.round(p.millis("lag-p99")), "seed", context.seed()));
        }
    }
}
