package dev.dslab.curriculum.review;

import dev.dslab.curriculum.question.Grade;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.dslab.curriculum.review.Rating.AGAIN;
import static dev.dslab.curriculum.review.Rating.GOOD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scheduler against the reference values py-fsrs 6 publishes in its tests (tests/test_basic.py, the same
 * vectors as ts-fsrs's FSRS-6 tests): default parameters, fuzz off, first review 2022-11-29 12:30 UTC.
 */
class FsrsTest {

    private static final Instant START = Instant.parse("2022-11-29T12:30:00Z");
    private final Fsrs fsrs = Fsrs.defaults();

    @Test
    void intervalsOfGoodSixTimesAgainTwiceGoodFiveTimesAreTheReferenceOnes() {
        List<Rating> ratings = List.of(GOOD, GOOD, GOOD, GOOD, GOOD, GOOD, AGAIN, AGAIN, GOOD, GOOD, GOOD, GOOD, GOOD);
        ReviewCard card = ReviewCard.fresh(START);
        Instant now = START;
        List<Long> intervals = new ArrayList<>();
        for (Rating rating : ratings) {
            card = fsrs.review(card, rating, now);
            intervals.add(Duration.between(card.lastReview(), card.due()).toDays());
            now = card.due();
        }
        assertThat(intervals).containsExactly(0L, 2L, 11L, 46L, 163L, 498L, 0L, 0L, 2L, 4L, 7L, 12L, 21L);
    }

    @Test
    void memoryStateAfterAgainThenGoodFiveTimesIsTheReferenceOne() {
        List<Rating> ratings = List.of(AGAIN, GOOD, GOOD, GOOD, GOOD, GOOD);
        int[] daysBefore = {0, 0, 1, 3, 8, 21};
        ReviewCard card = ReviewCard.fresh(START);
        Instant now = START;
        for (int i = 0; i < ratings.size(); i++) {
            now = now.plus(Duration.ofDays(daysBefore[i]));
            card = fsrs.review(card, ratings.get(i), now);
        }
        assertThat(card.stability()).isCloseTo(53.62691, within(1e-4));
        assertThat(card.difficulty()).isCloseTo(6.3574867, within(1e-4));
    }

    @Test
    void aFirstReviewSetsTheInitialStabilityAndDifficultyOfItsRating() {
        // S0 = w[G-1]; D0(G) = w4 - e^(w5 (G-1)) + 1, clamped to [1, 10]: 6.4133, 5.1122, 2.1181, 1
        double[] stability = {0.212, 1.2931, 2.3065, 8.2956};
        double[] difficulty = {6.4133, 5.112170705601056, 2.118103970459016, 1.0};
        for (Rating rating : Rating.values()) {
            ReviewCard card = fsrs.review(ReviewCard.fresh(START), rating, START);
            assertThat(card.stability()).isCloseTo(stability[rating.value() - 1], within(1e-9));
            assertThat(card.difficulty()).isCloseTo(difficulty[rating.value() - 1], within(1e-9));
        }
    }

    @Test
    void recallProbabilityIsNinetyPercentWhenTheDaysEqualTheStability() {
        ReviewCard card = new ReviewCard(CardState.REVIEW, -1, 10, 5, START, START);
        assertThat(fsrs.retrievability(card, START.plus(Duration.ofDays(10)))).isCloseTo(0.9, within(1e-9));
        assertThat(fsrs.retrievability(ReviewCard.fresh(START), START)).isZero();
        assertThat(fsrs.intervalDays(10)).isEqualTo(10);
    }

    @Test
    void aGradeBecomesARating() {
        assertThat(Rating.of(new Grade(0, false, "x"))).isEqualTo(AGAIN);
        assertThat(Rating.of(new Grade(0.5, false, "x"))).isEqualTo(AGAIN);
        assertThat(Rating.of(new Grade(0.75, true, "x"))).isEqualTo(Rating.HARD);
        assertThat(Rating.of(new Grade(1, true, "x"))).isEqualTo(GOOD);
    }
}
