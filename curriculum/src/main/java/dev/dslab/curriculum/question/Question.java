package dev.dslab.curriculum.question;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One question with its key, the explanation of why the right answer is right (and the tempting wrong one
 * wrong), its sources and the follow-up an interviewer would ask. Built valid or not at all: every check a
 * question bank needs is made here, so a bank loader and an observation template cannot make a broken one.
 */
public record Question(
        String id, String stem, List<String> options, AnswerKey key, String explanation,
        List<Source> sources, Difficulty difficulty, List<String> topics, String followUp) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,80}");

    public Question {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(difficulty, "difficulty");
        options = List.copyOf(options);
        sources = List.copyOf(sources);
        topics = List.copyOf(topics);
        require(id != null && ID.matcher(id).matches(), id, "an id of lower-case letters, digits, '.' and '-'");
        require(stem != null && !stem.isBlank(), id, "a stem");
        require(explanation != null && !explanation.isBlank(), id, "an explanation");
        require(!sources.isEmpty(), id, "at least one source");
        require(!topics.isEmpty(), id, "at least one topic");
        require(followUp != null && !followUp.isBlank(), id, "an interviewer's follow-up");
        require(new HashSet<>(options).size() == options.size(), id, "distinct options");
        int optionCount = options.size();
        if (key instanceof AnswerKey.SingleChoice single) {
            require(options.size() >= 2, id, "at least two options");
            require(single.correct() >= 0 && single.correct() < options.size(), id, "a key that points at one of its options");
        } else if (key instanceof AnswerKey.MultipleChoice multiple) {
            require(options.size() >= 2, id, "at least two options");
            require(multiple.correct().stream().allMatch(index -> index >= 0 && index < optionCount), id,
                    "keys that point at its options");
        } else if (key instanceof AnswerKey.Ordering ordering) {
            List<Integer> order = ordering.order();
            require(options.size() >= 2, id, "at least two items to order");
            require(order.size() == options.size() && new HashSet<>(order).size() == options.size()
                    && order.stream().allMatch(index -> index >= 0 && index < optionCount), id,
                    "an order that names every option once");
        } else {
            require(options.isEmpty(), id, "no options (it is " + key.kindName() + ")");
        }
    }

    private static void require(boolean condition, String id, String what) {
        if (!condition) {
            throw new IllegalArgumentException("question " + id + " needs " + what);
        }
    }

    /** A short name of the kind, for the learner: what shape of answer is expected. */
    public String kindName() {
        return key.kindName();
    }
}
