package dev.dslab.shell.store;

import java.time.Instant;

/** The learner's score, 1 to 5, for one rubric criterion of a session. */
public record InterviewScoreRecord(int position, String criterion, int score, Instant scoredAt) {
}
