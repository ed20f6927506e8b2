package dev.dslab.shell.render;

import dev.dslab.consensus.playground.SequenceDiagram;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal animation on a JLine terminal over pipes: a frame per step, q stops it, the terminal is restored. */
class SequenceAnimatorTest {

    static final List<SequenceDiagram.Row> ROWS = List.of(new SequenceDiagram.Row(0, "row-a"), new SequenceDiagram.Row(1, "row-b"),
            new SequenceDiagram.Row(1, "row-c"), new SequenceDiagram.Row(4, "row-d"));

    @Test
    void everyStepIsAFrameRedrawnFromAClearScreen() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = terminal(new ByteArrayInputStream(new byte[0]), screen)) {
            SequenceAnimator.Played played = SequenceAnimator.play(terminal, "header", ROWS, 10);
            assertThat(played).isEqualTo(new SequenceAnimator.Played(3, 3, false));
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\u001b\\[H\u001b\\[2J|\u001b\\[2J\u001b\\[H", -1)).hasSize(4);
        assertThat(text).contains("frame 1 of 3", "frame 3 of 3").contains("row-d");
        assertThat(text.indexOf("row-c")).isLessThan(text.indexOf("frame 2 of 3"));
    }

    @Test
    void qStopsTheAnimation() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = terminal(in, screen)) {
            keys.write('q');
            keys.flush();
            SequenceAnimator.Played played = SequenceAnimator.play(terminal, "header", ROWS, 2000);
            assertThat(played).isEqualTo(new SequenceAnimator.Played(1, 3, true));
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("row-a").doesNotContain("row-b");
    }

    private static Terminal terminal(InputStream in, ByteArrayOutputStream out) throws Exception {
        return TerminalBuilder.builder().system(false).streams(in, out).type("xterm").size(new Size(80, 20)).build();
    }
}
