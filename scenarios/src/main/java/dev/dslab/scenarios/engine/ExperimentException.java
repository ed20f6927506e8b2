package dev.dslab.scenarios.engine;

/** A run that cannot go on; its message is the one-line reason stored with the failed run. */
public class ExperimentException extends RuntimeException {

    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}
