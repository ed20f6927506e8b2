package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;

import java.util.List;
import java.util.Set;

/** Three questions of three kinds, on two topics, for the quiz tests. */
final class SampleQuestions {

    static final Source DOCS = new Source("Amazon DynamoDB Developer Guide: Read consistency",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");

    private SampleQuestions() {
    }

    static Question number() {
        return new Question("sample.replicas", "How many replicas does a DynamoDB partition keep?", List.of(),
                new AnswerKey.Numeric(3, 0, "replicas"), "Three, one per Availability Zone.", List.of(DOCS), Difficulty.EASY,
                List.of("dynamodb"), "What does a quorum of three need?");
    }

    static Question single() {
        return new Question("sample.strong-read", "Which read is served by the leader?", List.of("eventual", "strong"),
                new AnswerKey.SingleChoice(1), "Strongly consistent reads go to the leader.", List.of(DOCS), Difficulty.MEDIUM,
                List.of("dynamodb", "consistency"), "What does a strong read cost?");
    }

    static Question multiple() {
        return new Question("sample.eventual", "Which are eventually consistent?", List.of("GSI reads", "strong reads", "Streams"),
                new AnswerKey.MultipleChoice(Set.of(0, 2)), "GSIs and Streams are always eventually consistent.", List.of(DOCS),
                Difficulty.MEDIUM, List.of("consistency"), "How long does a GSI lag typically?");
    }

    static Question open() {
        return new Question("sample.why-stale", "Why can an eventually consistent read be stale?", List.of(),
                new AnswerKey.Open("It may be served by a follower that has not applied the write yet.",
                        List.of("names a replica other than the leader", "says the write is not applied there yet", "bounds the lag")),
                "Eventual reads go to any replica.", List.of(DOCS), Difficulty.HARD, List.of("consistency"),
                "How would you measure it?");
    }

    static List<QuizItem> items() {
        return List.of(QuizItem.fromBank(number()), QuizItem.fromBank(single()), QuizItem.fromBank(open()));
    }
}
