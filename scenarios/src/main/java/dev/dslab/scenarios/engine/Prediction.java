package dev.dslab.scenarios.engine;

import java.util.List;
import java.util.Optional;

/**
 * A question the learner answers before a run, whose answer the run's own observation decides: each
 * choice is a range [from, to) of the observation's value. The report shows the prediction beside it.
 */
public record Prediction(String question, String observationId, List<Choice> choices) {

    public record Choice(String label, double from, double to) {
    }

    public Prediction {
        choices = List.copyOf(choices);
        if (choices.size() < 2) {
            throw new IllegalArgumentException("a prediction needs at least two choices");
        }
    }

    /** The index of the choice the observed value falls in. */
    public Optional<Integer> outcome(Observations observations) {
        return observations.value(observationId).flatMap(value -> {
            for (int i = 0; i < choices.size(); i++) {
                if (value >= choices.get(i).from() && value < choices.get(i).to()) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        });
    }
}
