package dev.dslab.shell.store;

import dev.dslab.shell.learner.LearnerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizAnswerStoreTest {

    @TempDir
    Path home;

    @Test
    void anAnswerIsKeptWithItsQuestionAndSurvivesReopeningTheStore() {
        Path file = home.resolve("dslab.db");
        LearnerStore store = new LearnerStore(file, Clock.systemUTC());
        StoredRun run = store.startRun(new LearnerName("ada"), "quiz-sample", 7, "local", Map.of(), null, home.resolve("runs"));
        Instant answeredAt = Instant.parse("2026-11-27T03:00:00Z");
        store.recordQuizAnswer(new QuizAnswerRecord(run.runId(), "quiz-sample.mode", "Which mode?\n  a) eventual\n  b) strong", "b",
                1, true, answeredAt));
        store.recordQuizAnswer(new QuizAnswerRecord(run.runId(), "quiz-sample.why", "Why?", "lag\n[rubric points covered: 1 of 2]",
                0.5, false, answeredAt.plusSeconds(30)));

        var answers = new LearnerStore(file, Clock.systemUTC()).quizAnswers(run.runId());

        assertThat(answers).containsExactly(
                new QuizAnswerRecord(run.runId(), "quiz-sample.mode", "Which mode?\n  a) eventual\n  b) strong", "b", 1, true, answeredAt),
                new QuizAnswerRecord(run.runId(), "quiz-sample.why", "Why?", "lag\n[rubric points covered: 1 of 2]", 0.5, false,
                        answeredAt.plusSeconds(30)));
        assertThat(store.quizAnswers("r999")).isEmpty();
    }

    @Test
    void anAnswerNeedsARunThatExists() {
        LearnerStore store = new LearnerStore(home.resolve("dslab.db"), Clock.systemUTC());
        assertThatThrownBy(() -> store.recordQuizAnswer(new QuizAnswerRecord("r42", "q", "Q?", "a", 0, false, Instant.now())))
                .hasMessageContaining("FOREIGN KEY");
    }
}
