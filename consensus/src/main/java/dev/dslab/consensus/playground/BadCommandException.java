package dev.dslab.consensus.playground;

/** A playground command or option that is malformed or out of range; the message is one line saying what is allowed. */
public final class BadCommandException extends RuntimeException {
    public BadCommandException(String message) {
        super(message);
    }
}
