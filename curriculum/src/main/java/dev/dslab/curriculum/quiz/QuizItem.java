package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.question.Question;
import java.util.Objects;

/**
 * A question as a quiz asks it. {@code card} names it in the review schedule: a bank question's id, or
 * {@code run:<run id>:<question id>} for a question on what one of the learner's runs observed (its numbers are
 * that run's). {@code origin} says where it comes from, for the learner ("" for bank questions).
 */
public record QuizItem(String card, Question question, String origin) {

    public QuizItem {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(question, "question");
        origin = origin == null ? "" : origin;
    }

    public static QuizItem fromBank(Question question) {
        return new QuizItem(question.id(), question, "");
    }

    public static QuizItem fromRun(String runId, Question question) {
        return new QuizItem(runCard(runId, question.id()), question, "on your run " + runId);
    }

    public static String runCard(String runId, String questionId) {
        return "run:" + runId + ":" + questionId;
    }
}
