package dev.dslab.curriculum.bank;

import dev.dslab.curriculum.question.Question;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated bank file: its topic set, title, the topics it declares (id to what the topic covers) and its
 * questions in file order; {@code lines} gives the line each question starts on, for messages.
 */
public record QuestionBank(String file, TopicSet topicSet, String title, Map<String, String> topics, List<Question> questions,
                           Map<String, Integer> lines) {

    public QuestionBank {
        topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));
        questions = List.copyOf(questions);
        lines = Map.copyOf(lines);
    }

    public int lineOf(Question question) {
        return lines.getOrDefault(question.id(), 0);
    }
}
