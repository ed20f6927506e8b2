package dev.dslab.shell.interview;

import dev.dslab.curriculum.interview.InterviewBank;
import dev.dslab.curriculum.interview.InterviewLoader;
import dev.dslab.curriculum.interview.InterviewQuestion;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.InterviewNoteRecord;
import dev.dslab.shell.store.InterviewScoreRecord;
import dev.dslab.shell.store.InterviewSessionRecord;
import dev.dslab.shell.store.InterviewStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `interview mock`, `interview list` and `interview show` through the real command line in the shell's Spring
 * context, with notes and scores piped on standard input as in one-shot mode. Each test is its own learner.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterviewCommandsTest {

    static final Path home = temporaryHome();
    static final InterviewBank BANK = InterviewLoader.loadBundled();

    static Path temporaryHome() {
        try {
            return Files.createTempDirectory("dslab-interview");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void deleteHome() throws IOException {
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ivy");
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    InterviewStore store;

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

    /** What a learner pipes for a whole interview: two lines of notes per phase and follow-up, each ended, then the scores. */
    static List<String> wholeInterview(InterviewQuestion question, int score) {
        List<String> lines = new ArrayList<>();
        for (int phase = 1; phase < question.phases().size(); phase++) {
            lines.addAll(List.of("notes for phase " + phase, "second line of phase " + phase, phase % 2 == 0 ? "." : ""));
        }
        for (int followUp = 1; followUp <= question.followUps().size(); followUp++) {
            lines.addAll(List.of("answer to follow-up " + followUp, ""));
        }
        question.rubric().forEach(criterion -> lines.add(Integer.toString(score)));
        return lines;
    }

    static String piped(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void aPipedMockInterviewRunsEveryPhaseStoresEachNoteAndScoreAndIsListedAndShown() {
        InterviewQuestion question = BANK.question("exactly-once-orders-kinesis").orElseThrow();
        Run mock = run("interview mock --minutes 30 --question exactly-once-orders-kinesis --learner ivy", piped(wholeInterview(question, 3)));

        assertThat(mock.exitCode()).as(mock.out() + mock.err()).isZero();
        int phases = question.phases().size();
        assertThat(mock.out()).startsWith("Mock interview: An exactly-once order pipeline on Kinesis (hard, 30 minutes).")
                .contains("Phase 1 of " + phases + ": Requirements and scale (3:30 suggested; ",
                        "Questions a strong candidate asks here", question.clarifications().get(0).ask().substring(0, 15),
                        "Follow-up 1 of " + question.followUps().size(), question.followUps().get(0).question().substring(0, 25),
                        "Model outline:", "Sources:", "https://docs.aws.amazon.com/streams/latest/dev/kinesis-record-processor-duplicates.html",
                        "Score yourself on each criterion from 1 to 5",
                        "Total " + 3 * question.rubric().size() + " of " + question.maxScore() + " (60 %). Every criterion scored 3.",
                        "Stored as session i");
        LearnerName ivy = new LearnerName("ivy");
        InterviewSessionRecord session = store.sessions(ivy).get(0);
        assertThat(session.question()).isEqualTo("exactly-once-orders-kinesis");
        assertThat(session.minutes()).isEqualTo(30);
        assertThat(session.ending()).isEqualTo("completed");
        List<InterviewNoteRecord> notes = store.notes(session.id());
        assertThat(notes).hasSize(phases - 1 + question.followUps().size());
        assertThat(notes.get(0).notes()).isEqualTo("notes for phase 1\nsecond line of phase 1");
        assertThat(notes.get(phases - 1).step()).isEqualTo("follow-up 1");
        assertThat(notes.get(phases - 1).prompt()).isEqualTo(question.followUps().get(0).question());
        assertThat(store.scores(session.id())).extracting(InterviewScoreRecord::score).containsOnly(3).hasSize(question.rubric().size());

        Run list = run("interview list --learner ivy", "");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("exactly-once-orders-kinesis", 3 * question.rubric().size() + " of " + question.maxScore() + " (60 %)",
                        "Your sessions", session.sessionId(), "completed")
                .contains("global-shopping-cart", "never");

        Run show = run("interview show latest --learner ivy", "");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).startsWith("Session " + session.sessionId() + ": An exactly-once order pipeline on Kinesis")
                .contains("Phase 1: Requirements and scale", "  | notes for phase 1", "  | second line of phase 1",
                        "Follow-up 1: " + question.followUps().get(0).question().substring(0, 25), "  | answer to follow-up 1", "Your scores:",
                        question.rubric().get(0).name(), "Every criterion scored 3.");
    }

    @Test
    void withoutQuestionTheLeastRecentlyPractisedIsAsked() {
        InterviewQuestion first = BANK.questions().get(0);
        InterviewQuestion second = BANK.questions().get(1);
        Run one = run("interview mock --learner lee", piped(wholeInterview(first, 4)));
        assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
        assertThat(one.out()).startsWith("Mock interview: " + first.title() + " (");
        Run two = run("interview mock --learner lee", piped(wholeInterview(second, 4)));
        assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
        assertThat(two.out()).startsWith("Mock interview: " + second.title() + " (").contains("45 minutes");
    }

    @Test
    void badOptionsGetOneLineSayingWhatIsAllowed() {
        Run tooShort = run("interview mock --minutes 10", "");
        assertThat(tooShort.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(tooShort.err().strip()).isEqualTo("dslab: --minutes must be 15 to 90, not 10");
        assertThat(run("interview mock --minutes 91", "").err().strip()).isEqualTo("dslab: --minutes must be 15 to 90, not 91");
        Run unknown = run("interview mock --question url-shortner", "");
        assertThat(unknown.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(unknown.err().strip()).isEqualTo("dslab: no interview question 'url-shortner': the questions are " + BANK.ids());
        Run badSession = run("interview show 3", "");
        assertThat(badSession.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(badSession.err().strip()).isEqualTo("dslab: '3' is not a session id: i1, i2, ... or latest ('interview list' lists yours)");
        Run missing = run("interview show i999 --learner nobody", "");
        assertThat(missing.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(missing.err().strip()).isEqualTo("dslab: no session i999 for nobody; 'interview list' lists yours");
        assertThat(store.sessions(new LearnerName("ivy")).stream().filter(session -> session.minutes() == 10)).isEmpty();
    }

    @Test
    void aPipedScoreThatIsNotOneToFiveEndsWithExitTwoKeepingEveryNote() {
        InterviewQuestion question = BANK.question("leader-elected-scheduler").orElseThrow();
        List<String> lines = wholeInterview(question, 4);
        lines.set(lines.size() - question.rubric().size() + 1, "excellent");
        Run bad = run("interview mock --question leader-elected-scheduler --learner bo", piped(lines));

        assertThat(bad.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(bad.err().lines().count()).isEqualTo(1);
        int notes = question.phases().size() - 1 + question.followUps().size();
        assertThat(bad.err().strip()).isEqualTo("dslab: criterion '" + question.rubric().get(1).name()
                + "': 'excellent' is not a score: type a whole number from 1 to 5 (" + notes + " notes and 1 scores before it are stored as session i"
                + store.sessions(new LearnerName("bo")).get(0).id() + ")");
        InterviewSessionRecord session = store.sessions(new LearnerName("bo")).get(0);
        assertThat(store.notes(session.id())).hasSize(notes);
        assertThat(session.ending()).isEqualTo("stopped");
    }

    @Test
    void inputEndingMidInterviewExitsOneKeepingWhatWasEnteredTheNoteInProgressIncluded() {
        Run ended = run("interview mock --question global-shopping-cart --learner eve", "scope first\n\nhalf a design\n");
        assertThat(ended.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(ended.out()).contains("Interview stopped: the input ended; 2 notes stored.");
        InterviewSessionRecord session = store.sessions(new LearnerName("eve")).get(0);
        assertThat(ended.err().strip()).isEqualTo("dslab: the input ended before the interview did; what was entered is stored as session "
                + session.sessionId() + " ('interview show " + session.sessionId() + "')");
        assertThat(store.notes(session.id())).extracting(InterviewNoteRecord::notes).containsExactly("scope first", "half a design");
        assertThat(run("interview show " + session.sessionId() + " --learner eve", "").out())
                .contains("stopped", "  | half a design", "No scores: the session ended before the self-assessment.");
    }
}
