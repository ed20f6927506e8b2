package dev.dslab.shell.quiz;

/** Piped answers that do not fit the question, or that end before the quiz does: one line for the learner. */
public final class QuizInputException extends RuntimeException {

    public QuizInputException(String message) {
        super(message);
    }
}
