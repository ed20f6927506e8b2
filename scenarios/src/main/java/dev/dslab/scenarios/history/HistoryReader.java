package dev.dslab.scenarios.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a history file written by {@link HistoryWriter}. A last line that is not a complete operation is
 * what a crash while writing leaves: it is reported in the result, not thrown. A bad line anywhere else
 * is corruption: {@link HistoryFormatException} with the file, the line number and what is wrong. Blank
 * lines are skipped; unknown fields are ignored.
 */
public final class HistoryReader {

    private HistoryReader() {
    }

    public static RecordedHistory read(Path file) throws IOException {
        ObjectReader reader = HistoryJson.mapper().readerFor(RecordedOp.class);
        List<RecordedOp> ops = new ArrayList<>();
        RecordedHistory.TruncatedLine unreadable = null;
        String problem = null;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (unreadable != null) {
                    throw new HistoryFormatException(file + " line " + unreadable.lineNumber()
                            + " is not a recorded operation (" + problem + ")");
                }
                try {
                    ops.add(reader.readValue(line));
                } catch (JsonProcessingException e) {
                    unreadable = new RecordedHistory.TruncatedLine(number, line);
                    problem = shortMessage(e);
                }
            }
        }
        return new RecordedHistory(ops, Optional.ofNullable(unreadable));
    }

    /** Jackson's first message line, without the source excerpt and location it appends. */
    private static String shortMessage(JsonProcessingException e) {
        Throwable cause = e;
        while (cause.getCause() instanceof IllegalArgumentException) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
