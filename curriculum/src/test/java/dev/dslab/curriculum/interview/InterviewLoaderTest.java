package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.yaml.ContentFormatException;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Source;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interview file format: what a valid file reads into, and the one line each kind of broken file is refused with. */
class InterviewLoaderTest {

    static final String FILE = "interviews/test.yaml";

    static final String VALID = """
            format: 1
            title: Test interviews
            questions:
              - id: counter
                title: A page-view counter
                difficulty: medium
                topics: [dynamodb]
                prompt: Count page views.
                clarifying-questions:
                  - {ask: "How many?", answer: Many.}
                  - {ask: "Exact?", answer: Nearly.}
                phases:
                  - {name: Requirements, minutes: 5, goal: Scope it.}
                  - {name: Design, minutes: 20, goal: Draw it.}
                  - {name: Follow-ups, minutes: 20, goal: Answer them.}
                follow-ups:
                  - {ask: "Hot page?", strong-answer: Shard it.}
                  - {ask: "Timeouts?", strong-answer: Maybe applied.}
                  - {ask: "Reads?", strong-answer: Sum the shards.}
                model-outline:
                  - point: Shard the counter.
                  - point: DynamoDB eventually consistent reads may be stale.
                    sources:
                      - &reads {kind: aws-docs, title: Read consistency, url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html"}
                  - point: Sum on read, as DynamoDB Query returns the shards.
                    sources: [*reads]
                rubric:
                  - {criterion: Requirements, 1: none, 3: some, 5: all}
                  - {criterion: Sharding, 1: none, 3: some, 5: all}
                  - {criterion: Failure, 1: none, 3: some, 5: all}
                  - {criterion: Reads, 1: none, 3: some, 5: all}
                  - {criterion: Communication, 1: none, 3: some, 5: all}
            """;

    static InterviewBank parse(String text) {
        return InterviewLoader.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    static void refused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ContentFormatException.class).hasMessage(message);
    }

    @Test
    void aValidFileReadsIntoQuestionsWithTheirPhasesRubricAndSources() {
        InterviewBank bank = parse(VALID);
        InterviewQuestion question = bank.question("counter").orElseThrow();
        assertThat(question.difficulty()).isEqualTo(Difficulty.MEDIUM);
        assertThat(question.minutes()).isEqualTo(45);
        assertThat(question.phases()).extracting(InterviewQuestion.Phase::name).containsExactly("Requirements", "Design", "Follow-ups");
        assertThat(question.rubric().get(1)).isEqualTo(new InterviewQuestion.Criterion("Sharding", "none", "some", "all"));
        assertThat(question.maxScore()).isEqualTo(25);
        // a source cited twice by alias is listed once
        assertThat(question.sources()).containsExactly(new Source(Source.Kind.AWS_DOCS, "Read consistency",
                "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html", ""));
        assertThat(bank.lines()).containsEntry("counter", 4);
    }

    @Test
    void aBrokenFileIsRefusedWithItsLineAndTheProblem() {
        refused(VALID.replace("format: 1", "format: 2"), FILE + " line 1: format 2 is newer than this dslab reads (1): update dslab");
        refused(VALID.replace("    prompt: Count page views.", "    prompt: Count page views.\n    promt: typo"),
                FILE + " line 9: unknown field 'promt' in a question: allowed clarifying-questions, difficulty, follow-ups, id, model-outline,"
                        + " phases, prompt, rubric, title, topics");
        refused(VALID.replace("difficulty: medium", "difficulty: brutal"),
                FILE + " line 6: question counter: unknown difficulty 'brutal': allowed easy, medium, hard");
        refused(VALID.replace("  - {criterion: Communication, 1: none, 3: some, 5: all}\n", ""),
                FILE + " line 4: question counter: 5 to 8 rubric criteria, not 4");
        refused(VALID.replace("{criterion: Reads, 1: none, 3: some, 5: all}", "{criterion: Reads, 1: none, 5: all}"),
                FILE + " line 31: missing field '3'");
        refused(VALID.replace("      - {ask: \"Reads?\", strong-answer: Sum the shards.}\n", ""),
                FILE + " line 4: question counter: 3 to 6 follow-ups, not 2");
        refused(VALID.replace("minutes: 20, goal: Draw it.", "minutes: twenty, goal: Draw it."),
                FILE + " line 14: minutes must be a whole number, not 'twenty'");
    }

    @Test
    void anOutlinePointThatNamesAnAwsServiceMustCiteASource() {
        refused(VALID.replace("point: Shard the counter.", "point: Shard the counter over DynamoDB items."),
                FILE + " line 21: question counter: an outline point that names DynamoDB needs a source (an AWS docs page,"
                        + " a Builders' Library article, a paper section or a book chapter)");
        refused(VALID.replace("kind: aws-docs, title: Read consistency, url: \"https://docs.aws.amazon.com/",
                        "kind: aws-docs, title: Read consistency, url: \"https://example.com/"),
                FILE + " line 24: question counter: an aws-docs source must be a page on docs.aws.amazon.com:"
                        + " https://example.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");
    }

    @Test
    void idsAreUniqueAndTypeable() {
        String twice = VALID + VALID.substring(VALID.indexOf("  - id: counter")).replace("&reads", "&reads2").replace("*reads", "*reads2");
        refused(twice, FILE + " line 33: id counter is already used on line 4");
        refused(VALID.replace("id: counter", "id: Counter_1"),
                FILE + " line 4: id 'Counter_1' must be lower-case letters, digits and '-' (it is typed after --question)");
    }
}
