package dev.dslab.consensus.playground;

/** The command is well formed but cannot run: no session yet, or a session file that does not replay. One line. */
public final class PlaygroundException extends RuntimeException {
    public PlaygroundException(String message) {
        super(message);
    }

    public PlaygroundException(String message, Throwable cause) {
        super(message, cause);
    }
}
