package dev.dslab.curriculum.quiz;

/** Piped answers that do not fit the question asked: one line for the learner. */
public final class QuizInputException extends RuntimeException {

    public QuizInputException(String message) {
        super(message);
    }
}
