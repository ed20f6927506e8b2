package dev.dslab.curriculum.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * A table drawn in text within a width: columns as wide as their widest cell when that fits, else the widest
 * columns narrowed (never below {@link #MIN_COLUMN}) and their cells wrapped. Rows are ruled apart once any cell
 * wraps, so a wrapped row reads as one.
 */
public final class TextTable {

    public enum Align { LEFT, CENTER, RIGHT }

    static final int MIN_COLUMN = 8;

    private final List<Words> header;
    private final List<Align> aligns;
    private final List<List<Words>> rows = new ArrayList<>();

    TextTable(List<Words> header, List<Align> aligns) {
        this.header = List.copyOf(header);
        this.aligns = List.copyOf(aligns);
    }

    /** A table of plain text cells, left-aligned. */
    public static TextTable of(String... header) {
        List<Words> cells = new ArrayList<>();
        List<Align> aligns = new ArrayList<>();
        for (String title : header) {
            Words words = new Words();
            words.add(title, TextStyle.BOLD);
            cells.add(words);
            aligns.add(Align.LEFT);
        }
        return new TextTable(cells, aligns);
    }

    /** A row of plain text cells. */
    public TextTable row(String... cells) {
        List<Words> row = new ArrayList<>();
        for (String cell : cells) {
            Words words = new Words();
            words.add(cell, TextStyle.PLAIN);
            row.add(words);
        }
        return row(row);
    }

    TextTable row(List<Words> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public List<String> render(int width, TextStyle style) {
        int columns = header.size();
        String separator = style.columnSeparator();
        int room = Math.max(columns * MIN_COLUMN, width - separator.length() * (columns - 1));
        int[] widths = new int[columns];
        for (int column = 0; column < columns; column++) {
            widths[column] = header.get(column).naturalWidth();
            for (List<Words> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).naturalWidth());
            }
            widths[column] = Math.max(1, widths[column]);
        }
        // narrow the widest column one column at a time, first only down to its longest word (so words are not cut),
        // then down to MIN_COLUMN: the narrow ones (ids, yes/no) keep their shape
        int[] floors = new int[columns];
        for (int column = 0; column < columns; column++) {
            floors[column] = Math.max(MIN_COLUMN, header.get(column).longestWord());
            for (List<Words> row : rows) {
                floors[column] = Math.max(floors[column], row.get(column).longestWord());
            }
        }
        for (boolean cutWords : new boolean[] {false, true}) {
            while (sum(widths) > room) {
                int widest = -1;
                for (int column = 0; column < columns; column++) {
                    int floor = cutWords ? MIN_COLUMN : floors[column];
                    if (widths[column] > floor && (widest < 0 || widths[column] > widths[widest])) {
                        widest = column;
                    }
                }
                if (widest < 0) {
                    break;
                }
                widths[widest]--;
            }
        }
        List<List<List<String>>> wrapped = new ArrayList<>();
        wrapped.add(wrapRow(header, widths, style));
        boolean anyWraps = false;
        for (List<Words> row : rows) {
            List<List<String>> cells = wrapRow(row, widths, style);
            anyWraps |= cells.stream().anyMatch(lines -> lines.size() > 1);
            wrapped.add(cells);
        }
        List<String> lines = new ArrayList<>();
        String rule = rule(widths, style);
        for (int r = 0; r < wrapped.size(); r++) {
            if (r == 1 || (r > 1 && anyWraps)) {
                lines.add(rule);
            }
            lines.addAll(join(wrapped.get(r), widths, separator, style));
        }
        return lines;
    }

    private List<List<String>> wrapRow(List<Words> row, int[] widths, TextStyle style) {
        List<List<String>> cells = new ArrayList<>();
        for (int column = 0; column < row.size(); column++) {
            cells.add(row.get(column).wrap(widths[column], style));
        }
        return cells;
    }

    private List<String> join(List<List<String>> cells, int[] widths, String separator, TextStyle style) {
        int height = cells.stream().mapToInt(List::size).max().orElse(1);
        String bar = style.apply(separator, TextStyle.DIM);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < height; i++) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < cells.size(); column++) {
                if (column > 0) {
                    line.append(bar);
                }
                String text = i < cells.get(column).size() ? cells.get(column).get(i) : "";
                line.append(pad(text, widths[column], aligns.get(column)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String pad(String text, int width, Align align) {
        int gap = Math.max(0, width - TextStyle.width(text));
        return switch (align) {
            case LEFT -> text + " ".repeat(gap);
            case RIGHT -> " ".repeat(gap) + text;
            case CENTER -> " ".repeat(gap / 2) + text + " ".repeat(gap - gap / 2);
        };
    }

    private static String rule(int[] widths, TextStyle style) {
        StringBuilder rule = new StringBuilder();
        for (int column = 0; column < widths.length; column++) {
            if (column > 0) {
                rule.append(style.cross());
            }
            rule.append(style.rule(widths[column], false));
        }
        return style.apply(rule.toString(), TextStyle.DIM);
    }

    private static int sum(int[] widths) {
        int total = 0;
        for (int width : widths) {
            total += width;
        }
        return total;
    }
}
