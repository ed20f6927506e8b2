package dev.dslab.shell.console;

/**
 * A failure the learner can act on. Its message is the one line the shell prints, so it says what went
 * wrong and what to do; no stack trace is ever shown for it.
 */
public class DslabException extends RuntimeException {

    public DslabException(String message) {
        super(message);
    }

    public DslabException(String message, Throwable cause) {
        super(message, cause);
    }
}
