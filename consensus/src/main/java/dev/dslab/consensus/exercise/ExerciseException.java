package dev.dslab.consensus.exercise;

/** Something the learner can fix (a bad directory, code that does not compile): its message is one line for them. */
public final class ExerciseException extends RuntimeException {
    public ExerciseException(String message) {
        super(message);
    }
}
