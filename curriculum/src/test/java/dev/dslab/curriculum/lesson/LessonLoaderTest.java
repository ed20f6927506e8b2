package dev.dslab.curriculum.lesson;

import dev.dslab.curriculum.yaml.ContentFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The loader reads a valid lesson whole and refuses each broken rule with the file, the line and the problem. */
class LessonLoaderTest {

    static final String FIXTURES = "lesson-fixtures";

    static String fixture(String name) {
        try (InputStream in = LessonLoaderTest.class.getClassLoader().getResourceAsStream(FIXTURES + "/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Lesson parse(String text) {
        return LessonLoader.parse("lessons/read-consistency.md", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String text, int line, String problem) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ContentFormatException.class)
                .hasMessage("lessons/read-consistency.md" + (line > 0 ? " line " + line : "") + ": " + problem);
    }

    @Test
    void aFolderOfLessonsLoadsInOrder() {
        Lessons lessons = LessonLoader.load(getClass().getClassLoader(), FIXTURES);
        assertThat(lessons.lessons()).extracting(Lesson::id).containsExactly("other-lesson", "read-consistency");
        Lesson lesson = lessons.byId("read-consistency").orElseThrow();
        assertThat(lesson.file()).isEqualTo("lesson-fixtures/read-consistency.md");
        assertThat(lesson.title()).isEqualTo("Reading your own writes on DynamoDB");
        assertThat(lesson.order()).isEqualTo(20);
        assertThat(lesson.questionTopics()).containsExactly("cap-consistency", "linearizability");
        assertThat(lesson.experiments()).containsExactly("dynamodb-read-consistency");
        assertThat(lesson.exercises()).isEmpty();
        assertThat(lesson.sources()).extracting(LessonSource::id).containsExactly("ddb-read-consistency", "terry-1994");
        assertThat(lesson.sources().get(1).kind()).isEqualTo(LessonSource.Kind.PAPER);
        assertThat(lesson.bodyLine()).isEqualTo(20);
        assertThat(lesson.body()).startsWith("# Reading your own writes\n");
        assertThat(lessons.linkingExperiment("dynamodb-read-consistency")).containsExactly(lesson);
        assertThat(lessons.allowed()).isEqualTo("other-lesson, read-consistency");
    }

    @Test
    void refusesAFileWithoutFrontMatter() {
        refused("# Just a body\n", 1, "a lesson starts with its front matter: a line '---', the YAML fields, a line '---'");
        refused("---\nformat: 1\n# body\n", 1, "the front matter opened here is never closed by a line '---'");
    }

    @Test
    void refusesANewerFormatBeforeAnythingElse() {
        refused(fixture("read-consistency.md").replace("format: 1", "format: 2\ncolour: blue"), 2,
                "format 2 is newer than this dslab reads (1): update dslab");
    }

    @Test
    void refusesUnknownAndMissingFields() {
        refused(fixture("read-consistency.md").replace("order: 20", "ordre: 20"), 6,
                "unknown field 'ordre' in the front matter: allowed exercises, experiments, format, id, order, question-topics, sources, summary, title");
        refused(fixture("read-consistency.md").replace("summary: What an eventually consistent read may return right after a write, and what a strongly consistent one costs.\n", ""),
                2, "missing field 'summary'");
    }

    @Test
    void refusesAnIdThatIsNotTheFileName() {
        refused(fixture("read-consistency.md").replace("id: read-consistency", "id: read-consistent"), 3,
                "id 'read-consistent' belongs in a file named read-consistent.md");
        refused(fixture("read-consistency.md").replace("id: read-consistency", "id: Read_Consistency"), 3,
                "id 'Read_Consistency' must be kebab-case: lower-case letters and digits joined by '-'");
    }

    @Test
    void refusesEmptyTitleAndNonListLinks() {
        refused(fixture("read-consistency.md").replace("title: Reading your own writes on DynamoDB", "title: \"\""), 4, "title is empty");
        refused(fixture("read-consistency.md").replace("exercises: []", "exercises: raft-3a"), 9, "exercises must be a list ([] when empty)");
    }

    @Test
    void refusesBadSources() {
        refused(fixture("read-consistency.md").replace("kind: aws-docs", "kind: docs"), 12,
                "source ddb-read-consistency: unknown kind 'docs': allowed aws-docs, paper, builders-library, book, talk, spec, blog");
        refused(fixture("read-consistency.md").replace("url: https://docs.aws", "url: http://docs.aws"), 14,
                "source ddb-read-consistency: the url must be an https address, not "
                        + "'http://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html'");
        refused(fixture("read-consistency.md").replace("id: terry-1994", "id: ddb-read-consistency"), 15,
                "source id 'ddb-read-consistency' is already used on line 11");
    }

    @Test
    void refusesACitationOfNoSourceAndASourceNeverCited() {
        refused(fixture("read-consistency.md").replace("same session* [src:terry-1994]", "same session* [src:terry-94]"), 27,
                "[src:terry-94] names no source of this lesson: allowed ddb-read-consistency, terry-1994");
        refused(fixture("read-consistency.md").replace("same session* [src:terry-1994]", "same session*"), 15,
                "source 'terry-1994' is never cited: cite it in the body as [src:terry-1994] or remove it");
        refused(fixture("read-consistency.md").replace("same session* [src:terry-1994]", "same session* [src: terry-1994]"), 27,
                "malformed citation '[src: terry-1994]': write [src:id] with a kebab-case source id");
    }

    @Test
    void refusesHeadingsOutOfShape() {
        refused(fixture("read-consistency.md").replace("# Reading your own writes\n", "## Reading your own writes\n"), 20,
                "the body's first heading is a '#' heading (the lesson's title), not level 2");
        refused(fixture("read-consistency.md").replace("## Session guarantees", "# Session guarantees"), 25,
                "only the first heading is a '#' heading: use '##' for sections, '###' inside them");
        refused(fixture("read-consistency.md").replace("### A diagram", "#### A diagram"), 42, "headings go down to '###', not level 4");
        refused(fixture("read-consistency.md").replace("## Session guarantees", "### Session guarantees"), 25,
                "a '###' heading belongs inside a '##' section");
    }

    @Test
    void refusesRawHtmlImagesAndAnEmptyBody() {
        refused(fixture("read-consistency.md").replace("It says nothing", "It <b>says</b> nothing"), 27,
                "raw HTML is not allowed in a lesson (the terminal cannot show it): '<b>'; write Markdown, or put it in `code`");
        refused(fixture("read-consistency.md").replace("> A guarantee", "![diagram](d.png)\n\n> A guarantee"), 35,
                "images are not allowed in a lesson: draw diagrams as ASCII art in a ```text fence");
        String frontMatterOnly = fixture("read-consistency.md").substring(0, fixture("read-consistency.md").indexOf("# Reading"));
        refused(frontMatterOnly, 20, "the body after the front matter is empty");
    }

    @Test
    void refusesTextThatIsNotUtf8OrYaml() {
        assertThatThrownBy(() -> LessonLoader.parse("lessons/x.md", new byte[] {'-', '-', '-', '\n', (byte) 0xC3, '\n', '-', '-', '-'}))
                .hasMessage("lessons/x.md: is not UTF-8 text");
        refused(fixture("read-consistency.md").replace("order: 20", "order: [20"), 7, "not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence that starts on line 6)");
    }

    @Test
    void refusesTwoLessonsWithOneTitle() {
        Lesson one = parse(fixture("read-consistency.md"));
        Lesson two = LessonLoader.parse("lessons/other-lesson.md", fixture("other-lesson.md")
                .replace("title: A second lesson", "title: reading your own writes on dynamodb").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Lessons.of(java.util.List.of(one, two))).hasMessage("lessons/other-lesson.md: title "
                + "'reading your own writes on dynamodb' is already the title of lessons/read-consistency.md");
    }
}
