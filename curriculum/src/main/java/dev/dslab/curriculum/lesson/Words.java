package dev.dslab.curriculum.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * A paragraph as words of styled pieces ({@code **strong**,} is one word of two pieces), wrapped greedily to a width.
 * A word wider than the width is cut, so wrapped text never runs past it.
 */
final class Words {

    private record Piece(String text, int style) {
    }

    /** null marks a forced line break. */
    private final List<List<Piece>> words = new ArrayList<>();
    private List<Piece> current;

    void add(String text, int style) {
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isWhitespace(codePoint)) {
                flush(run, style);
                current = null;
            } else {
                run.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        flush(run, style);
    }

    /** Text that is one unbreakable word, spaces and all (a citation marker, a table cell's code). */
    void addUnbroken(String text, int style) {
        StringBuilder run = new StringBuilder(text);
        flush(run, style);
    }

    void space() {
        current = null;
    }

    void lineBreak() {
        words.add(null);
        current = null;
    }

    private void flush(StringBuilder run, int style) {
        if (run.isEmpty()) {
            return;
        }
        if (current == null) {
            current = new ArrayList<>();
            words.add(current);
        }
        current.add(new Piece(run.toString(), style));
        run.setLength(0);
    }

    boolean isEmpty() {
        return words.stream().allMatch(word -> word == null);
    }

    /** The width of the text on one line. */
    int naturalWidth() {
        int widest = 0;
        int line = 0;
        for (List<Piece> word : words) {
            if (word == null) {
                widest = Math.max(widest, line);
                line = 0;
            } else {
                line += (line == 0 ? 0 : 1) + length(word);
            }
        }
        return Math.max(widest, line);
    }

    int longestWord() {
        return words.stream().filter(word -> word != null).mapToInt(Words::length).max().orElse(0);
    }

    /** The plain text, words joined by single spaces. */
    String plainText() {
        StringBuilder text = new StringBuilder();
        for (List<Piece> word : words) {
            if (!text.isEmpty()) {
                text.append(word == null ? "\n" : " ");
            }
            if (word != null) {
                word.forEach(piece -> text.append(piece.text()));
            }
        }
        return text.toString().replace(" \n ", "\n");
    }

    List<String> wrap(int width, TextStyle style) {
        int limit = Math.max(1, width);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int lineWidth = 0;
        for (List<Piece> word : words) {
            if (word == null) {
                lines.add(line.toString());
                line.setLength(0);
                lineWidth = 0;
                continue;
            }
            for (List<Piece> part : cut(word, limit)) {
                int length = length(part);
                if (lineWidth > 0 && lineWidth + 1 + length > limit) {
                    lines.add(line.toString());
                    line.setLength(0);
                    lineWidth = 0;
                }
                if (lineWidth > 0) {
                    line.append(' ');
                    lineWidth++;
                }
                part.forEach(piece -> line.append(style.apply(piece.text(), piece.style())));
                lineWidth += length;
            }
        }
        if (lineWidth > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static int length(List<Piece> word) {
        return word.stream().mapToInt(piece -> piece.text().codePointCount(0, piece.text().length())).sum();
    }

    /** The word in parts no wider than {@code limit}. */
    private static List<List<Piece>> cut(List<Piece> word, int limit) {
        if (length(word) <= limit) {
            return List.of(word);
        }
        List<List<Piece>> parts = new ArrayList<>();
        List<Piece> part = new ArrayList<>();
        int partLength = 0;
        for (Piece piece : word) {
            String text = piece.text();
            int i = 0;
            while (i < text.length()) {
                int room = limit - partLength;
                int end = text.offsetByCodePoints(i, Math.min(room, text.codePointCount(i, text.length())));
                part.add(new Piece(text.substring(i, end), piece.style()));
                partLength += text.codePointCount(i, end);
                i = end;
                if (partLength == limit) {
                    parts.add(part);
                    part = new ArrayList<>();
                    partLength = 0;
                }
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }
}
