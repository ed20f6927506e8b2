package dev.dslab.scenarios.engine;

import dev.dslab.curriculum.question.Question;
import java.util.Optional;

/**
 * A question about a run's own observations, e.g. "In your run, what fraction of eventually consistent
 * reads issued within 10 ms of a write were stale?" with the run's figure as the key. Empty when the run
 * did not observe what the question needs (too few reads in that window, an interrupted run).
 */
@FunctionalInterface
public interface QuizTemplate {

    Optional<Question> instantiate(RunSummary run);
}
