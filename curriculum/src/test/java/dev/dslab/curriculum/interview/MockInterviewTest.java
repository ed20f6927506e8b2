package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.quiz.AnswerSource;
import dev.dslab.curriculum.quiz.Prose;
import dev.dslab.curriculum.quiz.QuizInputException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockInterviewTest {

    /** A clock that moves a set step every time a line is read, as a learner typing would. */
    static final class TypingClock extends Clock {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");
        Duration perLine = Duration.ofSeconds(10);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Lines typed or piped; remembers what had been printed and recorded when each prompt was shown. */
    static final class Script implements AnswerSource, MockInterview.Recorder {
        final Deque<String> lines;
        final boolean interactive;
        final StringWriter out = new StringWriter();
        final TypingClock clock = new TypingClock();
        final List<String> shownWhenAsked = new ArrayList<>();
        final List<Object> recorded = new ArrayList<>();
        final List<Integer> recordedWhenAsked = new ArrayList<>();
        Runnable beforeAsk = () -> { };

        Script(boolean interactive, String... lines) {
            this.interactive = interactive;
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public Optional<String> ask(String prompt) {
            shownWhenAsked.add(out.toString());
            recordedWhenAsked.add(recorded.size());
            beforeAsk.run();
            clock.now = clock.now.plus(clock.perLine);
            return Optional.ofNullable(lines.poll());
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public void note(MockInterview.Note note) {
            recorded.add(note);
        }

        @Override
        public void score(MockInterview.Score score) {
            recorded.add(score);
        }

        MockInterview.Outcome run(int minutes) {
            InterviewQuestion question = SampleInterview.question();
            return new MockInterview(this, new PrintWriter(out, true), this, clock, Prose.unwrapped()).run(question,
                    Timetable.of(question, minutes));
        }

        List<MockInterview.Note> notes() {
            return recorded.stream().filter(MockInterview.Note.class::isInstance).map(MockInterview.Note.class::cast).toList();
        }

        List<MockInterview.Score> scores() {
            return recorded.stream().filter(MockInterview.Score.class::isInstance).map(MockInterview.Score.class::cast).toList();
        }
    }

    static final String[] WHOLE_SESSION = {
            "Who reads the count?", "How exact?", "",          // phase 1, ended by an empty line
            "One item per page", ".",                        // phase 2, ended by a '.' line
            "Shard it", "",                                  // follow-up 1
            "Retry with the same key", "",                   // follow-up 2
            "",                                              // follow-up 3: nothing to say
            "4", "3", "2", "5", "2"};                        // the five scores

    @Test
    void aPipedSessionRecordsEachNoteAndScoreBeforeGoingOnAndEndsWithTheTotalAndTheWeakest() {
        Script script = new Script(false, WHOLE_SESSION);
        MockInterview.Outcome outcome = script.run(30);

        assertThat(outcome.ending()).isEqualTo(MockInterview.Ending.COMPLETED);
        assertThat(script.notes()).extracting(MockInterview.Note::step)
                .containsExactly("phase 1", "phase 2", "follow-up 1", "follow-up 2", "follow-up 3");
        assertThat(script.notes()).extracting(MockInterview.Note::text)
                .containsExactly("Who reads the count?\nHow exact?", "One item per page", "Shard it", "Retry with the same key", "");
        assertThat(script.notes().get(2).prompt()).isEqualTo("What about a hot page?");
        assertThat(script.notes()).extracting(MockInterview.Note::budget).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThat(script.notes().get(0).used()).isEqualTo(Duration.ofSeconds(30));
        assertThat(script.scores()).extracting(MockInterview.Score::score).containsExactly(4, 3, 2, 5, 2);
        assertThat(outcome.total()).isEqualTo(16);
        // each note and score was recorded before the next line was asked for
        assertThat(script.recordedWhenAsked).containsExactly(0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9);
        String out = script.out.toString();
        assertThat(out).contains("Mock interview: A page-view counter (medium, 30 minutes).",
                "Phases: Requirements 5:00, Design 10:00, Follow-ups 15:00.", "The question: Count page views for a busy site.",
                "Phase 1 of 3: Requirements (5:00 suggested; 30:00 left)", "Phase 2 of 3: Design (10:00 suggested; 29:30 left)",
                "Follow-up 1 of 3 (", "Interview over in ", "Model outline:",
                " 2. Eventually consistent DynamoDB reads may be stale. [1]",
                "What strong answers to the follow-ups cover:", "    Shard the counter.",
                "  [1] Amazon DynamoDB Developer Guide: Read consistency <https://docs.aws.amazon.com/",
                "Total 16 of 25 (64 %). Weakest: Failure 2, Communication 2.");
        assertThat(out).doesNotContain("Time is up");
    }

    @Test
    void clarificationsComeAfterTheFirstPhaseAndEachFollowUpOnlyOnceTheNotesBeforeItAreIn() {
        Script script = new Script(false, WHOLE_SESSION);
        script.run(45);
        List<String> shown = script.shownWhenAsked;
        // the first phase's notes are written before the candidate sees the questions they should have asked
        assertThat(shown.get(2)).doesNotContain("How many views per second?");
        assertThat(shown.get(3)).contains("Questions a strong candidate asks here", "  - How many views per second?", "    -> About 10,000.");
        // follow-up 2 appears only after follow-up 1's notes; the outline only after the last follow-up
        int firstFollowUpNotes = 5;
        assertThat(shown.get(firstFollowUpNotes)).contains("What about a hot page?").doesNotContain("What if a write times out?");
        assertThat(shown.get(firstFollowUpNotes + 2)).contains("What if a write times out?").doesNotContain("How do you read the total?");
        assertThat(shown.get(firstFollowUpNotes + 4)).contains("How do you read the total?").doesNotContain("Model outline:");
        assertThat(shown.get(firstFollowUpNotes + 5)).contains("Model outline:", "1. Requirements", "   3: some", "   5: all");
    }

    @Test
    void timeRunningOutKeepsTheNoteInProgressAndMovesToTheOutline() {
        Script script = new Script(false, "first thought", "",
                "a long design", "still designing",   // the clock passes 15:00 as this line arrives
                "3", "3", "3", "3", "3");
        script.clock.perLine = Duration.ofMinutes(4);
        MockInterview.Outcome outcome = script.run(15);

        assertThat(outcome.ending()).isEqualTo(MockInterview.Ending.TIME_UP);
        assertThat(script.notes()).extracting(MockInterview.Note::text)
                .containsExactly("first thought", "a long design\nstill designing");
        assertThat(script.scores()).hasSize(5);
        String out = script.out.toString();
        assertThat(out).contains("Time is up (15:00): 2 notes stored; on to the model outline.", "Model outline:", "Total 15 of 25 (60 %)")
                .doesNotContain("Follow-up 1 of 3");
        assertThat(out).contains("(8:00 on that, 5:30 over the 2:30 suggested.)");
    }

    @Test
    void theEndOfInputStopsTheSessionKeepingTheNoteBeingTyped() {
        Script script = new Script(false, "scope", "", "half a design");
        MockInterview.Outcome outcome = script.run(45);

        assertThat(outcome.ending()).isEqualTo(MockInterview.Ending.STOPPED);
        assertThat(script.notes()).extracting(MockInterview.Note::text).containsExactly("scope", "half a design");
        assertThat(script.out.toString()).contains("Interview stopped: the input ended; 2 notes stored.").doesNotContain("Model outline:");
    }

    @Test
    void abandoningHandsOverTheNoteBeingTypedOnceAndNothingIsRecordedAfterIt() {
        Script script = new Script(false, "scope", "", "half a design", "more design", "", "never read");
        InterviewQuestion question = SampleInterview.question();
        MockInterview interview = new MockInterview(script, new PrintWriter(script.out, true), script, script.clock, Prose.unwrapped());
        assertThat(interview.abandon()).as("nothing in progress before the session starts").isEmpty();
        interview = new MockInterview(script, new PrintWriter(script.out, true), script, script.clock, Prose.unwrapped());
        MockInterview running = interview;
        List<Optional<MockInterview.Note>> handedOver = new ArrayList<>();
        // Ctrl-C arrives while the line after "more design" is being read
        script.beforeAsk = () -> {
            if (script.shownWhenAsked.size() == 5) {
                handedOver.add(running.abandon());
                handedOver.add(running.abandon());
            }
        };
        MockInterview.Outcome outcome = running.run(question, Timetable.of(question, 30));

        assertThat(handedOver.get(0)).hasValueSatisfying(note -> {
            assertThat(note.step()).isEqualTo("phase 2");
            assertThat(note.text()).isEqualTo("half a design\nmore design");
        });
        assertThat(handedOver.get(1)).as("handed over once").isEmpty();
        assertThat(script.notes()).extracting(MockInterview.Note::text).as("the recorder got only the finished note").containsExactly("scope");
        assertThat(outcome.ending()).isEqualTo(MockInterview.Ending.STOPPED);
    }

    @Test
    void theEndOfInputDuringTheSelfAssessmentKeepsTheScoresGiven() {
        List<String> lines = new ArrayList<>(List.of(WHOLE_SESSION).subList(0, WHOLE_SESSION.length - 3));
        Script script = new Script(false, lines.toArray(String[]::new));
        MockInterview.Outcome outcome = script.run(45);

        assertThat(outcome.ending()).isEqualTo(MockInterview.Ending.STOPPED);
        assertThat(script.scores()).extracting(MockInterview.Score::score).containsExactly(4, 3);
        assertThat(script.out.toString()).contains("Interview stopped during the self-assessment: 5 notes stored, and 2 of 5 scores.");
    }

    @Test
    void aPipedScoreThatIsNotOneToFiveEndsTheSessionWithOneLineAfterWhatCameBeforeIsRecorded() {
        List<String> lines = new ArrayList<>(List.of(WHOLE_SESSION).subList(0, WHOLE_SESSION.length - 5));
        lines.addAll(List.of("4", "seven"));
        Script script = new Script(false, lines.toArray(String[]::new));

        assertThatThrownBy(() -> script.run(45)).isInstanceOf(QuizInputException.class)
                .hasMessage("criterion 'Sharding': 'seven' is not a score: type a whole number from 1 to 5");
        assertThat(script.notes()).hasSize(5);
        assertThat(script.scores()).hasSize(1);
    }

    @Test
    void interactiveBadScoresAreAskedAgain() {
        List<String> lines = new ArrayList<>(List.of(WHOLE_SESSION).subList(0, WHOLE_SESSION.length - 5));
        lines.addAll(List.of("0", "6", "5", "5", "5", "5", "5"));
        Script script = new Script(true, lines.toArray(String[]::new));
        MockInterview.Outcome outcome = script.run(45);

        assertThat(outcome.total()).isEqualTo(25);
        assertThat(script.out.toString()).contains("'0' is not a score", "'6' is not a score", "Every criterion scored 5.");
    }

    @Test
    void theWeakestAreTheLowestScoredAtMostThreeAndNoneWhenAllScoresAreEqual() {
        List<MockInterview.Score> scores = new ArrayList<>();
        int[] given = {1, 4, 1, 1, 1};
        for (int i = 0; i < given.length; i++) {
            scores.add(new MockInterview.Score(i, "c" + i, given[i], Instant.EPOCH));
        }
        assertThat(MockInterview.weakest(scores)).extracting(MockInterview.Score::criterion).containsExactly("c0", "c2", "c3");
        List<MockInterview.Score> even = scores.stream().map(score -> new MockInterview.Score(score.position(), score.criterion(), 3,
                Instant.EPOCH)).toList();
        assertThat(MockInterview.weakest(even)).isEmpty();
        assertThat(MockInterview.summary(even, 25)).isEqualTo("Total 15 of 25 (60 %). Every criterion scored 3.");
    }
}
