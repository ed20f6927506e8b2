package dev.dslab.curriculum.review;

import java.time.Instant;
import java.util.Objects;

/**
 * One question's memory state under FSRS. A card never reviewed has no stability and difficulty yet
 * ({@link #isNew()}) and is due at once.
 *
 * @param step       the learning or relearning step it is on; -1 in REVIEW
 * @param stability  days until recall probability falls to 90 %; NaN before the first review
 * @param difficulty 1 (easy) to 10 (hard); NaN before the first review
 * @param lastReview null before the first review
 */
public record ReviewCard(CardState state, int step, double stability, double difficulty, Instant due, Instant lastReview) {

    public ReviewCard {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(due, "due");
    }

    public static ReviewCard fresh(Instant now) {
        return new ReviewCard(CardState.LEARNING, 0, Double.NaN, Double.NaN, now, null);
    }

    public boolean isNew() {
        return Double.isNaN(stability);
    }

    public boolean dueAt(Instant now) {
        return !due.isAfter(now);
    }
}
