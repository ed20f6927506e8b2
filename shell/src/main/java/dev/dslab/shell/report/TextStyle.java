package dev.dslab.shell.report;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * How text output may look where it goes: its width in columns, whether colour codes are welcome (only on a
 * terminal) and whether the output encoding has the Unicode block and box characters (else ASCII).
 */
public record TextStyle(int width, boolean color, boolean unicode) {

    public static final int DEFAULT_WIDTH = 80;
    static final int MIN_WIDTH = 40;

    public TextStyle {
        width = Math.max(MIN_WIDTH, width);
    }

    /** Plain text: files, pipes, tests. */
    public static TextStyle plain(int width, boolean unicode) {
        return new TextStyle(width, false, unicode);
    }

    /** {@code text} in one of a few distinguishable colours (by index), or unchanged without colour. */
    String colored(String text, int colorIndex) {
        if (!color) {
            return text;
        }
        int[] palette = {AttributedStyle.BLUE, AttributedStyle.RED, AttributedStyle.GREEN, AttributedStyle.MAGENTA,
                AttributedStyle.CYAN, AttributedStyle.YELLOW};
        return new AttributedString(text, AttributedStyle.DEFAULT.foreground(palette[colorIndex % palette.length])).toAnsi();
    }

    String bold(String text) {
        return color ? new AttributedString(text, AttributedStyle.BOLD).toAnsi() : text;
    }
}
