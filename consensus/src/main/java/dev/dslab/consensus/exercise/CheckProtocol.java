package dev.dslab.consensus.exercise;

/**
 * The lines {@link CheckMain} writes and {@link ExerciseCheck} reads, one event per line:
 * {@code RUN scenario seed} before a run (so a run that never ends is known), {@code PASS scenario seed simulatedMs},
 * or {@code REPLAYING scenario seed} (the failing seed runs again, recorded for an HTML replay) then
 * {@code FAIL scenario seed simulatedMs}, {@code PROPERTY}, {@code MESSAGE}, {@code EVENT}..., {@code REPLAY path} and {@code END};
 * {@code ERROR text} when the learner's class cannot be used at all; {@code DONE} at the end.
 */
final class CheckProtocol {
    static final String RUN = "RUN";
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";
    static final String PROPERTY = "PROPERTY";
    static final String MESSAGE = "MESSAGE";
    static final String EVENT = "EVENT";
    static final String END = "END";
    static final String REPLAYING = "REPLAYING";
    static final String REPLAY = "REPLAY";
    static final String ERROR = "ERROR";
    static final String DONE = "DONE";

    private CheckProtocol() {
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", "").replace('\n', ' ');
    }
}
