package dev.dslab.shell.store;

import java.time.Instant;

/**
 * One mock interview as stored.
 *
 * @param ending  completed, time up or stopped; null when the session was killed (or is still running)
 * @param endedAt null with ending
 */
public record InterviewSessionRecord(long id, String learner, String question, String title, int minutes, int maxScore, Instant startedAt,
                                     Instant endedAt, String ending) {

    /** The id a learner types: i1, i2, ... */
    public String sessionId() {
        return "i" + id;
    }
}
