package dev.dslab.local;

/**
 * A failure of the local target that the learner can act on. The message is one line, readable without a
 * stack trace, and says what to do (free a port, install Node.js, read a log file).
 */
public class LocalTargetException extends RuntimeException {

    public LocalTargetException(String message) {
        super(message);
    }

    public LocalTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
