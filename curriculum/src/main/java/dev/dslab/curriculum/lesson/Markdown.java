package dev.dslab.curriculum.lesson;

import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/** The one CommonMark parser lessons are read with (GFM pipe tables, block source spans for line numbers) and the citation syntax. */
public final class Markdown {

    /** {@code [src:id]}: a citation of the lesson's source {@code id}. */
    public static final Pattern CITATION = Pattern.compile("\\[src:([a-z0-9]+(?:-[a-z0-9]+)*)]");
    static final String CITATION_START = "[src:";

    // a Parser is immutable and safe to share between threads
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    private Markdown() {
    }

    public static Node parse(String markdown) {
        return PARSER.parse(markdown);
    }

    /** The text of a run of adjacent {@link Text} siblings starting at {@code first} (the parser may split brackets off). */
    static String textRun(Text first) {
        StringBuilder text = new StringBuilder(first.getLiteral());
        for (Node next = first.getNext(); next instanceof Text more; next = next.getNext()) {
            text.append(more.getLiteral());
        }
        return text.toString();
    }

    /** The body line (0-based) a node starts on, or -1 when the parser kept no span. */
    static int lineIndex(Node node) {
        for (Node at = node; at != null; at = at.getParent()) {
            if (!at.getSourceSpans().isEmpty()) {
                return at.getSourceSpans().get(0).getLineIndex();
            }
        }
        return -1;
    }
}
