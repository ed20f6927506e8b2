package dev.dslab.curriculum.review;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewQueueTest {

    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    private static ReviewCard dueIn(Duration duration) {
        return new ReviewCard(CardState.REVIEW, -1, 3, 5, NOW.plus(duration), NOW.minus(Duration.ofDays(3)));
    }

    @Test
    void dueCardsComeLongestOverdueFirstAndUnscheduledOnesAreDueNow() {
        Map<String, ReviewCard> cards = Map.of("a", dueIn(Duration.ofDays(-1)), "b", dueIn(Duration.ofDays(2)),
                "c", dueIn(Duration.ofDays(-3)), "d", dueIn(Duration.ZERO));
        assertThat(ReviewQueue.due(cards, List.of("a", "b", "c", "d", "run:r1:q"), NOW, 10)).containsExactly("c", "a", "d", "run:r1:q");
        assertThat(ReviewQueue.due(cards, List.of("a", "b", "c", "d"), NOW, 2)).containsExactly("c", "a");
        assertThat(ReviewQueue.due(cards, List.of("b"), NOW, 10)).isEmpty();
    }
}
