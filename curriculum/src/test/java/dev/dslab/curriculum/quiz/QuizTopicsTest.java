package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.bank.BankLoader;
import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.Question;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizTopicsTest {

    private static final QuestionBanks BANKS = BankLoader.loadBundled();
    private final QuizTopics topics = new QuizTopics(BANKS);

    @Test
    void aTopicSetIsItsWholeBankAndATopicItsQuestionsInEveryBank() {
        assertThat(topics.questions("consensus")).isEqualTo(BANKS.bank(dev.dslab.curriculum.bank.TopicSet.CONSENSUS).orElseThrow().questions());
        assertThat(topics.questions("raft")).isNotEmpty().allMatch(question -> question.topics().contains("raft"));
    }

    @Test
    void anUnknownTopicListsTheTopicsOfEveryBank() {
        assertThatThrownBy(() -> topics.questions("paxos-made-hard")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown topic 'paxos-made-hard'; the topics are cap-consistency (cap, pacelc,")
                .hasMessageContaining("consensus (flp, quorum-intersection");
    }

    @Test
    void pickingPrefersQuestionsAskedLeastAndRefusesACountOutOfRange() {
        List<Question> pool = topics.questions("consensus");
        Map<String, Integer> asked = pool.subList(0, pool.size() - 3).stream().collect(Collectors.toMap(Question::id, question -> 1));
        List<Question> picked = QuizTopics.pick(pool, 3, asked, new Random(1));
        assertThat(picked).containsExactlyInAnyOrderElementsOf(pool.subList(pool.size() - 3, pool.size()));
        assertThat(QuizTopics.pick(pool, 5, Map.of(), new Random(7))).isEqualTo(QuizTopics.pick(pool, 5, Map.of(), new Random(7)));
        assertThatThrownBy(() -> QuizTopics.pick(pool, 0, Map.of(), new Random()))
                .hasMessage("count must be 1 to " + pool.size() + " (the questions there are on this topic), not 0");
        assertThatThrownBy(() -> QuizTopics.pick(pool, pool.size() + 1, Map.of(), new Random())).hasMessageStartingWith("count must be 1 to ");
    }
}
