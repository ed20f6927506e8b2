package dev.dslab.curriculum.quiz;

import dev.dslab.curriculum.bank.QuestionBank;
import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.Question;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * What {@code --topic} may name: a bank's topic set ({@code consensus}: the whole bank) or a topic a bank declares
 * ({@code raft}: its questions in every bank). Whatever banks exist are offered; a bank added later needs no code.
 */
public final class QuizTopics {

    private final QuestionBanks banks;

    public QuizTopics(QuestionBanks banks) {
        this.banks = banks;
    }

    /**
     * The questions on a topic.
     *
     * @throws IllegalArgumentException an unknown topic, with the topics there are
     */
    public List<Question> questions(String topic) {
        for (QuestionBank bank : banks.banks()) {
            if (bank.topicSet().id().equals(topic)) {
                return bank.questions();
            }
        }
        List<Question> onTopic = banks.questions().stream().filter(question -> question.topics().contains(topic)).toList();
        if (onTopic.isEmpty()) {
            throw new IllegalArgumentException("unknown topic '" + topic + "'; the topics are " + listing());
        }
        return onTopic;
    }

    /** Each topic set with the topics it declares: "cap-consistency (cap, pacelc, ...), consensus (flp, ...)". */
    public String listing() {
        return banks.banks().stream()
                .map(bank -> bank.topicSet().id() + " (" + String.join(", ", bank.topics().keySet()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The topic set a question's bank belongs to ("" for a question in no bank, such as a run's). */
    public String topicSetOf(Question question) {
        return banks.banks().stream().filter(bank -> bank.questions().contains(question)).findFirst()
                .map(bank -> bank.topicSet().id()).orElse("");
    }

    /**
     * {@code count} questions from {@code pool}: those asked least often first (never asked before all), ties in an
     * order drawn from {@code random}, so a practice quiz walks through a bank before repeating itself.
     *
     * @param timesAsked how often each question id has been answered before (absent: never)
     * @throws IllegalArgumentException a count outside 1 to the pool's size
     */
    public static List<Question> pick(List<Question> pool, int count, Map<String, Integer> timesAsked, Random random) {
        if (count < 1 || count > pool.size()) {
            throw new IllegalArgumentException("count must be 1 to " + pool.size() + " (the questions there are on this topic), not "
                    + count);
        }
        List<Question> shuffled = new ArrayList<>(pool);
        java.util.Collections.shuffle(shuffled, random);
        shuffled.sort(Comparator.comparingInt(question -> timesAsked.getOrDefault(question.id(), 0)));
        return List.copyOf(shuffled.subList(0, count));
    }
}
