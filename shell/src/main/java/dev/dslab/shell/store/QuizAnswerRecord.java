package dev.dslab.shell.store;

import java.time.Instant;

/**
 * One graded answer to a question of a run's quiz.
 *
 * @param question the question as it was asked: its stem and lettered options
 * @param response what the learner answered, as typed (an open answer with the rubric points they claimed)
 * @param score    0 to 1 (partial credit)
 */
public record QuizAnswerRecord(String runId, String questionId, String question, String response, double score,
                               boolean correct, Instant answeredAt) {
}
