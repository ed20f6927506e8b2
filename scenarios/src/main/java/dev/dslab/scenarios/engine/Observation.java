package dev.dslab.scenarios.engine;

import java.util.Objects;

/**
 * One measured fact of a run, e.g. the stale fraction of eventually consistent reads: what the summary
 * prints, the learner store keeps, and the quiz asks about. {@code unit} is "" for plain counts.
 */
public record Observation(String id, String label, double value, String unit) {

    public Observation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
    }

    /** The value as a person reads it: "12.5 %", "37 ms", "1,204". */
    public String formatted() {
        return Numbers.format(value) + (unit.isEmpty() ? "" : (unit.equals("%") ? " %" : " " + unit));
    }
}
