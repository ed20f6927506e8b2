package dev.dslab.curriculum.question;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraderTest {

    private static final List<Source> SOURCES = List.of(new Source("Amazon DynamoDB Developer Guide: Read consistency",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html"));

    static Question question(List<String> options, AnswerKey key) {
        return new Question("test.q-1", "Which?", options, key, "Because.", SOURCES, Difficulty.MEDIUM, List.of("dynamodb"),
                "And why?");
    }

    @Test
    void singleChoiceIsRightOnlyForItsKey() {
        Question question = question(List.of("leader", "any replica"), new AnswerKey.SingleChoice(1));
        assertThat(Grader.grade(question, ResponseParser.parse(question, "b")).correct()).isTrue();
        Grade wrong = Grader.grade(question, ResponseParser.parse(question, "A"));
        assertThat(wrong.correct()).isFalse();
        assertThat(wrong.score()).isZero();
        assertThat(wrong.feedback()).isEqualTo("The answer is b) any replica");
    }

    @Test
    void multipleChoiceGivesPartialCreditAndTakesItBackForWrongPicks() {
        Question question = question(List.of("w", "x", "y", "z"), new AnswerKey.MultipleChoice(Set.of(0, 2)));
        assertThat(Grader.grade(question, ResponseParser.parse(question, "a, c")).correct()).isTrue();
        assertThat(Grader.grade(question, ResponseParser.parse(question, "a")).score()).isEqualTo(0.5);
        assertThat(Grader.grade(question, ResponseParser.parse(question, "a b")).score()).isZero();
        assertThat(Grader.grade(question, ResponseParser.parse(question, "a b c")).correct()).isFalse();
    }

    @Test
    void numericAcceptsWithinToleranceAndTheUnit() {
        Question question = question(List.of(), new AnswerKey.Numeric(12.5, 2, "%"));
        assertThat(Grader.grade(question, ResponseParser.parse(question, "14.5%")).correct()).isTrue();
        assertThat(Grader.grade(question, ResponseParser.parse(question, "10.4")).correct()).isFalse();
        assertThat(Grader.grade(question, ResponseParser.parse(question, "10.4")).feedback())
                .isEqualTo("The answer is 12.5% (accepted within +-2%)");
    }

    @Test
    void orderingScoresThePairsInTheRightOrder() {
        Question question = question(List.of("prepare", "promise", "accept", "accepted"), new AnswerKey.Ordering(List.of(0, 1, 2, 3)));
        assertThat(Grader.grade(question, ResponseParser.parse(question, "a b c d")).correct()).isTrue();
        Grade swapped = Grader.grade(question, ResponseParser.parse(question, "a b d c"));
        assertThat(swapped.correct()).isFalse();
        assertThat(swapped.score()).isEqualTo(5.0 / 6.0);
    }

    @Test
    void openQuestionsAreRightWithTwoThirdsOfTheRubric() {
        Question question = question(List.of(), new AnswerKey.Open("Replicas lag the leader.", List.of("leader", "quorum", "lag")));
        assertThat(Grader.grade(question, new Response.Open("...", Set.of(0, 2))).correct()).isTrue();
        assertThat(Grader.grade(question, new Response.Open("...", Set.of(1))).correct()).isFalse();
    }

    @Test
    void badInputSaysWhatIsAllowed() {
        Question single = question(List.of("x", "y", "z"), new AnswerKey.SingleChoice(0));
        assertThatThrownBy(() -> ResponseParser.parse(single, "d")).hasMessage("'d' is not an option: type one letter, a to c");
        assertThatThrownBy(() -> ResponseParser.parse(single, "a b")).hasMessage("pick exactly one option: type one letter, a to c");
        Question numeric = question(List.of(), new AnswerKey.Numeric(3, 0, "ms"));
        assertThatThrownBy(() -> ResponseParser.parse(numeric, "three")).hasMessage("'three' is not a number: type a number (in ms)");
        assertThatThrownBy(() -> ResponseParser.parse(numeric, " ")).hasMessage("no answer given: type a number (in ms)");
    }

    @Test
    void aQuestionIsBuiltValidOrNotAtAll() {
        assertThatThrownBy(() -> question(List.of("x", "y"), new AnswerKey.SingleChoice(2)))
                .hasMessage("question test.q-1 needs a key that points at one of its options");
        assertThatThrownBy(() -> new Question("q", "Which?", List.of("x", "y"), new AnswerKey.SingleChoice(0), "Because.", SOURCES,
                Difficulty.EASY, List.of("t"), "Why?")).hasMessageContaining("needs an id");
        assertThatThrownBy(() -> new Question("test.q-2", "Which?", List.of("x", "y"), new AnswerKey.SingleChoice(0), "Because.",
                List.of(), Difficulty.EASY, List.of("t"), "Why?")).hasMessage("question test.q-2 needs at least one source");
        assertThatThrownBy(() -> question(List.of("x", "x"), new AnswerKey.SingleChoice(0))).hasMessageContaining("distinct options");
    }
}
