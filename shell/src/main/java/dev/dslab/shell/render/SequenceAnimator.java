package dev.dslab.shell.render;

import dev.dslab.consensus.playground.SequenceDiagram;
import dev.dslab.shell.experiment.LearnerConsole;
import org.jline.reader.LineReader;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays a session's message-sequence diagram ({@link SequenceDiagram}) for {@code raft animate} and
 * {@code paxos animate}: on a terminal it redraws the screen once per trace step, newest rows at the bottom,
 * waiting {@code delay} between frames, until the end or until the learner presses q or Ctrl-C; when output
 * is not a terminal it prints the final diagram once, so a pipe or a file gets the whole picture.
 */
@Component
public class SequenceAnimator {

    private final LearnerConsole console;
    private final ObjectProvider<LineReader> lineReader;

    public SequenceAnimator(LearnerConsole console, ObjectProvider<LineReader> lineReader) {
        this.console = console;
        this.lineReader = lineReader;
    }

    /** What a play showed: the frames drawn of those there were, and whether the learner stopped it. */
    public record Played(int frames, int of, boolean stopped) {
    }

    public void play(PrintWriter out, String header, List<SequenceDiagram.Row> rows, long delayMillis) {
        if (!console.isTerminal()) {
            out.println(header);
            rows.forEach(row -> out.println(row.text()));
            out.flush();
            return;
        }
        if (console.interactive()) {
            Played played = play(lineReader.getObject().getTerminal(), header, rows, delayMillis);
            out.println(summary(played));
        } else {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                Played played = play(terminal, header, rows, delayMillis);
                terminal.writer().println(summary(played));
                terminal.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the terminal", e);
            }
        }
        out.flush();
    }

    /** The animation on {@code terminal}: raw mode while it plays, so a key press stops it without Enter. */
    public static Played play(Terminal terminal, String header, List<SequenceDiagram.Row> rows, long delayMillis) {
        List<Integer> ends = SequenceDiagram.stepEnds(rows);
        AtomicBoolean stop = new AtomicBoolean();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> stop.set(true));
        Attributes attributes = terminal.enterRawMode();
        int frames = 0;
        try {
            NonBlockingReader keys = terminal.reader();
            for (int end : ends) {
                int height = Math.max(5, terminal.getHeight() > 0 ? terminal.getHeight() - 1 : 24);
                int width = terminal.getWidth() > 0 ? terminal.getWidth() : 0;
                terminal.puts(InfoCmp.Capability.clear_screen);
                PrintWriter screen = terminal.writer();
                for (String line : SequenceDiagram.frame(header, rows, end, height - 1, width)) {
                    screen.print(line);
                    screen.print("\r\n");
                }
                screen.print(String.format("frame %d of %d (q or Ctrl-C stops)", ++frames, ends.size()));
                terminal.flush();
                if (waitForStop(keys, delayMillis) || stop.get()) {
                    break;
                }
            }
        } finally {
            terminal.setAttributes(attributes);
            terminal.handle(Terminal.Signal.INT, previous);
            terminal.writer().print("\r\n");
            terminal.flush();
        }
        return new Played(frames, ends.size(), frames < ends.size());
    }

    /** Waits up to the delay for a key: true when it was q, Q or Ctrl-C (raw mode delivers it as a byte). */
    private static boolean waitForStop(NonBlockingReader keys, long delayMillis) {
        long deadline = System.nanoTime() + delayMillis * 1_000_000;
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                int key = keys.read(Math.max(1, left / 1_000_000));
                if (key == 'q' || key == 'Q' || key == 3) {
                    return true;
                }
                if (key == NonBlockingReader.EOF) {
                    Thread.sleep(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    return false;
                }
            }
        } catch (IOException unreadable) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return true;
        }
        return false;
    }

    private static String summary(Played played) {
        return played.stopped() ? "Stopped at frame " + played.frames() + " of " + played.of() + "."
                : "Played " + played.of() + " frames.";
    }
}
