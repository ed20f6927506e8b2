package dev.dslab.curriculum.lesson;

import java.util.regex.Pattern;

/**
 * How text is marked for a terminal: SGR escape codes when {@code ansi}, none otherwise (pipes, files, tests), and
 * Unicode rules and bullets or their ASCII stand-ins when the output encoding lacks them.
 */
public record TextStyle(boolean ansi, boolean unicode) {

    public static final int PLAIN = 0;
    public static final int BOLD = 1;
    public static final int ITALIC = 2;
    public static final int UNDERLINE = 4;
    public static final int CODE = 8;
    public static final int DIM = 16;

    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;]*m");

    /** No escapes, ASCII only: what tests and pipes read. */
    public static TextStyle plain() {
        return new TextStyle(false, false);
    }

    public String apply(String text, int style) {
        if (!ansi || style == PLAIN || text.isEmpty()) {
            return text;
        }
        StringBuilder codes = new StringBuilder();
        if ((style & BOLD) != 0) {
            codes.append(";1");
        }
        if ((style & DIM) != 0) {
            codes.append(";2");
        }
        if ((style & ITALIC) != 0) {
            codes.append(";3");
        }
        if ((style & UNDERLINE) != 0) {
            codes.append(";4");
        }
        if ((style & CODE) != 0) {
            codes.append(";36");
        }
        return "\u001b[" + codes.substring(1) + "m" + text + "\u001b[0m";
    }

    /** The columns a line takes on screen: its code points without escape codes. */
    public static int width(String line) {
        String visible = ESCAPES.matcher(line).replaceAll("");
        return visible.codePointCount(0, visible.length());
    }

    String rule(int width, boolean heavy) {
        return (unicode ? (heavy ? "═" : "─") : (heavy ? "=" : "-")).repeat(Math.max(1, width));
    }

    String bullet() {
        return unicode ? "• " : "- ";
    }

    String quoteBar() {
        return unicode ? "│ " : "| ";
    }

    String columnSeparator() {
        return unicode ? " │ " : " | ";
    }

    String cross() {
        return unicode ? "─┼─" : "-+-";
    }
}
