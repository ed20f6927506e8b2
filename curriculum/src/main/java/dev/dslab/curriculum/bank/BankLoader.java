package dev.dslab.curriculum.bank;

import dev.dslab.curriculum.yaml.ContentFormatException;

import dev.dslab.curriculum.yaml.YamlTree;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads question bank files (YAML, format {@value #FORMAT}) into validated {@link QuestionBank}s. A file that
 * is not valid YAML, is of a newer format, breaks the schema or holds a question that is not sound is
 * refused with one {@link ContentFormatException} naming the file, the line and the problem.
 *
 * <p>SnakeYAML's node tree is read rather than bound to classes because every node keeps its line, so every
 * problem, down to one bad option letter, can be pinned to where the author must look.
 */
public final class BankLoader {

    /** The newest bank format this code reads. */
    public static final int FORMAT = 1;

    private static final Set<String> BANK_FIELDS = Set.of("format", "topic-set", "title", "topics", "questions");
    private static final Set<String> QUESTION_FIELDS = Set.of("id", "kind", "difficulty", "topics", "stem", "options", "answer",
            "explanation", "trap", "follow-up", "sources");
    private static final Set<String> SOURCE_FIELDS = Set.of("kind", "title", "url", "section", "chapter");
    private static final Pattern TOPIC_ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final List<String> KINDS = List.of("single", "multiple", "number", "ordering", "open");

    private BankLoader() {
    }

    /** Every bundled bank (those of the topic sets that have a file), each validated and all checked together. */
    public static QuestionBanks loadBundled() {
        List<QuestionBank> banks = new ArrayList<>();
        for (TopicSet set : TopicSet.values()) {
            load(set).ifPresent(banks::add);
        }
        return QuestionBanks.of(banks);
    }

    /**
     * One bundled bank, when its topic set has a file. Loading one alone is safe: that ids and stems are unique
     * across banks is checked over every bundled file when dslab is built.
     */
    public static Optional<QuestionBank> load(TopicSet set) {
        try (InputStream in = BankLoader.class.getClassLoader().getResourceAsStream(set.resource())) {
            return in == null ? Optional.empty() : Optional.of(parse(set.resource(), in.readAllBytes()));
        } catch (IOException unreadable) {
            throw new ContentFormatException(set.resource(), 0, "cannot be read: " + unreadable.getMessage());
        }
    }

    /** One bank file's bytes (UTF-8 YAML); {@code file} is the name messages use. */
    public static QuestionBank parse(String file, byte[] content) {
        YamlTree yaml = new YamlTree(file, 0);
        Node root = yaml.root(yaml.utf8(content));
        return new Reader(yaml).bank(root);
    }


    /** Reads one file's node tree; every failure names the node's line. */
    private static final class Reader {
        private final YamlTree yaml;
        private final String file;

        Reader(YamlTree yaml) {
            this.yaml = yaml;
            this.file = yaml.file();
        }

        QuestionBank bank(Node root) {
            if (root == null) {
                throw new ContentFormatException(file, 0, "is empty: a bank is a mapping with format, topic-set, title, topics and questions");
            }
            if (!(root instanceof MappingNode)) {
                throw yaml.fail(root, "a bank is a mapping with the fields " + String.join(", ", List.of("format", "topic-set", "title", "topics",
                        "questions")));
            }
            // the format first: a newer file may have fields this version does not know, and should say "update dslab"
            Node formatNode = ((MappingNode) root).getValue().stream()
                    .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("format"))
                    .map(NodeTuple::getValueNode).findFirst()
                    .orElseThrow(() -> yaml.fail(root, "missing field 'format' (this dslab reads format " + FORMAT + ")"));
            int format = yaml.integer(formatNode, "format");
            if (format > FORMAT) {
                throw yaml.fail(formatNode, "format " + format + " is newer than this dslab reads (" + FORMAT + "): update dslab");
            }
            if (format < 1) {
                throw yaml.fail(formatNode, "format " + format + " does not exist: the formats are 1 to " + FORMAT);
            }
            Map<String, NodeTuple> fields = yaml.fields((MappingNode) root, BANK_FIELDS, "a bank");
            Node setNode = yaml.required(fields, root, "topic-set");
            String setId = yaml.text(setNode, "topic-set");
            TopicSet set = TopicSet.byId(setId).orElseThrow(() -> yaml.fail(setNode, "unknown topic-set '" + setId + "': allowed "
                    + TopicSet.allowed()));
            if (!file.endsWith(setId + ".yaml")) {
                throw yaml.fail(setNode, "topic-set '" + setId + "' belongs in a file named " + setId + ".yaml");
            }
            String title = yaml.text(yaml.required(fields, root, "title"), "title");
            Map<String, String> topics = topics(yaml.required(fields, root, "topics"));
            Node questionsNode = yaml.required(fields, root, "questions");
            List<Question> questions = new ArrayList<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (Node questionNode : yaml.sequence(questionsNode, "questions")) {
                Question question = question(questionNode, topics.keySet());
                if (lines.containsKey(question.id())) {
                    throw yaml.fail(questionNode, "id " + question.id() + " is already used on line " + lines.get(question.id()));
                }
                lines.put(question.id(), yaml.line(questionNode));
                questions.add(question);
            }
            if (questions.isEmpty()) {
                throw yaml.fail(questionsNode, "a bank needs at least one question");
            }
            return new QuestionBank(file, set, title, topics, questions, lines);
        }

        private Map<String, String> topics(Node node) {
            if (!(node instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
                throw yaml.fail(node, "topics is a mapping of topic id to what it covers, with at least one topic");
            }
            Map<String, String> topics = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String id = yaml.text(tuple.getKeyNode(), "a topic id");
                if (!TOPIC_ID.matcher(id).matches()) {
                    throw yaml.fail(tuple.getKeyNode(), "topic id '" + id + "' must be lower-case letters, digits and '-'");
                }
                topics.put(id, yaml.text(tuple.getValueNode(), "topic " + id));
            }
            return topics;
        }

        private Question question(Node node, Set<String> declaredTopics) {
            if (!(node instanceof MappingNode mapping)) {
                throw yaml.fail(node, "a question is a mapping with the fields " + String.join(", ", new java.util.TreeSet<>(QUESTION_FIELDS)));
            }
            Map<String, NodeTuple> fields = yaml.fields(mapping, QUESTION_FIELDS, "a question");
            String id = yaml.text(yaml.required(fields, node, "id"), "id");
            Node kindNode = yaml.required(fields, node, "kind");
            String kind = yaml.text(kindNode, "kind");
            if (!KINDS.contains(kind)) {
                throw yaml.fail(kindNode, "question " + id + ": unknown kind '" + kind + "': allowed " + String.join(", ", KINDS));
            }
            Node difficultyNode = yaml.required(fields, node, "difficulty");
            String difficultyText = yaml.text(difficultyNode, "difficulty");
            Difficulty difficulty = Arrays.stream(Difficulty.values())
                    .filter(value -> value.name().toLowerCase(Locale.ROOT).equals(difficultyText)).findFirst()
                    .orElseThrow(() -> yaml.fail(difficultyNode, "question " + id + ": unknown difficulty '" + difficultyText
                            + "': allowed easy, medium, hard"));
            Node topicsNode = yaml.required(fields, node, "topics");
            List<String> topics = new ArrayList<>();
            for (Node topicNode : yaml.sequence(topicsNode, "topics")) {
                String topic = yaml.text(topicNode, "a topic");
                if (!declaredTopics.contains(topic)) {
                    throw yaml.fail(topicNode, "question " + id + ": topic '" + topic + "' is not declared in the bank's topics ("
                            + String.join(", ", declaredTopics) + ")");
                }
                topics.add(topic);
            }
            String stem = yaml.text(yaml.required(fields, node, "stem"), "stem");
            List<String> options = new ArrayList<>();
            Node optionsNode = fields.containsKey("options") ? fields.get("options").getValueNode() : null;
            boolean hasOptions = !kind.equals("number") && !kind.equals("open");
            if (hasOptions && optionsNode == null) {
                throw yaml.fail(node, "question " + id + ": a " + kind + " question needs options");
            }
            if (!hasOptions && optionsNode != null) {
                throw yaml.fail(optionsNode, "question " + id + ": a " + kind + " question has no options");
            }
            if (optionsNode != null) {
                for (Node optionNode : yaml.sequence(optionsNode, "options")) {
                    options.add(yaml.text(optionNode, "an option"));
                }
                if (options.size() < 2) {
                    throw yaml.fail(optionsNode, "question " + id + ": at least two options");
                }
            }
            AnswerKey key = answer(kind, yaml.required(fields, node, "answer"), id, options.size());
            String explanation = yaml.text(yaml.required(fields, node, "explanation"), "explanation");
            String trap = yaml.text(yaml.required(fields, node, "trap"), "trap");
            String followUp = yaml.text(yaml.required(fields, node, "follow-up"), "follow-up");
            Node sourcesNode = yaml.required(fields, node, "sources");
            List<Source> sources = new ArrayList<>();
            for (Node sourceNode : yaml.sequence(sourcesNode, "sources")) {
                sources.add(source(sourceNode, id));
            }
            if (sources.stream().allMatch(source -> source.kind() == Source.Kind.WEB)) {
                throw yaml.fail(sourcesNode, "question " + id + ": needs at least one source that is an AWS docs page, a paper section,"
                        + " a Builders' Library article or a book chapter (web pages only add to those)");
            }
            try {
                return new Question(id, stem, options, key, explanation + " " + trap, sources, difficulty, topics, followUp);
            } catch (IllegalArgumentException unsound) {
                throw yaml.fail(node, unsound.getMessage());
            }
        }

        private AnswerKey answer(String kind, Node node, String id, int optionCount) {
            try {
                return switch (kind) {
                    case "single" -> new AnswerKey.SingleChoice(letter(node, id, optionCount));
                    case "multiple" -> {
                        Set<Integer> picked = new LinkedHashSet<>();
                        for (Node letterNode : yaml.sequence(node, "answer (a list of option letters)")) {
                            if (!picked.add(letter(letterNode, id, optionCount))) {
                                throw yaml.fail(letterNode, "question " + id + ": option " + yaml.text(letterNode, "") + " is named twice");
                            }
                        }
                        yield new AnswerKey.MultipleChoice(picked);
                    }
                    case "ordering" -> {
                        List<Integer> order = new ArrayList<>();
                        for (Node letterNode : yaml.sequence(node, "answer (every option letter, in order)")) {
                            order.add(letter(letterNode, id, optionCount));
                        }
                        if (order.size() != optionCount || new LinkedHashSet<>(order).size() != optionCount) {
                            throw yaml.fail(node, "question " + id + ": the order must name each of the " + optionCount + " options once");
                        }
                        boolean asListed = true;
                        for (int i = 0; i < order.size(); i++) {
                            asListed &= order.get(i) == i;
                        }
                        if (asListed) {
                            throw yaml.fail(node, "question " + id + ": the options are listed in the right order already: list them shuffled");
                        }
                        yield new AnswerKey.Ordering(order);
                    }
                    case "number" -> {
                        Map<String, NodeTuple> fields = yaml.fields(yaml.mapping(node, "answer (value, tolerance, unit)"),
                                Set.of("value", "tolerance", "unit"), "a number answer");
                        double value = yaml.decimal(yaml.required(fields, node, "value"), "value");
                        double tolerance = yaml.decimal(yaml.required(fields, node, "tolerance"), "tolerance");
                        String unit = fields.containsKey("unit") ? yaml.text(fields.get("unit").getValueNode(), "unit") : "";
                        yield new AnswerKey.Numeric(value, tolerance, unit);
                    }
                    default -> {
                        Map<String, NodeTuple> fields = yaml.fields(yaml.mapping(node, "answer (model, rubric)"), Set.of("model", "rubric"),
                                "an open answer");
                        String model = yaml.text(yaml.required(fields, node, "model"), "model");
                        Node rubricNode = yaml.required(fields, node, "rubric");
                        List<String> rubric = new ArrayList<>();
                        for (Node point : yaml.sequence(rubricNode, "rubric")) {
                            rubric.add(yaml.text(point, "a rubric point"));
                        }
                        if (rubric.size() < 2) {
                            throw yaml.fail(rubricNode, "question " + id + ": a rubric needs at least two points to self-assess against");
                        }
                        yield new AnswerKey.Open(model, rubric);
                    }
                };
            } catch (IllegalArgumentException unsound) {
                throw yaml.fail(node, "question " + id + ": " + unsound.getMessage());
            }
        }

        private int letter(Node node, String id, int optionCount) {
            String letter = yaml.text(node, "an option letter");
            char last = (char) ('a' + optionCount - 1);
            if (letter.length() != 1 || letter.charAt(0) < 'a' || letter.charAt(0) > last) {
                throw yaml.fail(node, "question " + id + ": answer '" + letter + "' is not one of its options (a to " + last + ")");
            }
            return letter.charAt(0) - 'a';
        }

        private Source source(Node node, String id) {
            Map<String, NodeTuple> fields = yaml.fields(yaml.mapping(node, "a source (kind, title, url, section or chapter)"), SOURCE_FIELDS,
                    "a source");
            Node kindNode = yaml.required(fields, node, "kind");
            String kindText = yaml.text(kindNode, "kind");
            Source.Kind kind = Arrays.stream(Source.Kind.values()).filter(value -> value.key().equals(kindText)).findFirst()
                    .orElseThrow(() -> yaml.fail(kindNode, "question " + id + ": unknown source kind '" + kindText + "': allowed "
                            + Arrays.stream(Source.Kind.values()).map(Source.Kind::key).collect(Collectors.joining(", "))));
            String locator = "";
            if (fields.containsKey("section")) {
                if (kind != Source.Kind.PAPER) {
                    throw yaml.fail(fields.get("section").getKeyNode(), "question " + id + ": only a paper source has a section");
                }
                locator = "section " + yaml.text(fields.get("section").getValueNode(), "section");
            }
            if (fields.containsKey("chapter")) {
                if (kind != Source.Kind.BOOK) {
                    throw yaml.fail(fields.get("chapter").getKeyNode(), "question " + id + ": only a book source has a chapter");
                }
                locator = "chapter " + yaml.text(fields.get("chapter").getValueNode(), "chapter");
            }
            try {
                return new Source(kind, yaml.text(yaml.required(fields, node, "title"), "title"), yaml.text(yaml.required(fields, node, "url"), "url"), locator);
            } catch (IllegalArgumentException unsound) {
                throw yaml.fail(node, "question " + id + ": " + unsound.getMessage());
            }
        }









    }
}
