package dev.dslab.curriculum.quiz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores per topic: a question counts once for each of its topics. */
public final class TopicScores {

    /** One topic's tally: answers, summed score (partial credit), answers counted right. */
    public record Tally(String topic, int answers, double score, int right) {
        public double accuracy() {
            return answers == 0 ? 0 : score / answers;
        }
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    public void add(List<String> topics, double score, boolean correct) {
        for (String topic : topics) {
            tallies.merge(topic, new Tally(topic, 1, score, correct ? 1 : 0),
                    (a, b) -> new Tally(topic, a.answers() + b.answers(), a.score() + b.score(), a.right() + b.right()));
        }
    }

    public static TopicScores of(List<QuizAnswer> answers) {
        TopicScores scores = new TopicScores();
        answers.forEach(answer -> scores.add(answer.item().question().topics(), answer.grade().score(), answer.grade().correct()));
        return scores;
    }

    /** Every topic, in the order first met. */
    public List<Tally> tallies() {
        return List.copyOf(tallies.values());
    }

    /**
     * The topics with the lowest accuracy among those answered at least {@code minimumAnswers} times, worst first
     * (ties: the more answered first), at most {@code limit}.
     */
    public List<Tally> weakest(int minimumAnswers, int limit) {
        List<Tally> candidates = new ArrayList<>(tallies.values().stream().filter(tally -> tally.answers() >= minimumAnswers).toList());
        candidates.sort(Comparator.comparingDouble(Tally::accuracy).thenComparing(Comparator.comparingInt(Tally::answers).reversed()));
        return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
    }
}
