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
                .matches(file -> file.endsWith(".md") || file.equals("services.yaml")));
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
}
