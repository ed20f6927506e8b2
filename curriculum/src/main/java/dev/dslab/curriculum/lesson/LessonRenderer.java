package dev.dslab.curriculum.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;

/**
 * A lesson as terminal text within a width: headings ruled and bold, paragraphs and list items wrapped, block
 * quotes barred, fenced code kept verbatim (never wrapped), pipe tables drawn aligned with wrapped cells, and each
 * {@code [src:id]} a number {@code [n]} in order of first citation, listed under "Sources" at the end with its title
 * and address. What links the lesson to practice (quiz topics, experiments, exercises) closes it as commands.
 */
public final class LessonRenderer {

    private static final int CODE_INDENT = 2;

    private final int width;
    private final TextStyle style;

    /** @param width the terminal's columns (prose wraps to it; at least 30 is assumed) */
    public LessonRenderer(int width, TextStyle style) {
        this.width = Math.max(30, width);
        this.style = style;
    }

    public String render(Lesson lesson) {
        Citations citations = new Citations();
        List<String> lines = new ArrayList<>(blocks(Markdown.parse(lesson.body()), width, citations));
        List<String> practice = practice(lesson);
        if (!practice.isEmpty()) {
            lines.add("");
            lines.addAll(heading("Practise it", 2, width));
            lines.add("");
            for (String command : practice) {
                lines.add(style.bullet() + style.apply(command, TextStyle.CODE));
            }
        }
        if (!citations.numbers.isEmpty()) {
            lines.add("");
            lines.addAll(heading("Sources", 2, width));
            lines.add("");
            for (Map.Entry<String, Integer> cited : citations.numbers.entrySet()) {
                LessonSource source = lesson.source(cited.getKey()).orElseThrow();
                String marker = "[" + cited.getValue() + "] ";
                Words title = new Words();
                title.add(source.title(), TextStyle.PLAIN);
                List<String> titleLines = title.wrap(width - marker.length(), style);
                for (int i = 0; i < titleLines.size(); i++) {
                    lines.add((i == 0 ? style.apply(marker, TextStyle.BOLD) : " ".repeat(marker.length())) + titleLines.get(i));
                }
                // an address is never cut: a terminal turns a whole one into a link
                lines.add(" ".repeat(marker.length()) + style.apply(source.url(), TextStyle.UNDERLINE));
            }
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.stripTrailing()).append('\n'));
        return text.toString();
    }

    private List<String> practice(Lesson lesson) {
        List<String> commands = new ArrayList<>();
        lesson.questionTopics().forEach(topic -> commands.add("dslab quiz start --topic " + topic));
        lesson.experiments().forEach(experiment -> commands.add("dslab experiment run " + experiment));
        lesson.exercises().forEach(exercise -> commands.add("dslab exercise start " + exercise));
        return commands;
    }

    /** The children of a container, a blank line between blocks (none between the blocks of a tight list's item). */
    private List<String> blocks(Node container, int room, Citations citations) {
        boolean tight = container instanceof ListItem && container.getParent() instanceof ListBlock list && list.isTight();
        List<String> lines = new ArrayList<>();
        for (Node child = container.getFirstChild(); child != null; child = child.getNext()) {
            if (!lines.isEmpty() && !tight) {
                lines.add("");
            }
            lines.addAll(block(child, room, citations));
        }
        return lines;
    }

    private List<String> block(Node node, int room, Citations citations) {
        if (node instanceof Heading heading) {
            Words words = new Words();
            inlines(heading, words, TextStyle.PLAIN, citations);
            return heading(words.plainText(), heading.getLevel(), room);
        }
        if (node instanceof Paragraph) {
            Words words = new Words();
            inlines(node, words, TextStyle.PLAIN, citations);
            return words.wrap(room, style);
        }
        if (node instanceof BulletList || node instanceof OrderedList) {
            return list((ListBlock) node, room, citations);
        }
        if (node instanceof BlockQuote) {
            List<String> lines = new ArrayList<>();
            String bar = style.apply(style.quoteBar(), TextStyle.DIM);
            for (String line : blocks(node, room - style.quoteBar().length(), citations)) {
                lines.add(bar + line);
            }
            return lines;
        }
        if (node instanceof FencedCodeBlock code) {
            return code(code.getLiteral());
        }
        if (node instanceof IndentedCodeBlock code) {
            return code(code.getLiteral());
        }
        if (node instanceof TableBlock table) {
            return table(table, room, citations);
        }
        if (node instanceof ThematicBreak) {
            return List.of(style.apply(style.rule(room, false), TextStyle.DIM));
        }
        if (node instanceof HtmlBlock html) {
            return code(html.getLiteral());
        }
        return blocks(node, room, citations);
    }

    private List<String> heading(String text, int level, int room) {
        int emphasis = level == 1 ? TextStyle.BOLD | TextStyle.UNDERLINE : TextStyle.BOLD;
        Words words = new Words();
        words.add(text, emphasis);
        List<String> lines = new ArrayList<>(words.wrap(room, style));
        if (level <= 2) {
            int longest = lines.stream().mapToInt(TextStyle::width).max().orElse(1);
            lines.add(style.apply(style.rule(longest, level == 1), TextStyle.DIM));
        }
        return lines;
    }

    private List<String> list(ListBlock list, int room, Citations citations) {
        List<String> lines = new ArrayList<>();
        int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null ? ordered.getMarkerStartNumber() : 1;
        int items = 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            items++;
        }
        int markerWidth = list instanceof OrderedList ? String.valueOf(number + items - 1).length() + 2 : style.bullet().length();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext(), number++) {
            if (!lines.isEmpty() && !list.isTight()) {
                lines.add("");
            }
            String marker = list instanceof OrderedList ? pad(number + ".", markerWidth) : style.bullet();
            List<String> itemLines = blocks(item, room - markerWidth, citations);
            for (int i = 0; i < itemLines.size(); i++) {
                String line = itemLines.get(i);
                lines.add((i == 0 ? marker : line.isEmpty() ? "" : " ".repeat(markerWidth)) + line);
            }
        }
        return lines;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(1, width - text.length()));
    }

    private List<String> code(String literal) {
        String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(" ".repeat(CODE_INDENT) + style.apply(line, TextStyle.CODE));
        }
        return lines;
    }

    private List<String> table(TableBlock table, int room, Citations citations) {
        List<Words> header = new ArrayList<>();
        List<TextTable.Align> aligns = new ArrayList<>();
        List<List<Words>> rows = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<Words> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    TableCell tableCell = (TableCell) cell;
                    Words words = new Words();
                    inlines(cell, words, tableCell.isHeader() ? TextStyle.BOLD : TextStyle.PLAIN, citations);
                    cells.add(words);
                    if (tableCell.isHeader()) {
                        aligns.add(switch (tableCell.getAlignment() == null ? TableCell.Alignment.LEFT : tableCell.getAlignment()) {
                            case CENTER -> TextTable.Align.CENTER;
                            case RIGHT -> TextTable.Align.RIGHT;
                            default -> TextTable.Align.LEFT;
                        });
                    }
                }
                if (header.isEmpty()) {
                    header.addAll(cells);
                } else {
                    // GFM lets a body row have fewer or more cells than the header: pad or drop as GitHub shows it
                    while (cells.size() < header.size()) {
                        cells.add(new Words());
                    }
                    rows.add(List.copyOf(cells.subList(0, header.size())));
                }
            }
        }
        TextTable text = new TextTable(header, aligns);
        rows.forEach(text::row);
        return text.render(room, style);
    }

    /** The inline content of a node into words, with the styles of its marks. */
    private void inlines(Node parent, Words words, int inherited, Citations citations) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Text text) {
                if (!(text.getPrevious() instanceof Text)) {
                    citedText(Markdown.textRun(text), words, inherited, citations);
                }
            } else if (node instanceof Code code) {
                words.add(style.ansi() ? code.getLiteral() : "`" + code.getLiteral() + "`", inherited | TextStyle.CODE);
            } else if (node instanceof Emphasis) {
                inlines(node, words, inherited | TextStyle.ITALIC, citations);
            } else if (node instanceof StrongEmphasis) {
                inlines(node, words, inherited | TextStyle.BOLD, citations);
            } else if (node instanceof Link link) {
                Words label = new Words();
                inlines(node, label, inherited, citations);
                inlines(node, words, inherited | TextStyle.UNDERLINE, citations);
                if (!label.plainText().equals(link.getDestination())) {
                    words.add(" (" + link.getDestination() + ")", inherited);
                }
            } else if (node instanceof SoftLineBreak) {
                words.space();
            } else if (node instanceof HardLineBreak) {
                words.lineBreak();
            } else if (node instanceof HtmlInline html) {
                words.add(html.getLiteral(), inherited);
            } else {
                inlines(node, words, inherited, citations);
            }
        }
    }

    private void citedText(String text, Words words, int inherited, Citations citations) {
        Matcher citation = Markdown.CITATION.matcher(text);
        int at = 0;
        while (citation.find()) {
            words.add(text.substring(at, citation.start()), inherited);
            words.addUnbroken("[" + citations.number(citation.group(1)) + "]", inherited | TextStyle.DIM);
            at = citation.end();
        }
        words.add(text.substring(at), inherited);
    }

    /** Source ids numbered in order of first citation. */
    private static final class Citations {
        final Map<String, Integer> numbers = new LinkedHashMap<>();

        int number(String sourceId) {
            return numbers.computeIfAbsent(sourceId, id -> numbers.size() + 1);
        }
    }
}
