package dev.dslab.shell.learn;

import dev.dslab.curriculum.review.Fsrs;
import dev.dslab.curriculum.review.Rating;
import dev.dslab.curriculum.review.ReviewCard;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.QuizAttemptRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learn commands one-shot, as a learner types them, in the shell's Spring context with a temporary home and
 * two fixture lessons (so the test does not move with the bundled content): list with progress from the learner
 * store, a lesson rendered and marked read, search, the services table, and a bad topic (exit 2, one line).
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LearnCommandsTest {

    static final Path home = temporaryDirectory();

    @Autowired
    CommandLine commandLine;
    @Autowired
    LearnerStore store;

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("dslab-learn-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ada");
        registry.add("dslab.lessons.folder", () -> "lesson-fixtures");
    }

    @AfterAll
    void deleteHome() throws IOException {
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    @Order(1)
    void listShowsEachTopicInOrderWithNothingDoneYet() {
        Run list = run("learn list");
        assertThat(list.code).as(list.toString()).isZero();
        assertThat(list.out).startsWith("Lessons for ada: 0 of 2 read. 'learn <topic>' reads one.");
        assertThat(list.lines()).containsSubsequence(
                "quorum-basics  Quorum basics" + " ".repeat(80 - "quorum-basics  Quorum basics".length() - "not read".length()) + "not read",
                "    Why R + W > N makes read and write sets overlap, and what that overlap does",
                "    not buy.",
                "",
                "read-consistency  Reading your own writes on DynamoDB" + " ".repeat(80 - 53 - 8) + "not read",
                "    quiz: cap-consistency not practised",
                "    experiments: dynamodb-read-consistency not run",
                "    exercises: raft-3a not checked");
    }

    @Test
    @Order(2)
    void aLessonIsRenderedWholeOneShotAndMarkedRead() {
        Run lesson = run("learn read-consistency");
        assertThat(lesson.code).as(lesson.toString()).isZero();
        assertThat(lesson.lines()).containsSubsequence("Reading your own writes", "=======================", "",
                "An eventually consistent read might not reflect the results of a recently", "completed write [1].");
        assertThat(lesson.lines()).containsSubsequence("read                  | may be stale",
                "----------------------+-------------", "eventually consistent | yes");
        assertThat(lesson.lines()).containsSubsequence("Practise it", "-----------", "", "- dslab quiz start --topic cap-consistency",
                "- dslab experiment run dynamodb-read-consistency", "- dslab exercise start raft-3a", "", "Sources", "-------", "",
                "[1] Amazon DynamoDB Developer Guide: Read consistency",
                "    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");
        assertThat(lesson.out).doesNotContain("\u001b[", "[src:");
        assertThat(store.lessonsRead(new LearnerName("ada"))).containsOnlyKeys("read-consistency");
        assertThat(run("learn list").out).startsWith("Lessons for ada: 1 of 2 read.").containsPattern("read-consistency .* read \\d{4}-\\d\\d-\\d\\d\n");
    }

    @Test
    @Order(3)
    void listShowsRunsChecksAndQuizAccuracyFromTheStore() {
        LearnerName ada = new LearnerName("ada");
        store.startRun(ada, "dynamodb-read-consistency", 7, "local", Map.of(), null, home.resolve("runs"));
        store.startRun(ada, "dynamodb-read-consistency", 8, "local", Map.of(), null, home.resolve("runs"));
        store.recordExerciseCheck(ada, "raft-3a", home.toString(), 1, 20, null, true, 60, null, 1_000);
        Fsrs fsrs = Fsrs.defaults();
        Instant now = Instant.now();
        for (boolean correct : new boolean[] {true, true, false}) {
            store.recordQuizAttempt(ada, new QuizAttemptRecord("s1", "practice", "q" + correct + now.getNano(), "cap-consistency",
                    List.of("linearizability"), "a question", "a", correct ? 1 : 0, correct, now),
                    fsrs.review(ReviewCard.fresh(now), correct ? Rating.GOOD : Rating.AGAIN, now));
            now = now.plusMillis(1);
        }
        Run list = run("learn list --learner ada");
        assertThat(list.code).as(list.toString()).isZero();
        assertThat(list.out).contains("    quiz: cap-consistency 2/3 right (67 %)", "    experiments: dynamodb-read-consistency run 2x (last r2)")
                .containsPattern("    exercises: raft-3a passed \\d{4}-\\d\\d-\\d\\d");
    }

    @Test
    @Order(4)
    void searchFindsAPhraseIgnoringCaseAndPunctuation() {
        Run search = run("learn search \"READ YOUR-WRITES\"");
        assertThat(search.code).as(search.toString()).isZero();
        // the phrase in the text ranks above the words in a heading ("Reading your own writes")
        assertThat(search.lines()).containsExactly("read-consistency  Reading your own writes on DynamoDB", "  Session guarantees",
                "    Read-your-writes says that a read reflects every earlier write of the same", "    session.",
                "  Reading your own writes on DynamoDB",
                "    An eventually consistent read might not reflect the results of a recently", "    completed write.",
                "'learn <topic>' reads a lesson.");
        Run words = run("learn search strongly consistent");
        assertThat(words.out).startsWith("read-consistency  Reading your own writes on DynamoDB");
        Run none = run("learn search paxos");
        assertThat(none.code).isZero();
        assertThat(none.out).isEqualTo("No lesson mentions 'paxos'. 'learn list' shows the topics.\n");
    }

    @Test
    @Order(5)
    void servicesIsATableWithASourceForEachRow() {
        Run services = run("learn services");
        assertThat(services.code).as(services.toString()).isZero();
        assertThat(services.lines().get(0)).startsWith("service").contains("| guarantees", "| does not guarantee", "| src");
        assertThat(services.out).contains("DynamoDB: Streams", "SQS: FIFO", "SNS: standard", "Sources",
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html");
        assertThat(services.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(
                line.strip().startsWith("https://") ? 200 : 80));
    }

    @Test
    @Order(6)
    void aBadTopicIsOneLineListingTheTopicsWithExitCode2() {
        Run bad = run("learn paxos-made-simple");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.out).isEmpty();
        assertThat(bad.err).isEqualTo("dslab: unknown topic 'paxos-made-simple'; the topics are quorum-basics, read-consistency "
                + "(also: learn list, learn search <text>, learn services)\n");
        assertThat(run("learn").err).startsWith("dslab: which topic? learn <topic>, one of: quorum-basics, read-consistency;");
        assertThat(run("learn list extra").err).isEqualTo("dslab: 'learn list' takes nothing more, not 'extra'\n");
        assertThat(run("learn search").code).isEqualTo(2);
        assertThat(run("learn quorum-basics --colour red").err).startsWith("dslab: unknown option --colour for 'learn'");
    }

    record Run(int code, String out, String err) {
        /** The output with Unicode rules and bullets as their ASCII stand-ins: which one is printed depends on the encoding. */
        List<String> lines() {
            return ascii(out).lines().toList();
        }
    }

    static String ascii(String text) {
        return text.replace('═', '=').replace('─', '-').replace('│', '|').replace('┼', '+').replace('•', '-');
    }

    private Run run(String line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
