package dev.dslab.shell.store;

import java.time.Instant;
import java.util.List;

/**
 * One graded answer given in `quiz start`.
 *
 * @param session  when the quiz it belongs to started (its answers share it)
 * @param mode     practice, exam or review
 * @param card     the question's id, or run:&lt;run id&gt;:&lt;question id&gt; for a question on a run
 * @param topicSet the bank's topic set ("" for a run's question)
 * @param question the question as it was asked: its stem and lettered options
 * @param response what the learner answered, as typed (an open answer with the rubric points they claimed)
 */
public record QuizAttemptRecord(String session, String mode, String card, String topicSet, List<String> topics, String question,
                                String response, double score, boolean correct, Instant answeredAt) {

    public QuizAttemptRecord {
        topics = List.copyOf(topics);
    }
}
