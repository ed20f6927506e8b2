package dev.dslab.scenarios.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One run as it is stored (result.json in its directory, a row in the learner store): what ran, with which
 * seed, parameters, target and model settings, how it ended, and its result when it completed.
 *
 * @param model      the local target's model settings during the run (control path to settings); empty on aws
 * @param prediction the choice the learner predicted (index into the prediction's choices), or null
 * @param result     null unless COMPLETED
 */
public record RunRecord(String runId, String experiment, long seed, String target, Map<String, String> parameters,
                        Map<String, Map<String, Object>> model, Integer prediction, RunStatus status, String reason,
                        Instant startedAt, Instant endedAt, long operations, ExperimentResult result) {

    public static final String RECORD_FILE = "result.json";
    public static final String HISTORY_FILE = "history.jsonl";
}
