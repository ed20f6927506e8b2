package dev.dslab.scenarios.history;

import java.io.IOException;

/** A history file line, other than a cut-off last line, that is not a recorded operation. */
public final class HistoryFormatException extends IOException {

    public HistoryFormatException(String message) {
        super(message);
    }
}
