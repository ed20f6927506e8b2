package dev.dslab.shell.store;

import java.time.Instant;

/** One phase's or follow-up's notes as stored: "phase 2" or "follow-up 1", what was asked, what the learner wrote. */
public record InterviewNoteRecord(int position, String step, String prompt, String notes, long budgetSeconds, long usedSeconds,
                                  Instant writtenAt) {
}
