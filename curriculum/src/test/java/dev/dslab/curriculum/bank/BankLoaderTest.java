package dev.dslab.curriculum.bank;

import dev.dslab.curriculum.yaml.ContentFormatException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Grader;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.ResponseParser;
import dev.dslab.curriculum.question.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bank format: what a valid file reads into, and the one line each kind of broken file is refused with. */
class BankLoaderTest {

    private static final String FILE = "questions/cap-consistency.yaml";

    /** A valid bank of one question; {@code question} replaces the question's body (indented by 4). */
    static String bank(String question) {
        return """
                format: 1
                topic-set: cap-consistency
                title: Test bank
                topics:
                  cap: the CAP theorem
                  quorums: quorum arithmetic
                questions:
                  - id: test.first
                """ + question.indent(4);
    }

    static final String SINGLE = """
            kind: single
            difficulty: medium
            topics: [cap]
            stem: During a partition, what must a linearizable register give up?
            options:
              - partition tolerance
              - availability on the minority side
            answer: b
            explanation: Gilbert and Lynch prove it.
            trap: You cannot choose partition tolerance away.
            follow-up: And when there is no partition?
            sources:
              - kind: paper
                title: Gilbert, Lynch 2002
                section: 3.1, Theorem 1
                url: https://doi.org/10.1145/564585.564601
              - kind: web
                title: Jepsen
                url: https://jepsen.io/consistency
            """;

    static QuestionBank parse(String text) {
        return BankLoader.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValidFileReadsIntoQuestionsTheGraderUses() {
        QuestionBank bank = parse(bank(SINGLE));
        assertThat(bank.topicSet()).isEqualTo(TopicSet.CAP_CONSISTENCY);
        assertThat(bank.topics()).containsOnlyKeys("cap", "quorums");
        Question question = bank.questions().get(0);
        assertThat(question.key()).isEqualTo(new AnswerKey.SingleChoice(1));
        assertThat(question.explanation()).isEqualTo("Gilbert and Lynch prove it. You cannot choose partition tolerance away.");
        assertThat(question.sources().get(0)).isEqualTo(new Source(Source.Kind.PAPER, "Gilbert, Lynch 2002",
                "https://doi.org/10.1145/564585.564601", "section 3.1, Theorem 1"));
        assertThat(bank.lineOf(question)).isEqualTo(8);
        assertThat(Grader.grade(question, ResponseParser.parse(question, "b")).correct()).isTrue();
    }

    @Test
    void everyKindOfAnswerReads() {
        String numeric = SINGLE.replace("kind: single", "kind: number").replaceAll("(?s)options:.*?answer: b",
                "answer: {value: 3, tolerance: 0, unit: replicas}");
        assertThat(parse(bank(numeric)).questions().get(0).key()).isEqualTo(new AnswerKey.Numeric(3, 0, "replicas"));
        String multiple = SINGLE.replace("kind: single", "kind: multiple").replace("answer: b", "answer: [a, b]");
        assertThat(parse(bank(multiple)).questions().get(0).key()).isEqualTo(new AnswerKey.MultipleChoice(Set.of(0, 1)));
        String ordering = SINGLE.replace("kind: single", "kind: ordering").replace("answer: b", "answer: [b, a]");
        assertThat(parse(bank(ordering)).questions().get(0).key()).isEqualTo(new AnswerKey.Ordering(List.of(1, 0)));
        String open = SINGLE.replace("kind: single", "kind: open").replaceAll("(?s)options:.*?answer: b",
                "answer:\n  model: Refuse or answer stale.\n  rubric: [names the partition, names the choice]");
        assertThat(parse(bank(open)).questions().get(0).key())
                .isEqualTo(new AnswerKey.Open("Refuse or answer stale.", List.of("names the partition", "names the choice")));
    }

    @Test
    void aFutureFormatIsRefusedBeforeAnythingElseIsRead() {
        assertThatThrownBy(() -> parse("format: 2\nsomething-new: true\n"))
                .hasMessage(FILE + " line 1: format 2 is newer than this dslab reads (1): update dslab");
    }

    @Test
    void corruptYamlNamesTheLine() {
        assertThatThrownBy(() -> parse(bank(SINGLE) + "  - id: [unclosed\n"))
                .isInstanceOf(ContentFormatException.class)
                .hasMessage(FILE + " line 29: not valid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence"
                        + " that starts on line 28)");
        assertThatThrownBy(() -> BankLoader.parse(FILE, new byte[] {'f', ':', ' ', (byte) 0xC3, (byte) 0x28}))
                .hasMessage(FILE + ": is not UTF-8 text");
        assertThatThrownBy(() -> parse("")).hasMessageStartingWith(FILE + ": is empty");
    }

    @Test
    void schemaProblemsNameTheLineAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("follow-up:", "followup:"))))
                .hasMessage(FILE + " line 19: unknown field 'followup' in a question: allowed answer, difficulty, explanation,"
                        + " follow-up, id, kind, options, sources, stem, topics, trap");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("trap: You cannot choose partition tolerance away.\n", ""))))
                .hasMessage(FILE + " line 8: missing field 'trap'");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("difficulty: medium", "difficulty: brutal"))))
                .hasMessage(FILE + " line 10: question test.first: unknown difficulty 'brutal': allowed easy, medium, hard");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("topics: [cap]", "topics: [cap, paxos]"))))
                .hasMessage(FILE + " line 11: question test.first: topic 'paxos' is not declared in the bank's topics (cap, quorums)");
        assertThatThrownBy(() -> parse(bank(SINGLE).replace("topic-set: cap-consistency", "topic-set: gossip")))
                .hasMessage(FILE + " line 2: unknown topic-set 'gossip': allowed cap-consistency, consensus, amazon, patterns");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("kind: single", "kind: essay"))))
                .hasMessage(FILE + " line 9: question test.first: unknown kind 'essay': allowed single, multiple, number, ordering, open");
    }

    @Test
    void answerKeysMustPointAtOptions() {
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("answer: b", "answer: c"))))
                .hasMessage(FILE + " line 16: question test.first: answer 'c' is not one of its options (a to b)");
        String ordering = SINGLE.replace("kind: single", "kind: ordering");
        assertThatThrownBy(() -> parse(bank(ordering.replace("answer: b", "answer: [a, b]"))))
                .hasMessage(FILE + " line 16: question test.first: the options are listed in the right order already: list them shuffled");
        assertThatThrownBy(() -> parse(bank(ordering.replace("answer: b", "answer: [b]"))))
                .hasMessage(FILE + " line 16: question test.first: the order must name each of the 2 options once");
    }

    @Test
    void sourcesMustBeEvidenceOfTheKindsAllowed() {
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("    section: 3.1, Theorem 1\n", ""))))
                .hasMessage(FILE + " line 21: question test.first: a paper source needs the section that supports the answer: Gilbert, Lynch 2002");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("kind: paper", "kind: aws-docs").replace("    section: 3.1, Theorem 1\n", ""))))
                .hasMessage(FILE + " line 21: question test.first: an aws-docs source must be a page on docs.aws.amazon.com:"
                        + " https://doi.org/10.1145/564585.564601");
        assertThatThrownBy(() -> parse(bank(SINGLE.replace("kind: paper", "kind: web").replace("    section: 3.1, Theorem 1\n", ""))))
                .hasMessageStartingWith(FILE + " line 21: question test.first: needs at least one source that is an AWS docs page");
    }

    @Test
    void idsAndStemsAreUniqueAcrossBanks() {
        String second = bank(SINGLE) + "  - id: test.second\n" + SINGLE.indent(4);
        assertThatThrownBy(() -> parse(second.replace("id: test.second", "id: test.first")))
                .hasMessage(FILE + " line 28: id test.first is already used on line 8");
        QuestionBank one = parse(bank(SINGLE));
        QuestionBank other = BankLoader.parse("questions/consensus.yaml", bank(SINGLE).replace("cap-consistency", "consensus")
                .replace("test.first", "test.other").replace("what must", "What MUST").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> QuestionBanks.of(List.of(one, other)))
                .hasMessage("questions/consensus.yaml line 8: question test.other repeats the stem of question test.first in " + FILE + " line 8");
        QuestionBank sameId = BankLoader.parse("questions/consensus.yaml", bank(SINGLE).replace("cap-consistency", "consensus")
                .replace("During a partition", "In a partition").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> QuestionBanks.of(List.of(one, sameId)))
                .hasMessage("questions/consensus.yaml line 8: id test.first is already used in " + FILE + " line 8");
    }
}
