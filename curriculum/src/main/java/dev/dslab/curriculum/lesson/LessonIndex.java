package dev.dslab.curriculum.lesson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * Full-text search over the lessons, section by section ({@code learn search}). Case and punctuation are ignored
 * ({@code read-your-writes} finds "read your writes"); a section matches when it holds every word of the query, a
 * word matching the start of a word in the text ({@code replica} finds "replicas"). The query as a phrase, and hits
 * in a heading or a lesson's title, rank higher. A dozen lessons need no search engine: this scans them in
 * well under a millisecond each.
 */
public final class LessonIndex {

    private static final int PHRASE = 10;
    private static final int IN_HEADING = 20;
    private static final int SNIPPET_CONTEXT = 70;
    /** A citation with the space before it: "write [src:a]." reads "write." once citations are left out. */
    private static final Pattern CITED = Pattern.compile("\\s*" + Markdown.CITATION.pattern());

    /** One section of a lesson: the text under a heading up to the next heading (the first, under the title). */
    public record Section(Lesson lesson, String heading, String text) {
    }

    /** @param start the hit's place in {@link #text()}, {@code end} just after it */
    public record Snippet(String text, int start, int end) {
    }

    public record SectionHit(Section section, int score, Snippet snippet) {
    }

    /** A lesson that matches, its sections best first. */
    public record LessonHit(Lesson lesson, int score, List<SectionHit> sections) {
    }

    private final List<Section> sections = new ArrayList<>();
    /** Each section's text and heading normalized once, not at every query. */
    private final List<Normalized[]> normalized = new ArrayList<>();

    public LessonIndex(Lessons lessons) {
        for (Lesson lesson : lessons.lessons()) {
            String heading = lesson.title();
            StringBuilder text = new StringBuilder();
            for (Node block = Markdown.parse(lesson.body()).getFirstChild(); block != null; block = block.getNext()) {
                if (block instanceof Heading next) {
                    if (!text.isEmpty() || next.getLevel() > 1) {
                        sections.add(new Section(lesson, heading, withoutCitations(text)));
                    }
                    StringBuilder title = new StringBuilder();
                    plainText(next, title);
                    heading = next.getLevel() == 1 ? lesson.title() : title.toString().strip();
                    text.setLength(0);
                } else {
                    plainText(block, text);
                    text.append('\n');
                }
            }
            sections.add(new Section(lesson, heading, withoutCitations(text)));
        }
        sections.forEach(section -> normalized.add(new Normalized[] {Normalized.of(section.text()), Normalized.of(section.heading())}));
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /** The lessons that match, best first; none for a query with no letters or digits. */
    public List<LessonHit> search(String query) {
        Normalized normalizedQuery = Normalized.of(query);
        List<String> words = normalizedQuery.words();
        if (words.isEmpty()) {
            return List.of();
        }
        List<LessonHit> hits = new ArrayList<>();
        Lesson current = null;
        List<SectionHit> found = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            if (section.lesson() != current) {
                collect(current, found, normalizedQuery, hits);
                current = section.lesson();
                found = new ArrayList<>();
            }
            Normalized text = normalized.get(i)[0];
            Normalized heading = normalized.get(i)[1];
            int inText = text.score(normalizedQuery);
            int inHeading = heading.score(normalizedQuery);
            if (inText > 0 || inHeading > 0) {
                Snippet snippet = text.snippet(normalizedQuery);
                // a heading holding the phrase is the best hit; one holding the words only counts as much as the text does
                int headingScore = heading.hasPhrase(normalizedQuery) ? IN_HEADING + inHeading : inHeading;
                found.add(new SectionHit(section, inText + headingScore, snippet));
            }
        }
        collect(current, found, normalizedQuery, hits);
        hits.sort(Comparator.comparingInt(LessonHit::score).reversed().thenComparingInt(hit -> hit.lesson().order()));
        return hits;
    }

    private static void collect(Lesson lesson, List<SectionHit> found, Normalized query, List<LessonHit> hits) {
        if (lesson == null || found.isEmpty()) {
            return;
        }
        found.sort(Comparator.comparingInt(SectionHit::score).reversed());
        int score = found.get(0).score() + found.stream().mapToInt(SectionHit::score).sum() / 4
                + (Normalized.of(lesson.title()).score(query) > 0 ? IN_HEADING : 0);
        hits.add(new LessonHit(lesson, score, List.copyOf(found)));
    }

    /**
     * Citations are not prose: "write [src:a]." reads "write.". Removed from the whole text, since a citation after
     * a line break starts a text node of its own and the space before it belongs to the break.
     */
    private static String withoutCitations(StringBuilder text) {
        return CITED.matcher(text).replaceAll("").strip();
    }

    /** The words of a node, blocks separated by new lines. */
    private static void plainText(Node node, StringBuilder out) {
        if (node instanceof Text text) {
            out.append(text.getLiteral());
        } else if (node instanceof Code code) {
            out.append(code.getLiteral());
        } else if (node instanceof FencedCodeBlock code) {
            out.append(code.getLiteral());
        } else if (node instanceof IndentedCodeBlock code) {
            out.append(code.getLiteral());
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            out.append(' ');
        } else {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                plainText(child, out);
                if (child instanceof org.commonmark.node.Block) {
                    out.append('\n');
                } else if (child instanceof org.commonmark.ext.gfm.tables.TableCell) {
                    out.append(" | ");
                }
            }
        }
    }

    /**
     * Text as lower-case words joined by single spaces, remembering where each word starts and ends in the
     * original, so a match in the words can be shown in the original text.
     */
    private record Normalized(String original, String joined, int[] starts, int[] ends) {

        static Normalized of(String text) {
            StringBuilder words = new StringBuilder(" ");
            List<int[]> spans = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                int codePoint = text.codePointAt(i);
                if (Character.isLetterOrDigit(codePoint)) {
                    int start = i;
                    while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
                        i += Character.charCount(text.codePointAt(i));
                    }
                    words.append(text.substring(start, i).toLowerCase(Locale.ROOT)).append(' ');
                    spans.add(new int[] {start, i});
                } else {
                    i += Character.charCount(codePoint);
                }
            }
            return new Normalized(text, words.toString(), spans.stream().mapToInt(span -> span[0]).toArray(),
                    spans.stream().mapToInt(span -> span[1]).toArray());
        }

        List<String> words() {
            return joined.isBlank() ? List.of() : List.of(joined.strip().split(" "));
        }

        /** 0 unless every word of the query starts a word here; then its hits, a phrase hit counting {@value #PHRASE}. */
        int score(Normalized query) {
            int score = 0;
            for (String word : query.words()) {
                int count = count(" " + word);
                if (count == 0) {
                    return 0;
                }
                score += count;
            }
            return score + PHRASE * count(query.joined);
        }

        boolean hasPhrase(Normalized query) {
            return joined.contains(query.joined);
        }

        private int count(String needle) {
            int count = 0;
            for (int at = joined.indexOf(needle); at >= 0; at = joined.indexOf(needle, at + 1)) {
                count++;
            }
            return count;
        }

        /** The original text around the phrase, else around the first word of the query. */
        Snippet snippet(Normalized query) {
            List<String> queryWords = query.words();
            int at = joined.indexOf(query.joined);
            int wordCount = queryWords.size();
            if (at < 0) {
                at = joined.indexOf(" " + queryWords.get(0));
                wordCount = 1;
            }
            if (at < 0 || starts.length == 0) {
                String start = original.length() <= 2 * SNIPPET_CONTEXT ? original : original.substring(0, 2 * SNIPPET_CONTEXT) + "…";
                return new Snippet(oneLine(start), 0, 0);
            }
            int firstWord = countSpaces(at);
            int lastWord = Math.min(starts.length - 1, firstWord + wordCount - 1);
            int hitStart = starts[firstWord];
            int hitEnd = query.words().size() == wordCount ? ends[lastWord] : endOfPrefix(firstWord, queryWords.get(0));
            int from = Math.max(0, hitStart - SNIPPET_CONTEXT);
            int to = Math.min(original.length(), hitEnd + SNIPPET_CONTEXT);
            // within the hit's own paragraph (blocks are separated by new lines), starting and ending on whole words
            int paragraphStart = original.lastIndexOf('\n', hitStart - 1) + 1;
            int paragraphEnd = original.indexOf('\n', hitEnd);
            paragraphEnd = paragraphEnd < 0 ? original.length() : paragraphEnd;
            from = Math.max(from, paragraphStart);
            to = Math.min(to, paragraphEnd);
            while (from > paragraphStart && !Character.isWhitespace(original.charAt(from - 1))) {
                from--;
            }
            while (to < paragraphEnd && !Character.isWhitespace(original.charAt(to))) {
                to++;
            }
            String before = (from > paragraphStart ? "…" : "") + oneLine(original.substring(from, hitStart)).stripLeading();
            String hit = oneLine(original.substring(hitStart, hitEnd));
            String after = oneLine(original.substring(hitEnd, to)).stripTrailing() + (to < paragraphEnd ? "…" : "");
            return new Snippet(before + hit + after, before.length(), before.length() + hit.length());
        }

        private int endOfPrefix(int word, String prefix) {
            return Math.min(ends[word], starts[word] + prefix.length());
        }

        /** Which word a position in {@link #joined} falls in (every word is preceded by one space). */
        private int countSpaces(int at) {
            int spaces = 0;
            for (int i = 0; i <= at; i++) {
                if (joined.charAt(i) == ' ') {
                    spaces++;
                }
            }
            return Math.max(0, spaces - 1);
        }

        private static String oneLine(String text) {
            return text.replaceAll("\\s+", " ");
        }
    }
}
