package dev.dslab.curriculum.bank;

import dev.dslab.curriculum.yaml.ContentFormatException;

import dev.dslab.curriculum.question.Question;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Every loaded bank, checked together: ids unique across banks and no stem asked twice. */
public record QuestionBanks(List<QuestionBank> banks) {

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

    public QuestionBanks {
        banks = List.copyOf(banks);
    }

    /** The banks, refused with one line when two questions share an id or a stem (compared ignoring case and punctuation). */
    public static QuestionBanks of(List<QuestionBank> banks) {
        Map<String, Where> ids = new HashMap<>();
        Map<String, Where> stems = new HashMap<>();
        for (QuestionBank bank : banks) {
            for (Question question : bank.questions()) {
                Where here = new Where(bank.file(), bank.lineOf(question), question.id());
                Where firstId = ids.putIfAbsent(question.id(), here);
                if (firstId != null) {
                    throw new ContentFormatException(here.file(), here.line(), "id " + question.id() + " is already used in " + firstId);
                }
                Where firstStem = stems.putIfAbsent(normalized(question.stem()), here);
                if (firstStem != null) {
                    throw new ContentFormatException(here.file(), here.line(), "question " + question.id() + " repeats the stem of question "
                            + firstStem.id() + " in " + firstStem);
                }
            }
        }
        return new QuestionBanks(banks);
    }

    private record Where(String file, int line, String id) {
        @Override
        public String toString() {
            return file + " line " + line;
        }
    }

    private static String normalized(String stem) {
        return NOT_ALPHANUMERIC.matcher(stem.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    public List<Question> questions() {
        List<Question> all = new ArrayList<>();
        banks.forEach(bank -> all.addAll(bank.questions()));
        return all;
    }

    public Optional<Question> byId(String id) {
        return questions().stream().filter(question -> question.id().equals(id)).findFirst();
    }

    public Optional<QuestionBank> bank(TopicSet set) {
        return banks.stream().filter(bank -> bank.topicSet() == set).findFirst();
    }

    /** Per bank, the number of questions on each topic it declares (a question counts once for each of its topics). */
    public Map<TopicSet, Map<String, Integer>> countsByTopic() {
        Map<TopicSet, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (QuestionBank bank : banks) {
            Map<String, Integer> perTopic = new LinkedHashMap<>();
            bank.topics().keySet().forEach(topic -> perTopic.put(topic, 0));
            bank.questions().forEach(question -> question.topics().forEach(topic -> perTopic.merge(topic, 1, Integer::sum)));
            counts.put(bank.topicSet(), perTopic);
        }
        return counts;
    }

    /** The number of questions of each kind ("single choice", "number", ...), over every bank. */
    public Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        questions().forEach(question -> counts.merge(question.kindName(), 1, Integer::sum));
        return counts;
    }

    /** The number of questions of each difficulty, over every bank. */
    public Map<String, Integer> countsByDifficulty() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        questions().forEach(question -> counts.merge(question.difficulty().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
        return counts;
    }

    /** One line per bank that holds fewer questions than issue 6 asks of its topic set; empty when all are met. */
    public List<String> shortfalls() {
        List<String> shortfalls = new ArrayList<>();
        for (QuestionBank bank : banks) {
            int count = bank.questions().size();
            if (count < bank.topicSet().minimum()) {
                shortfalls.add(bank.file() + " holds " + count + " questions; the " + bank.topicSet().id() + " bank needs at least "
                        + bank.topicSet().minimum());
            }
        }
        return shortfalls;
    }
}
