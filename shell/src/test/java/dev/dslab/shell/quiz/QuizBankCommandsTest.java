package dev.dslab.shell.quiz;

import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.quiz.QuizTopics;
import dev.dslab.curriculum.review.CardState;
import dev.dslab.curriculum.review.ReviewCard;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAttemptRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `quiz start`, `quiz stats` and `quiz export` in the shell's Spring context on the bundled banks, with answers
 * piped on standard input as in one-shot mode. Each test is its own learner, so each starts with no answers.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuizBankCommandsTest {

    static final Path home = temporaryHome();
    static final QuestionBanks BANKS = PipedAnswers.BANKS;

    static Path temporaryHome() {
        try {
            return Files.createTempDirectory("dslab-quizbank");
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

    @Autowired
    CommandLine commandLine;
    @Autowired
    LearnerStore store;

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

    static List<Question> picked(String topic, int count, long seed) {
        return PipedAnswers.picked(topic, count, seed);
    }

    static List<String> answer(Question question, boolean right) {
        return PipedAnswers.answer(question, right);
    }

    static String script(List<Question> questions, boolean right) {
        return PipedAnswers.script(questions, right);
    }

    @Test
    void aPracticeQuizWithPipedAnswersIsExplainedAsItGoesAndEveryAnswerIsStoredAndScheduled() {
        List<Question> questions = picked("consensus", 4, 11);
        Run quiz = run("quiz start --topic consensus --count 4 --seed 11 --learner pia", script(questions, true));

        assertThat(quiz.exitCode()).as(quiz.out() + quiz.err()).isZero();
        assertThat(quiz.out()).startsWith("Practice on consensus: 4 questions, each explained once you answer.")
                .contains("Question 1 of 4 (", "Question 4 of 4 (", "Why: ", "Source: ", "An interviewer would ask next: ",
                        "Score: 4 of 4 (4 right); answers stored.", "Next review: 0 due now, the next at ");
        LearnerName pia = new LearnerName("pia");
        List<QuizAttemptRecord> attempts = store.quizAttempts(pia);
        assertThat(attempts).extracting(QuizAttemptRecord::card).containsExactlyElementsOf(questions.stream().map(Question::id).toList());
        assertThat(attempts).allMatch(attempt -> attempt.correct() && attempt.mode().equals("practice") && attempt.topicSet().equals("consensus"));
        Map<String, ReviewCard> cards = store.reviewCards(pia);
        assertThat(cards).containsOnlyKeys(questions.stream().map(Question::id).toList());
        assertThat(cards.values()).allMatch(card -> card.due().isAfter(Instant.now()));
    }

    @Test
    void badInputGetsOneLineSayingWhatIsAllowed() {
        Run unknown = run("quiz start --topic paxos-made-hard", "");
        assertThat(unknown.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(unknown.err().strip()).startsWith("dslab: unknown topic 'paxos-made-hard'; the topics are cap-consistency (cap, ")
                .contains("consensus (flp, ");
        int consensus = new QuizTopics(BANKS).questions("consensus").size();
        Run tooMany = run("quiz start --topic consensus --count 500", "");
        assertThat(tooMany.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(tooMany.err().strip()).isEqualTo("dslab: --count must be 1 to " + consensus
                + " (the questions there are on this topic), not 500");
        assertThat(run("quiz start --count 3", "").err()).contains("which topic? --topic <topic>; the topics are cap-consistency (");
        assertThat(run("quiz start --topic raft --mode drill", "").err().strip())
                .isEqualTo("dslab: unknown mode 'drill': practice, exam, review");

        List<Question> questions = picked("consensus", 3, 5);
        String notAnOption = String.join("\n", answer(questions.get(0), true)) + "\nthe third one\n";
        Run bad = run("quiz start --topic consensus --count 3 --seed 5 --learner bo", notAnOption);
        assertThat(bad.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(bad.err().lines().count()).isEqualTo(1);
        assertThat(bad.err()).contains("question " + questions.get(1).id() + ": ", "(1 answer(s) before it are stored)");
        assertThat(store.quizAttempts(new LearnerName("bo"))).hasSize(1);
    }

    @Test
    void anExamExplainsAtTheEndWithTheScoreByTopic() {
        List<Question> questions = picked("cap-consistency", 3, 3);
        Run exam = run("quiz start --topic cap-consistency --count 3 --seed 3 --mode exam --learner eve", script(questions, false));

        assertThat(exam.exitCode()).as(exam.out() + exam.err()).isZero();
        String out = exam.out();
        assertThat(out).startsWith("Exam on cap-consistency: 3 questions in 4 min 30 s; answers are explained at the end");
        int explained = out.indexOf("Your answers, explained:");
        assertThat(explained).isPositive();
        assertThat(out.substring(0, explained)).doesNotContain("Why: ");
        assertThat(out.substring(explained)).contains("1. ", "Why: ", "Not quite.", "Score: 0 of 3 (0 right); answers stored.",
                "topic", questions.get(0).topics().get(0));
    }

    @Test
    void aReviewAsksWhatIsDueAndSaysWhenNothingIs() {
        LearnerName rey = new LearnerName("rey");
        assertThat(run("quiz start --mode review --learner rey", "").out()).startsWith("Nothing is due for review on every topic. "
                + "Next review: none scheduled yet");
        Question due = new QuizTopics(BANKS).questions("consensus").get(0);
        Question later = new QuizTopics(BANKS).questions("consensus").get(1);
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        store.recordQuizAttempt(rey, attempt(due, yesterday), new ReviewCard(CardState.REVIEW, -1, 2, 5, yesterday.plusSeconds(60), yesterday));
        store.recordQuizAttempt(rey, attempt(later, yesterday), new ReviewCard(CardState.REVIEW, -1, 9, 5, yesterday.plus(Duration.ofDays(9)),
                yesterday));

        Run review = run("quiz start --mode review --learner rey", String.join("\n", answer(due, true)) + "\n");
        assertThat(review.exitCode()).as(review.out() + review.err()).isZero();
        assertThat(review.out()).startsWith("Review: 1 question due on every topic").contains("Score: 1 of 1 (1 right)");
        assertThat(store.reviewCards(rey).get(due.id()).due()).isAfter(Instant.now().plus(Duration.ofDays(1)));
    }

    private static QuizAttemptRecord attempt(Question question, Instant at) {
        return new QuizAttemptRecord(at.toString(), "practice", question.id(), "consensus", question.topics(), question.stem(), "a", 1, true, at);
    }

    @Test
    void statsShowAccuracyPerTopicDueReviewsTheWeakestAreasAndAChart() {
        assertThat(run("quiz stats --learner stan", "").out()).startsWith("No answers yet for stan: 'quiz start --topic <topic>' starts a quiz");
        List<Question> right = picked("consensus", 4, 21);
        run("quiz start --topic consensus --count 4 --seed 21 --learner stan", script(right, true)).toString();
        List<Question> wrong = QuizTopics.pick(new QuizTopics(BANKS).questions("consensus"), 4,
                right.stream().collect(Collectors.toMap(Question::id, question -> 1)), new Random(22));
        Run second = run("quiz start --topic consensus --count 4 --seed 22 --learner stan", script(wrong, false));
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();

        Run stats = run("quiz stats --learner stan", "");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).startsWith("Quiz stats for stan: 8 answers in 2 quizzes, 0 answers on your runs' quizzes")
                .contains("topic", "answers", "Reviews: ", "Accuracy per topic", "% right (partial credit counted)");
        String firstTopic = right.get(0).topics().get(0);
        assertThat(stats.out()).contains(firstTopic);
    }

    @Test
    void theAnkiExportIsEveryBankQuestionOneNoteALine() {
        Run export = run("quiz export --format anki", "");
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> lines = export.out().lines().toList();
        assertThat(lines.subList(0, 2)).containsExactly("#separator:tab", "#html:true");
        assertThat(lines.stream().filter(line -> !line.startsWith("#"))).hasSize(BANKS.questions().size());
        Run consensus = run("quiz export --format anki --topic consensus", "");
        assertThat(consensus.out().lines().filter(line -> line.startsWith("dslab-"))).hasSize(new QuizTopics(BANKS).questions("consensus").size());
        Run csv = run("quiz export --format csv", "");
        assertThat(csv.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(csv.err().strip()).isEqualTo("dslab: unknown format 'csv': --format anki is the one export (Anki's text import)");
    }
}
