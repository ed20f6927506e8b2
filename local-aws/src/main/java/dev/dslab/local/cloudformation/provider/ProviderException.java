package dev.dslab.local.cloudformation.provider;

/** A resource operation failed; the message is the reason shown in the stack event. */
public final class ProviderException extends Exception {

    public ProviderException(String message) {
        super(message);
    }
}
