package dev.dslab.scenarios.history;

import java.util.List;
import java.util.Optional;

/**
 * The operations read from a history file and, when the file's last line could not be read as an
 * operation (the writer was cut off while writing it), that line: the history is complete up to it.
 */
public record RecordedHistory(List<RecordedOp> ops, Optional<TruncatedLine> truncatedLastLine) {

    public record TruncatedLine(int lineNumber, String text) {
    }

    public RecordedHistory {
        ops = List.copyOf(ops);
    }

    public boolean truncated() {
        return truncatedLastLine.isPresent();
    }
}
