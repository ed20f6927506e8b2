package dev.dslab.shell.learn;

import dev.dslab.shell.experiment.LearnerConsole;
import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Shows long text a screen at a time in the interactive shell on a terminal (JLine's built-in less: no child
 * process, and it shares the terminal the prompt already owns); everywhere else (one-shot commands, pipes,
 * tests) the text is printed whole, so it can be piped to a pager or a file.
 */
@Component
public class Pager {

    private static final Logger log = LoggerFactory.getLogger(Pager.class);

    private final LearnerConsole console;
    private final ObjectProvider<LineReader> lineReader;

    public Pager(LearnerConsole console, ObjectProvider<LineReader> lineReader) {
        this.console = console;
        this.lineReader = lineReader;
    }

    public void show(String text, String name, PrintWriter out) {
        if (console.interactive() && console.isTerminal()) {
            Terminal terminal = lineReader.getObject().getTerminal();
            if (text.lines().count() >= terminal.getHeight() - 1) {
                try {
                    Less less = new Less(terminal, Path.of("").toAbsolutePath());
                    less.quitIfOneScreen = true;
                    less.run(new Source.InputStreamSource(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, name));
                    return;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception pagerFailed) {
                    // a terminal the pager cannot drive still gets the text
                    log.info("pager failed, printing instead", pagerFailed);
                }
            }
        }
        out.print(text);
        out.flush();
    }
}
