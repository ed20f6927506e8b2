package dev.dslab.curriculum.quiz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * PRACTICE explains each answer at once; EXAM runs against a time limit and explains everything at the end, with
 * the score by topic; REVIEW asks what the spaced-repetition schedule says is due, explained as in practice.
 */
public enum QuizMode {
    PRACTICE, EXAM, REVIEW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QuizMode> byId(String id) {
        return Arrays.stream(values()).filter(mode -> mode.id().equals(id)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(QuizMode::id).collect(Collectors.joining(", "));
    }
}
