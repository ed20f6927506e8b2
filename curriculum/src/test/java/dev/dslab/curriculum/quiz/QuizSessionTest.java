package dev.dslab.curriculum.quiz;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuizSessionTest {

    /** Lines typed or piped; every prompt is remembered with how many answers were recorded when it was shown. */
    static final class Script implements AnswerSource {
        final Deque<String> lines;
        final boolean interactive;
        final List<String> prompts = new ArrayList<>();
        final List<QuizAnswer> recorded = new ArrayList<>();
        final List<Integer> recordedWhenAsked = new ArrayList<>();
        Runnable onAsk = () -> { };

        Script(boolean interactive, String... lines) {
            this.interactive = interactive;
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public Optional<String> ask(String prompt) {
            prompts.add(prompt);
            recordedWhenAsked.add(recorded.size());
            onAsk.run();
            return Optional.ofNullable(lines.poll());
        }

        @Override
        public boolean interactive() {
            return interactive;
        }
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Ran(QuizSession.Outcome outcome, String out) { }

    static Ran run(Script script, QuizSession.Feedback feedback, Clock clock, Duration limit) {
        StringWriter out = new StringWriter();
        QuizSession session = new QuizSession(script, new PrintWriter(out, true), script.recorded::add, clock, Prose.unwrapped(),
                feedback, limit);
        QuizSession.Outcome outcome = session.run(SampleQuestions.items());
        return new Ran(outcome, out.toString());
    }

    static Ran practice(Script script) {
        return run(script, QuizSession.Feedback.AT_ONCE, Clock.systemUTC(), null);
    }

    @Test
    void pipedAnswersAreGradedExplainedAndEachRecordedBeforeTheNextQuestion() {
        Script script = new Script(false, "3 replicas", "b", "A follower may not have the write yet.", "", "y", "y", "n");
        Ran ran = practice(script);

        assertThat(ran.outcome().complete()).isTrue();
        assertThat(script.recorded).extracting(answer -> answer.item().card())
                .containsExactly("sample.replicas", "sample.strong-read", "sample.why-stale");
        assertThat(script.recorded).extracting(answer -> answer.grade().correct()).containsExactly(true, true, true);
        assertThat(script.recorded.get(2).grade().score()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(script.recorded.get(2).response()).isEqualTo("A follower may not have the write yet.\n[rubric points covered: 1, 2 of 3]");
        assertThat(script.recorded.get(1).questionText()).isEqualTo("Which read is served by the leader?\n  a) eventual\n  b) strong");
        // the second question's prompt was shown after the first answer was recorded, the third's after the second
        assertThat(script.recordedWhenAsked).containsExactly(0, 1, 2, 2, 2, 2, 2);
        assertThat(ran.out()).contains("Question 1 of 3 (a number in replicas, easy)", "Question 2 of 3 (single choice, medium)",
                "  a) eventual", "  b) strong", "Right: 3 replicas", "Right: b) strong", "Why: Strongly consistent reads go to the leader.",
                "Source: Amazon DynamoDB Developer Guide: Read consistency <https://docs.aws.amazon.com/",
                "An interviewer would ask next: What does a strong read cost?",
                "Model answer: It may be served by a follower", "Right. You covered 2 of 3 rubric points (score 67 %)");
        assertThat(script.prompts.get(0)).isEqualTo("Your answer (type a number (in replicas)): ");
        assertThat(script.prompts.get(4)).contains("1. names a replica other than the leader [y/n]");
    }

    @Test
    void aWrongAnswerIsGradedWrongWithTheRightOne() {
        Script script = new Script(false, "5", "a", "no idea", "", "n", "n", "n");
        Ran ran = practice(script);
        assertThat(script.recorded).extracting(answer -> answer.grade().correct()).containsExactly(false, false, false);
        assertThat(ran.outcome().score()).isZero();
        assertThat(ran.out()).contains("Not quite. The answer is 3 replicas", "Not quite. The answer is b) strong");
    }

    @Test
    void interactiveBadInputIsAskedAgain() {
        Script script = new Script(true, "lots", "3", "c", "b", "", "because", "", "maybe", "y", "y", "y");
        Ran ran = practice(script);
        assertThat(ran.outcome().complete()).isTrue();
        assertThat(ran.out()).contains("'lots' is not a number: type a number (in replicas)", "'c' is not an option: type one letter, a to b",
                "no answer given: write at least one line", "'maybe' is neither y nor n");
        assertThat(script.recorded).extracting(QuizAnswer::response).startsWith("3", "b");
    }

    @Test
    void pipedBadInputFailsWithOneLineKeepingTheAnswersBefore() {
        Script script = new Script(false, "3", "strong");
        assertThatThrownBy(() -> practice(script)).isInstanceOf(QuizInputException.class)
                .hasMessage("question sample.strong-read: 'strong' is not an option: type one letter, a to b");
        assertThat(script.recorded).hasSize(1);
    }

    @Test
    void inputEndingMidQuizKeepsTheAnswersGiven() {
        Script script = new Script(false, "3", "b", "half an answer");
        Ran ran = practice(script);
        assertThat(ran.outcome().complete()).isFalse();
        assertThat(ran.outcome().answers()).hasSize(2);
        assertThat(script.recorded).hasSize(2);
    }

    @Test
    void anExamExplainsNothingUntilTheEndAndStopsWhenTimeIsUp() {
        ManualClock clock = new ManualClock();
        Script script = new Script(false, "3", "a", "late answer", "", "y", "y", "y");
        // each answer takes 40 s; the limit is 60 s, so the second answer arrives after it
        script.onAsk = () -> clock.now = clock.now.plusSeconds(40);
        Ran ran = run(script, QuizSession.Feedback.AT_END, clock, Duration.ofSeconds(60));

        assertThat(ran.outcome().timeUp()).isTrue();
        assertThat(ran.outcome().answers()).hasSize(1);
        assertThat(script.recorded).hasSize(1);
        assertThat(ran.out()).contains("Question 1 of 3 (a number in replicas, easy, 1:00 left)", "Question 2 of 3 (single choice, medium, 0:20 left)",
                "Time is up (1:00): that answer came after it and does not count.");
        assertThat(ran.out()).doesNotContain("Why:", "Right:");
    }

    @Test
    void scoresAddUpByTopicAndTheWeakestComeFirst() {
        Script script = new Script(false, "3", "a", "no idea", "", "n", "n", "n");
        Ran ran = practice(script);
        TopicScores scores = TopicScores.of(ran.outcome().answers());
        assertThat(scores.tallies()).extracting(TopicScores.Tally::topic).containsExactly("dynamodb", "consistency");
        assertThat(scores.tallies().get(0).accuracy()).isCloseTo(0.5, within(1e-9));
        assertThat(scores.tallies().get(1).accuracy()).isZero();
        assertThat(scores.weakest(1, 1)).extracting(TopicScores.Tally::topic).containsExactly("consistency");
    }
}
