package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.question.Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The interview questions dslab ships load, validate and hold what issue 6 asks of them; the build fails otherwise. */
class BundledInterviewsTest {

    static final int AT_LEAST = 8;
    private static InterviewBank bank;

    @BeforeAll
    static void load() {
        bank = InterviewLoader.loadBundled();
    }

    @Test
    void theInterviewsFolderHoldsOneFileAndItLoads() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/interviews"))) {
            assertThat(files.map(path -> "interviews/" + path.getFileName()).toList()).containsExactly(InterviewLoader.BUNDLED);
        }
        assertThat(bank.questions().size()).as("interview questions").isGreaterThanOrEqualTo(AT_LEAST);
    }

    @Test
    void everyQuestionIsWrittenForAFortyFiveMinuteInterviewWithClarifyingFirstAndFollowUpsLast() {
        for (InterviewQuestion question : bank.questions()) {
            assertThat(question.minutes()).as(question.id()).isEqualTo(Timetable.DEFAULT_MINUTES);
            assertThat(question.phases().get(0).name()).as(question.id()).containsIgnoringCase("requirements");
            assertThat(question.phases().get(question.phases().size() - 1).name()).as(question.id()).isEqualTo("Follow-ups");
            assertThat(question.followUps()).as(question.id()).hasSizeBetween(3, 6);
            assertThat(question.rubric()).as(question.id()).hasSizeBetween(5, 8);
            assertThat(question.clarifications()).as(question.id()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyQuestionCitesEvidenceAndEveryCitedSourceIsOfAnEvidenceKindOrBesideOne() {
        for (InterviewQuestion question : bank.questions()) {
            List<Source> sources = question.sources();
            assertThat(sources).as(question.id()).anyMatch(source -> source.kind() != Source.Kind.WEB);
            for (InterviewQuestion.OutlinePoint point : question.outline()) {
                if (!point.sources().isEmpty()) {
                    assertThat(point.sources()).as(question.id() + ": " + point.text()).anyMatch(source -> source.kind() != Source.Kind.WEB);
                }
            }
        }
    }

    @Test
    void titlesAndPromptsAreDistinct() {
        assertThat(bank.questions().stream().map(InterviewQuestion::title).distinct().count()).isEqualTo(bank.questions().size());
        assertThat(bank.questions().stream().map(InterviewQuestion::prompt).distinct().count()).isEqualTo(bank.questions().size());
    }
}
