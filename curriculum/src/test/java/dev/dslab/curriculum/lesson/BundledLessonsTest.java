package dev.dslab.curriculum.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.curriculum.bank.BankLoader;
import dev.dslab.curriculum.quiz.QuizTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every lesson dslab ships follows the lesson format: the loader enforces each file's rules (front matter, id = file
 * name, citations resolve, every source cited, headings, no HTML or images), this test the rules across files and
 * banks. Experiment and exercise ids are checked in the shell module, which sees their catalogues.
 */
class BundledLessonsTest {

    private static final Path FOLDER = Path.of("src/main/resources/lessons");
    private static Lessons lessons;

    @BeforeAll
    static void load() {
        lessons = LessonLoader.loadBundled();
    }

    @Test
    void everyMarkdownFileInTheLessonsFolderIsALessonThatLoads() throws IOException {
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(FOLDER)) {
            try (Stream<Path> listed = Files.list(FOLDER)) {
                listed.map(path -> path.getFileName().toString()).sorted().forEach(files::add);
            }
        }
        assertThat(files).allSatisfy(name -> assertThat(name).as("a lesson <id>.md or the services table")
                .matches(file -> file.endsWith(".md") || file.equals(ServiceGuarantees.FILE_NAME)));
        assertThat(lessons.lessons().stream().map(lesson -> Path.of(lesson.file()).getFileName().toString()).sorted().toList())
                .isEqualTo(files.stream().filter(name -> name.endsWith(".md")).toList());
    }

    @Test
    void everyQuestionTopicIsOneThatQuizStartAccepts() {
        QuizTopics topics = new QuizTopics(BankLoader.loadBundled());
        for (Lesson lesson : lessons.lessons()) {
            for (String topic : lesson.questionTopics()) {
                assertThat(topics.questions(topic)).as(lesson.file() + ": question topic " + topic).isNotEmpty();
            }
        }
    }

    @Test
    void everyBundledLessonRendersAndIsSearchable() {
        LessonIndex index = new LessonIndex(lessons);
        for (Lesson lesson : lessons.lessons()) {
            String text = new LessonRenderer(80, TextStyle.plain()).render(lesson);
            assertThat(text).as(lesson.file()).startsWith(firstLine(lesson)).doesNotContain("[src:");
            assertThat(index.search(lesson.title())).as(lesson.file()).extracting(hit -> hit.lesson().id()).contains(lesson.id());
        }
    }

    private static String firstLine(Lesson lesson) {
        return lesson.body().strip().lines().findFirst().orElseThrow().replaceFirst("^#\\s*", "").strip();
    }

    @Test
    void theServicesTableHasARowForEachServiceTheLessonsDiscussEachWithAnAwsSource() {
        ServiceGuarantees table = ServiceGuarantees.loadBundled();
        assertThat(table.rows()).extracting(ServiceGuarantees.Row::service)
                .contains("DynamoDB", "S3", "Kinesis Data Streams", "Lambda", "SQS", "SNS");
        assertThat(table.rows()).extracting(row -> row.service() + " / " + row.feature()).contains(
                "DynamoDB / global secondary indexes", "DynamoDB / Streams", "DynamoDB / transactions", "SQS / standard queues",
                "SQS / FIFO queues", "SNS / standard topics", "SNS / FIFO topics");
        assertThat(table.rows()).allSatisfy(row -> assertThat(row.sources()).isNotEmpty());
    }
}
