package dev.dslab.scenarios.engine;

import java.util.List;
import java.util.Map;

/** What a quiz template and a report know of a finished run. */
public record RunSummary(String runId, String experiment, long seed, String target, Map<String, String> parameters,
                         Observations observations, List<Check> checks) {
}
