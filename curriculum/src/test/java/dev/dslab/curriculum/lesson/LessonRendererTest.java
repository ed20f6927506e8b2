package dev.dslab.curriculum.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal rendering of a lesson: wrapped prose, verbatim code, aligned tables, numbered citations and sources. */
class LessonRendererTest {

    private static final Lessons FIXTURES = LessonLoader.load(LessonRendererTest.class.getClassLoader(), LessonLoaderTest.FIXTURES);
    private static final Lesson LESSON = FIXTURES.byId("read-consistency").orElseThrow();
    private static final String DIAGRAM = "client ──put──▶ leader ──log──▶ follower";

    private static List<String> lines(int width, TextStyle style) {
        return new LessonRenderer(width, style).render(LESSON).lines().toList();
    }

    @Test
    void proseWrapsToTheWidthButCodeCommandsAndAddressesStayWhole() {
        for (int width : new int[] {40, 60, 100}) {
            List<String> lines = lines(width, TextStyle.plain());
            assertThat(lines).filteredOn(line -> !line.startsWith("  ") && !line.startsWith("- dslab "))
                    .allSatisfy(line -> assertThat(TextStyle.width(line)).as(line).isLessThanOrEqualTo(width));
            assertThat(lines).contains("  " + DIAGRAM, "     └────get (eventual)─────────▶ follower   (may miss the put)",
                    "    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");
        }
    }

    @Test
    void headingsListsQuotesAndInlineMarks() {
        List<String> lines = lines(60, TextStyle.plain());
        assertThat(lines.subList(0, 2)).containsExactly("Reading your own writes", "=======================");
        assertThat(lines).containsSubsequence("Session guarantees", "------------------");
        assertThat(lines).containsSubsequence("- Read-your-writes", "- Monotonic reads", "  1. nested one", "  2. nested two");
        assertThat(lines).contains("| A guarantee is a promise about what a read may return, not", "| about when.");
        assertThat(lines).contains("Use `ConsistentRead=true` for the second read.");
        assertThat(String.join("\n", lines)).doesNotContain("**", "\u001b[");
    }

    @Test
    void citationsAreNumberedInOrderOfFirstUseAndListedAsSources() {
        List<String> lines = lines(60, TextStyle.plain());
        String text = String.join("\n", lines);
        assertThat(text).doesNotContain("[src:");
        assertThat(text).contains("recently completed write [1].", "read capacity [1].", "of the same session [2].");
        assertThat(lines).containsSubsequence("Sources", "-------", "", "[1] Amazon DynamoDB Developer Guide: Read consistency",
                "    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html",
                "[2] Terry et al., Session Guarantees for Weakly Consistent", "    Replicated Data (PDIS 1994), section 3");
        String other = new LessonRenderer(60, TextStyle.plain()).render(FIXTURES.byId("other-lesson").orElseThrow());
        assertThat(other).contains("during failures [1][1].").doesNotContain("[2]");
    }

    @Test
    void aTableIsAlignedAndItsCellsWrapWhenTooWide() {
        assertThat(lines(60, TextStyle.plain())).containsSubsequence(
                "read                  | may be stale | cost",
                "----------------------+--------------+-----------------",
                "eventually consistent | yes          | 0.5 RCU per 4 KB",
                "strongly consistent   | no           | 1 RCU per 4 KB");
        List<String> narrow = lines(34, new TextStyle(false, true));
        int header = narrow.indexOf(narrow.stream().filter(line -> line.startsWith("read")).findFirst().orElseThrow());
        List<String> table = narrow.subList(header, header + 8);
        assertThat(table).allSatisfy(line -> assertThat(TextStyle.width(line)).isLessThanOrEqualTo(34));
        assertThat(table.get(table.size() - 1)).isNotEmpty();
        assertThat(table).anySatisfy(line -> assertThat(line).startsWith("eventually").contains("│ yes"))
                .anySatisfy(line -> assertThat(line).startsWith("consistent"))
                .anySatisfy(line -> assertThat(line).contains("─┼─"));
    }

    @Test
    void whatPractisesTheLessonClosesItAsCommands() {
        assertThat(lines(80, TextStyle.plain())).containsSubsequence("Practise it", "-----------", "",
                "- dslab quiz start --topic cap-consistency", "- dslab quiz start --topic linearizability",
                "- dslab experiment run dynamodb-read-consistency", "", "Sources");
    }

    @Test
    void onATerminalMarksAreEscapeCodes() {
        String text = new LessonRenderer(60, new TextStyle(true, true)).render(LESSON);
        assertThat(text).contains("\u001b[1;4mReading\u001b[0m", "\u001b[1mstrongly\u001b[0m", "\u001b[36mConsistentRead=true\u001b[0m",
                "\u001b[3msame\u001b[0m");
        assertThat(text.lines()).filteredOn(line -> !line.contains("https://") && !line.contains("──▶"))
                .allSatisfy(line -> assertThat(TextStyle.width(line)).isLessThanOrEqualTo(60));
    }
}
