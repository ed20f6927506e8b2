package dev.dslab.shell.quiz;

import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.history.HistoryWriter;
import dev.dslab.scenarios.history.RecordedOp;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAnswerRecord;
import dev.dslab.shell.store.StoredRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `quiz run` and `experiment report` in the shell's Spring context, on runs recorded the way the experiment
 * commands record them (a row in the learner store, result.json and history.jsonl in the run directory),
 * with answers piped on standard input as in one-shot mode.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuizAndReportCommandsTest {

    // made before the Spring context starts, which is before JUnit would inject a @TempDir
    static final Path home = temporaryHome();

    static Path temporaryHome() {
        try {
            return Files.createTempDirectory("dslab-quiz");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void deleteHome() throws java.io.IOException {
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "quinn");
    }

    @TestConfiguration
    static class TestExperiments {
        @Bean
        @Primary
        ExperimentCatalog quizCatalog() {
            return new ExperimentCatalog(List.of(new SampleQuizExperiment()));
        }
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    LearnerStore store;

    String completed;
    String failed;

    @BeforeAll
    void recordTwoRuns() throws Exception {
        completed = record(RunStatus.COMPLETED, null, SampleQuizExperiment.result(12.5));
        failed = record(RunStatus.FAILED, "the local target stopped answering", null);
    }

    private String record(RunStatus status, String reason, ExperimentResult result) throws Exception {
        LearnerName learner = new LearnerName("quinn");
        StoredRun run = store.startRun(learner, SampleQuizExperiment.NAME, 7, "local", Map.of(), null, home.resolve("runs"));
        Files.createDirectories(run.directory());
        try (HistoryWriter history = new HistoryWriter(run.directory().resolve(RunRecord.HISTORY_FILE))) {
            for (int i = 0; i < 6; i++) {
                history.append(new RecordedOp(i, i % 2, i % 3 == 0 ? "write" : "read", "k1", "v" + i, null, "eventual",
                        i * 2_000_000L, i * 2_000_000L + 1_500_000L, Outcome.OK, null));
            }
        }
        RunRecord record = new RunRecord(run.runId(), SampleQuizExperiment.NAME, 7, "local", Map.of(), Map.of(), null, status, reason,
                Instant.now().minusSeconds(3), Instant.now(), 6, result);
        ExperimentRunner.write(record, run.directory());
        store.finishRun(record);
        return run.runId();
    }

    record Run(int exitCode, String out, String err) { }

    Run run(String line, String stdin) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = commandLine.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aReviewAsksTheRunQuestionsAnsweredWrongUntilTheyAreLearnt() {
        Run wrong = run("quiz run " + completed, "40\na\nno idea\n\nn\nn\nn\n");
        assertThat(wrong.exitCode()).as(wrong.err()).isZero();

        Run review = run("quiz start --mode review", "12\nb\nA follower that has not got the write yet.\n\ny\ny\ny\n");
        assertThat(review.exitCode()).as(review.out() + review.err()).isZero();
        assertThat(review.out()).startsWith("Review: 3 questions due on every topic")
                .contains("(a number in %, easy, on your run " + completed + ")", "Score: 3 of 3 (3 right)");
        assertThat(store.reviewCards(new LearnerName("quinn"))).containsKeys("run:" + completed + ":quiz-sample.stale-share",
                "run:" + completed + ":quiz-sample.linearizable-mode", "run:" + completed + ":quiz-sample.why-stale");
        // answered right, each is next due in FSRS's second learning step, ten minutes on
        assertThat(run("quiz start --mode review", "").out()).startsWith("Nothing is due for review on every topic. Next review: 0 due now");
        assertThat(run("quiz stats", "").out()).contains("on your runs' quizzes");
    }

    @Test
    void pipedAnswersAreGradedAndStored() {
        int before = store.quizAnswers(completed).size();
        Run quiz = run("quiz run " + completed, "12\nb\nA follower that has not got the write yet.\n\ny\ny\nn\n");

        assertThat(quiz.exitCode()).as(quiz.err()).isZero();
        assertThat(quiz.out()).contains("Quiz on run " + completed + " of quiz-sample: 3 questions", "Right: 12.5%",
                "Model answer:", "Score: 2.67 of 3 (3 right); answers stored.",
                "Your answer (type one letter, a to b): b\nRight: b) strong");
        List<QuizAnswerRecord> answers = store.quizAnswers(completed);
        assertThat(answers).hasSize(before + 3);
        assertThat(answers.subList(before, before + 3)).extracting(QuizAnswerRecord::questionId)
                .containsExactly("quiz-sample.stale-share", "quiz-sample.linearizable-mode", "quiz-sample.why-stale");
        assertThat(answers.get(before + 1).question()).contains("a) eventual", "b) strong");
    }

    @Test
    void aBadPipedAnswerFailsWithOneLineAndKeepsTheAnswersBefore() {
        int before = store.quizAnswers(completed).size();
        Run quiz = run("quiz run " + completed, "12\nthe strong one\n");

        assertThat(quiz.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(quiz.err().strip()).isEqualTo("dslab: question quiz-sample.linearizable-mode: 'the' is not an option: "
                + "type one letter, a to b (1 answer(s) before it are stored)");
        assertThat(store.quizAnswers(completed)).hasSize(before + 1);
    }

    @Test
    void pipedInputEndingEarlyFailsAndKeepsTheAnswersGiven() {
        Run quiz = run("quiz run " + completed, "12\n");
        assertThat(quiz.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(quiz.err().strip()).isEqualTo("dslab: the input ended at question 2 of 3; the 1 answer(s) before it are stored");
    }

    @Test
    void aRunThatDidNotCompleteHasNoQuiz() {
        Run quiz = run("quiz run " + failed, "");
        assertThat(quiz.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(quiz.err().lines().count()).isEqualTo(1);
        assertThat(quiz.err()).contains("run " + failed + " did not complete (FAILED: the local target stopped answering)");
    }

    @Test
    void anUnknownRunOrNoRunIsBadUsage() {
        assertThat(run("quiz run r999", "").exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run("quiz run", "").err()).contains("which run? quiz run <run-id|latest>");
        assertThat(run("experiment report", "").exitCode()).isEqualTo(CommandLine.USAGE);
    }

    @Test
    void theReportPrintsTheSummaryAndWritesTheHtmlFile() {
        Run report = run("experiment report " + completed, "");

        assertThat(report.exitCode()).as(report.err()).isZero();
        Path html = home.resolve("runs").resolve(completed).resolve("report.html");
        assertThat(report.out()).contains("Run " + completed, "quiz-sample", "COMPLETED", "Stale share of eventual reads", "12.5 %",
                "linearizability", "PASS", "HTML report: " + html);
        assertThat(report.out()).doesNotContain("\u001B[");
        assertThat(html).isRegularFile();
        assertThat(html).content().contains("Asks about a run&#39;s stale reads", "client 1", "data-rendered");
    }

    @Test
    void theReportOfAFailedRunIsLabelledPartial() {
        Run report = run("experiment report " + failed, "");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).contains("FAILED (partial): the local target stopped answering", "partial history has 6 operations");
        assertThat(home.resolve("runs").resolve(failed).resolve("report.html")).content().contains("Partial run");
    }
}
