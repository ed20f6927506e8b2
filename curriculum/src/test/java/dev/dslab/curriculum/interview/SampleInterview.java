package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.interview.InterviewQuestion.Clarification;
import dev.dslab.curriculum.interview.InterviewQuestion.Criterion;
import dev.dslab.curriculum.interview.InterviewQuestion.FollowUp;
import dev.dslab.curriculum.interview.InterviewQuestion.OutlinePoint;
import dev.dslab.curriculum.interview.InterviewQuestion.Phase;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Source;

import java.util.List;

/** A small question the engine's tests know by heart: three phases of 5, 10 and 15 minutes, three follow-ups, five criteria. */
final class SampleInterview {

    static final Source READS = new Source(Source.Kind.AWS_DOCS, "Amazon DynamoDB Developer Guide: Read consistency",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html", "");

    private SampleInterview() {
    }

    static InterviewQuestion question() {
        return new InterviewQuestion("sample-counter", "A page-view counter", Difficulty.MEDIUM, List.of("dynamodb"),
                "Count page views for a busy site.",
                List.of(new Clarification("How many views per second?", "About 10,000."),
                        new Clarification("Must the count be exact?", "Within a percent.")),
                List.of(new Phase("Requirements", 5, "Scope it."), new Phase("Design", 10, "Draw it."),
                        new Phase("Follow-ups", 15, "Answer each.")),
                List.of(new FollowUp("What about a hot page?", "Shard the counter."),
                        new FollowUp("What if a write times out?", "It may have been applied."),
                        new FollowUp("How do you read the total?", "Sum the shards.")),
                List.of(new OutlinePoint("Shard each page's counter over N items.", List.of()),
                        new OutlinePoint("Eventually consistent DynamoDB reads may be stale.", List.of(READS)),
                        new OutlinePoint("Sum the shards on read.", List.of())),
                List.of(new Criterion("Requirements", "none", "some", "all"), new Criterion("Sharding", "none", "some", "all"),
                        new Criterion("Failure", "none", "some", "all"), new Criterion("Reads", "none", "some", "all"),
                        new Criterion("Communication", "none", "some", "all")));
    }
}
