package dev.dslab.shell.render;

/** Prose for the terminal: paragraphs (separated by blank lines) reflowed to a width, with an indent. */
public final class TextWrap {

    private TextWrap() {
    }

    public static String paragraphs(String text, String indent, int width) {
        return paragraphs(text, indent, indent, width);
    }

    /** @param firstIndent the first line's indent (e.g. a bullet), {@code indent} every other line's */
    public static String paragraphs(String text, String firstIndent, String indent, int width) {
        StringBuilder out = new StringBuilder();
        String[] paragraphs = text.strip().split("\\n\\s*\\n");
        for (int p = 0; p < paragraphs.length; p++) {
            if (p > 0) {
                out.append('\n');
            }
            wrap(paragraphs[p].strip(), p == 0 ? firstIndent : indent, indent, width, out);
        }
        return out.toString();
    }

    private static void wrap(String paragraph, String firstIndent, String indent, int width, StringBuilder out) {
        StringBuilder line = new StringBuilder(firstIndent);
        boolean empty = true;
        for (String word : paragraph.split("\\s+")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        out.append(line).append('\n');
    }
}
