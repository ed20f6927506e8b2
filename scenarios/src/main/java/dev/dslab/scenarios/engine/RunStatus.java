package dev.dslab.scenarios.engine;

/** How a run ended. Only a COMPLETED run has a result; the others keep their partial history, labelled. */
public enum RunStatus {
    COMPLETED,
    /** The target failed or the experiment could not go on; the reason says why. */
    FAILED,
    /** The run passed its time limit and was stopped. */
    TIMED_OUT,
    /** The learner stopped it (Ctrl-C). */
    INTERRUPTED
}
