package dev.dslab.scenarios.engine;

import java.util.List;
import java.util.Map;

/**
 * What a run found: observations (numbers the summary, store and quiz use), checker verdicts, charts,
 * and marks on single operations of the history (operation index to a label such as "stale: 2 versions
 * behind") that the report's timeline highlights.
 */
public record ExperimentResult(List<Observation> observations, List<Check> checks, List<Chart> charts, Map<Long, String> marks) {

    public ExperimentResult {
        observations = List.copyOf(observations);
        checks = List.copyOf(checks);
        charts = List.copyOf(charts);
        marks = Map.copyOf(marks);
        new Observations(observations);
    }
}
