package dev.dslab.curriculum.review;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Which cards a review asks: those due, the longest overdue first. */
public final class ReviewQueue {

    private ReviewQueue() {
    }

    /**
     * @param candidates the cards the review may ask; one without a schedule in {@code cards} (a missed question
     *                   on a run, never reviewed yet) is due now
     * @return at most {@code count} cards due at {@code now}, the longest overdue first (ties in candidate order)
     */
    public static List<String> due(Map<String, ReviewCard> cards, List<String> candidates, Instant now, int count) {
        return candidates.stream()
                .filter(card -> !cards.containsKey(card) || cards.get(card).dueAt(now))
                .sorted(Comparator.comparing(card -> cards.containsKey(card) ? cards.get(card).due() : now))
                .limit(count)
                .toList();
    }
}
