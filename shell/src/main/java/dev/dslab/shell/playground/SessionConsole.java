package dev.dslab.shell.playground;

import dev.dslab.consensus.playground.BadCommandException;
import dev.dslab.consensus.playground.PlaygroundException;
import dev.dslab.consensus.playground.SequenceDiagram;
import dev.dslab.consensus.playground.Sessions;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.render.SequenceAnimator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.shell.core.command.CommandContext;

/**
 * What the Raft and Paxos playground commands share: a command line applied to the stored session and its
 * output printed, the export, and the animation. A playground's own mistakes become one line: a bad command is
 * bad usage (exit 2), anything else a failed command (exit 1).
 */
public final class SessionConsole {

    private final String protocol;
    private final Supplier<? extends Sessions<?, ?>> sessions;
    private final SequenceAnimator animator;

    /** @param protocol the command group's first word ("raft", "paxos"), as messages name it */
    public SessionConsole(String protocol, Supplier<? extends Sessions<?, ?>> sessions, SequenceAnimator animator) {
        this.protocol = protocol;
        this.sessions = sessions;
        this.animator = animator;
    }

    /** Applies {@code command words...} to the session and prints what happened. */
    public void apply(CommandContext context, String command, List<String> words) {
        String line = command + (words == null || words.isEmpty() ? "" : " " + String.join(" ", words));
        print(context, () -> sessions.get().apply(line));
    }

    public void state(CommandContext context) {
        print(context, () -> sessions.get().state());
    }

    public void export(CommandContext context, Boolean html, Boolean jsonl, String out) {
        boolean asHtml = Boolean.TRUE.equals(html);
        boolean asJsonl = Boolean.TRUE.equals(jsonl);
        if (asHtml == asJsonl) {
            throw new UsageException("say which format: '" + protocol + " export --html' (an animated page) or '" + protocol
                    + " export --jsonl' (the trace's events)");
        }
        Path target = out == null ? null : Path.of(out);
        print(context, () -> {
            Path written = asHtml ? sessions.get().exportHtml(target) : sessions.get().exportJsonLines(target);
            return (asHtml ? "Wrote the session's animation: " : "Wrote the session's trace: ") + written + System.lineSeparator();
        });
    }

    public void animate(CommandContext context, int delay, int last) {
        if (delay < 10 || delay > 5000) {
            throw new UsageException("--delay is 10 to 5000 (milliseconds between frames), got " + delay);
        }
        if (last < 0) {
            throw new UsageException("--last is a number of rows, 1 or more (0: all), got " + last);
        }
        SequenceDiagram.Drawing drawing;
        try {
            drawing = sessions.get().diagram().last(last);
        } catch (PlaygroundException e) {
            throw new DslabException(e.getMessage());
        }
        animator.play(context.outputWriter(), drawing.header(), drawing.rows(), delay);
    }

    /** Prints what {@code body} says, turning the playground's exceptions into the shell's. */
    public void print(CommandContext context, Supplier<String> body) {
        PrintWriter out = context.outputWriter();
        try {
            out.print(body.get());
        } catch (BadCommandException e) {
            throw new UsageException(e.getMessage());
        } catch (PlaygroundException e) {
            throw new DslabException(e.getMessage());
        }
        out.flush();
    }
}
