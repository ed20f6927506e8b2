package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.question.Grade;
import java.time.Instant;

/**
 * One graded answer.
 *
 * @param questionText the question as it was asked: its stem, then its options lettered a), b), ...
 * @param response     what the learner answered, as typed (an open answer with the rubric points they claimed)
 */
public record QuizAnswer(QuizItem item, String questionText, String response, Grade grade, Instant answeredAt) {
}
