package dev.dslab.curriculum.review;

import dev.dslab.curriculum.question.Grade;

/** How well a card was recalled, FSRS's four grades. */
public enum Rating {
    AGAIN(1), HARD(2), GOOD(3), EASY(4);

    private final int value;

    Rating(int value) {
        this.value = value;
    }

    /** FSRS's grade number G (1 to 4), as its formulas use it. */
    public int value() {
        return value;
    }

    /**
     * The rating a graded answer earns: wrong is AGAIN, right with partial credit (an open answer that met two
     * of three rubric points, a nearly right order) is HARD, fully right is GOOD. EASY is never given: a quiz
     * cannot tell an effortless answer from a careful one.
     */
    public static Rating of(Grade grade) {
        if (!grade.correct()) {
            return AGAIN;
        }
        return grade.score() < 1 ? HARD : GOOD;
    }
}
