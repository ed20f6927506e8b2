package dev.dslab.curriculum.quiz;

import java.util.Optional;

/** Where a quiz reads the learner's answers, one line at a time. */
public interface AnswerSource {

    /** Shows the prompt and reads one line; empty at the end of input (Ctrl-D, the end of a pipe). */
    Optional<String> ask(String prompt);

    /**
     * Whether a person is typing: bad input is then asked again; from a pipe (one answer per line) it ends
     * the quiz with one line saying what was wrong.
     */
    boolean interactive();
}
