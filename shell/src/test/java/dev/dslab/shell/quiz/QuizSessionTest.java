package dev.dslab.shell.quiz;

import dev.dslab.curriculum.question.Question;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.shell.store.QuizAnswerRecord;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizSessionTest {

    static List<Question> questions() {
        var result = SampleQuizExperiment.result(12.5);
        RunSummary summary = new RunSummary("r1", SampleQuizExperiment.NAME, 7, "local", Map.of(),
                new Observations(result.observations()), result.checks());
        List<Question> questions = new ArrayList<>();
        new SampleQuizExperiment().quiz().forEach(template -> template.instantiate(summary).ifPresent(questions::add));
        return questions;
    }

    /** Lines typed or piped; every prompt is remembered with how many answers were stored when it was shown. */
    static final class Script implements AnswerSource {
        final Deque<String> lines;
        final boolean interactive;
        final List<String> prompts = new ArrayList<>();
        final List<QuizAnswerRecord> stored = new ArrayList<>();
        final List<Integer> storedWhenAsked = new ArrayList<>();

        Script(boolean interactive, String... lines) {
            this.interactive = interactive;
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public Optional<String> ask(String prompt) {
            prompts.add(prompt);
            storedWhenAsked.add(stored.size());
            return Optional.ofNullable(lines.poll());
        }

        @Override
        public boolean interactive() {
            return interactive;
        }
    }

    record Ran(QuizSession.Outcome outcome, String out) { }

    static Ran run(Script script) {
        StringWriter out = new StringWriter();
        QuizSession.Outcome outcome = new QuizSession(script, new PrintWriter(out, true), script.stored::add, Clock.systemUTC(), 80)
                .run("r1", questions());
        return new Ran(outcome, out.toString());
    }

    @Test
    void theSampleRunHasThreeQuestionsTheLagOneHasNothingToAsk() {
        assertThat(questions()).extracting(Question::id)
                .containsExactly("quiz-sample.stale-share", "quiz-sample.linearizable-mode", "quiz-sample.why-stale");
    }

    @Test
    void pipedAnswersAreGradedExplainedAndEachStoredBeforeTheNextQuestion() {
        Script script = new Script(false, "13 %", "b", "A follower may not have the write yet.", "", "y", "y", "n");
        Ran ran = run(script);

        assertThat(ran.outcome().complete()).isTrue();
        assertThat(script.stored).extracting(QuizAnswerRecord::questionId)
                .containsExactly("quiz-sample.stale-share", "quiz-sample.linearizable-mode", "quiz-sample.why-stale");
        assertThat(script.stored).extracting(QuizAnswerRecord::correct).containsExactly(true, true, true);
        assertThat(script.stored.get(2).score()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(script.stored.get(2).response()).isEqualTo("A follower may not have the write yet.\n[rubric points covered: 1, 2 of 3]");
        assertThat(script.stored.get(1).question()).isEqualTo("Which read mode gave only linearizable histories?\n  a) eventual\n  b) strong");
        // the second question's prompt was shown after the first answer was stored, the third's after the second
        assertThat(script.storedWhenAsked).containsExactly(0, 1, 2, 2, 2, 2, 2);
        assertThat(ran.out()).contains("Question 1 of 3 (a number in %, easy)", "Question 2 of 3 (single choice, medium)",
                "  a) eventual", "  b) strong", "Right: 12.5% (accepted within +-2%)", "Right: b) strong", "Why: Your run observed 12.5 %.",
                "Source: Amazon DynamoDB Developer Guide: Read consistency\n  <https://docs.aws.amazon.com/",
                "An interviewer would ask next: Would the share grow with more replica lag?",
                "Model answer: It may be served by a follower", "Right. You covered 2 of 3 rubric points (score 67 %)");
        assertThat(script.prompts.get(0)).isEqualTo("Your answer (type a number (in %)): ");
        assertThat(script.prompts.get(4)).contains("1. names a replica other than the leader [y/n]");
    }

    @Test
    void aWrongAnswerIsGradedWrongWithTheRightOne() {
        Script script = new Script(false, "40", "a", "no idea", "", "n", "n", "n");
        Ran ran = run(script);
        assertThat(script.stored).extracting(QuizAnswerRecord::correct).containsExactly(false, false, false);
        assertThat(ran.outcome().score()).isZero();
        assertThat(ran.out()).contains("Not quite. The answer is 12.5%", "Not quite. The answer is b) strong");
    }

    @Test
    void interactiveBadInputIsAskedAgain() {
        Script script = new Script(true, "lots", "13", "c", "b", "", "because", "", "maybe", "y", "y", "y");
        Ran ran = run(script);
        assertThat(ran.outcome().complete()).isTrue();
        assertThat(ran.out()).contains("'lots' is not a number: type a number (in %)", "'c' is not an option: type one letter, a to b",
                "no answer given: write at least one line", "'maybe' is neither y nor n");
        assertThat(script.stored).extracting(QuizAnswerRecord::response).startsWith("13", "b");
    }

    @Test
    void pipedBadInputFailsWithOneLineKeepingTheAnswersBefore() {
        Script script = new Script(false, "13", "strong");
        assertThatThrownBy(() -> run(script)).isInstanceOf(QuizInputException.class)
                .hasMessage("question quiz-sample.linearizable-mode: 'strong' is not an option: type one letter, a to b");
        assertThat(script.stored).hasSize(1);
    }

    @Test
    void inputEndingMidQuizKeepsTheAnswersGiven() {
        Script script = new Script(false, "13", "b", "half an answer");
        Ran ran = run(script);
        assertThat(ran.outcome().complete()).isFalse();
        assertThat(ran.outcome().answers()).hasSize(2);
        assertThat(script.stored).hasSize(2);
    }
}
