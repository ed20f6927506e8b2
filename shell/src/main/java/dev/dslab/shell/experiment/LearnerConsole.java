package dev.dslab.shell.experiment;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a command needs to know of the learner's terminal: the mode, its width, whether output is a terminal
 * (a live line can be redrawn) and how to ask a question. Interactive mode asks through the JLine prompt;
 * one-shot mode reads a line from standard input, so a choice can be piped in.
 */
@Component
public class LearnerConsole {

    static final int DEFAULT_WIDTH = 80;

    private final ObjectProvider<LineReader> lineReader;
    private final boolean interactive;

    public LearnerConsole(ObjectProvider<LineReader> lineReader, @Value("${spring.shell.interactive.enabled:true}") boolean interactive) {
        this.lineReader = lineReader;
        this.interactive = interactive;
    }

    public boolean interactive() {
        return interactive;
    }

    /** Columns to wrap text to: the terminal's, else $COLUMNS, else 80. */
    public int width() {
        if (interactive) {
            int columns = lineReader.getObject().getTerminal().getWidth();
            if (columns > 20) {
                return columns;
            }
        }
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns > 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException unset) {
            return DEFAULT_WIDTH;
        }
    }

    /** Whether output goes to a terminal, where a progress line is redrawn in place. */
    public boolean isTerminal() {
        if (interactive) {
            return !Terminal.TYPE_DUMB.equals(lineReader.getObject().getTerminal().getType())
                    && !Terminal.TYPE_DUMB_COLOR.equals(lineReader.getObject().getTerminal().getType());
        }
        return System.console() != null;
    }

    /** Asks a question; empty when the learner gave no answer (end of input, Ctrl-C at the prompt). */
    public Optional<String> ask(String prompt, PrintWriter out) {
        if (interactive) {
            LineReader reader = lineReader.getObject();
            // an answer is not a command: keep it out of the shell's history
            Object historyWas = reader.getVariable(LineReader.DISABLE_HISTORY);
            reader.setVariable(LineReader.DISABLE_HISTORY, true);
            try {
                return Optional.ofNullable(reader.readLine(prompt)).map(String::strip);
            } catch (UserInterruptException | EndOfFileException noAnswer) {
                return Optional.empty();
            } finally {
                reader.setVariable(LineReader.DISABLE_HISTORY, historyWas == null ? false : historyWas);
            }
        }
        out.print(prompt);
        out.flush();
        return readLine(System.in).map(String::strip);
    }

    /** One line, byte by byte: a buffered reader would swallow input meant for later questions. */
    static Optional<String> readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int next;
            while ((next = in.read()) != -1 && next != '\n') {
                line.write(next);
            }
            if (next == -1 && line.size() == 0) {
                return Optional.empty();
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        return Optional.of(line.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }
}
