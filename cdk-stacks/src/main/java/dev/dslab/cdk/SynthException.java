package dev.dslab.cdk;

/** Synthesis could not run or failed; the message is one line meant for the learner's terminal. */
public final class SynthException extends RuntimeException {

    public SynthException(String message) {
        super(message);
    }

    public SynthException(String message, Throwable cause) {
        super(message, cause);
    }
}
