package dev.dslab.shell.store;

import java.time.Instant;

/**
 * One {@code exercise check} as it ended.
 *
 * @param scenario the one scenario checked, or null when the check ran all of the stage's (only those count as passing the stage)
 * @param failure  the first failure (scenario, seed, property), or null when it passed
 */
public record ExerciseCheckRecord(String learner, String exercise, String workspace, long firstSeed, int seeds, String scenario,
                                  boolean passed, int runs, String failure, long wallMillis, Instant checkedAt) {

    /** Every scenario of the stage passed on every seed. */
    public boolean passedStage() {
        return passed && scenario == null;
    }
}
