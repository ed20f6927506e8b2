package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.bank.BankFormatException;
import dev.dslab.curriculum.interview.InterviewQuestion.Clarification;
import dev.dslab.curriculum.interview.InterviewQuestion.Criterion;
import dev.dslab.curriculum.interview.InterviewQuestion.FollowUp;
import dev.dslab.curriculum.interview.InterviewQuestion.OutlinePoint;
import dev.dslab.curriculum.interview.InterviewQuestion.Phase;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads interview question files (YAML, format {@value #FORMAT}) into a validated {@link InterviewBank}. As with
 * the question banks, a bad file is refused with one {@link BankFormatException} naming the file, the line and
 * the problem: the node tree is read rather than bound to classes because every node keeps its line.
 */
public final class InterviewLoader {

    /** The newest interview file format this code reads. */
    public static final int FORMAT = 1;
    /** The bundled file. */
    public static final String BUNDLED = "interviews/aws-system-design.yaml";

    private static final Set<String> FILE_FIELDS = Set.of("format", "title", "questions");
    private static final Set<String> QUESTION_FIELDS = Set.of("id", "title", "difficulty", "topics", "prompt", "clarifying-questions",
            "phases", "follow-ups", "model-outline", "rubric");
    private static final Set<String> SOURCE_FIELDS = Set.of("kind", "title", "url", "section", "chapter");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private InterviewLoader() {
    }

    /** The interview questions dslab ships. */
    public static InterviewBank loadBundled() {
        try (InputStream in = InterviewLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new BankFormatException(BUNDLED, 0, "is missing from the class path");
            }
            return parse(BUNDLED, in.readAllBytes());
        } catch (IOException unreadable) {
            throw new BankFormatException(BUNDLED, 0, "cannot be read: " + unreadable.getMessage());
        }
    }

    /** One file's bytes (UTF-8 YAML); {@code file} is the name messages use. */
    public static InterviewBank parse(String file, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new BankFormatException(file, 0, "is not UTF-8 text");
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setAllowRecursiveKeys(false);
            // sources are written once with an anchor and cited by alias; the file is ours, not untrusted input
            options.setMaxAliasesForCollections(1000);
            root = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException syntax) {
            int line = syntax.getProblemMark() != null ? syntax.getProblemMark().getLine() + 1
                    : syntax.getContextMark() != null ? syntax.getContextMark().getLine() + 1 : 0;
            String problem = syntax.getProblem() != null ? syntax.getProblem() : syntax.getContext();
            throw new BankFormatException(file, line, "not valid YAML: " + oneLine(problem));
        } catch (YAMLException syntax) {
            throw new BankFormatException(file, 0, "not valid YAML: " + oneLine(syntax.getMessage()));
        }
        return new Reader(file).bank(root);
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Reads one file's node tree; every failure names the node's line. */
    private static final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        InterviewBank bank(Node root) {
            if (!(root instanceof MappingNode mapping)) {
                throw fail(root, "an interview file is a mapping with the fields format, title and questions");
            }
            // the format first: a newer file may have fields this version does not know, and should say "update dslab"
            Node formatNode = mapping.getValue().stream()
                    .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("format"))
                    .map(NodeTuple::getValueNode).findFirst()
                    .orElseThrow(() -> fail(root, "missing field 'format' (this dslab reads format " + FORMAT + ")"));
            int format = integer(formatNode, "format");
            if (format > FORMAT) {
                throw fail(formatNode, "format " + format + " is newer than this dslab reads (" + FORMAT + "): update dslab");
            }
            if (format < 1) {
                throw fail(formatNode, "format " + format + " does not exist: the formats are 1 to " + FORMAT);
            }
            Map<String, NodeTuple> fields = fields(mapping, FILE_FIELDS, "an interview file");
            String title = text(required(fields, root, "title"), "title");
            Node questionsNode = required(fields, root, "questions");
            List<InterviewQuestion> questions = new ArrayList<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (Node questionNode : sequence(questionsNode, "questions")) {
                InterviewQuestion question = question(questionNode);
                if (lines.containsKey(question.id())) {
                    throw fail(questionNode, "id " + question.id() + " is already used on line " + lines.get(question.id()));
                }
                lines.put(question.id(), line(questionNode));
                questions.add(question);
            }
            if (questions.isEmpty()) {
                throw fail(questionsNode, "an interview file needs at least one question");
            }
            return new InterviewBank(file, title, questions, lines);
        }

        private InterviewQuestion question(Node node) {
            Map<String, NodeTuple> fields = fields(mapping(node, "a question"), QUESTION_FIELDS, "a question");
            Node idNode = required(fields, node, "id");
            String id = text(idNode, "id");
            if (!ID.matcher(id).matches()) {
                throw fail(idNode, "id '" + id + "' must be lower-case letters, digits and '-' (it is typed after --question)");
            }
            String title = text(required(fields, node, "title"), "title");
            Node difficultyNode = required(fields, node, "difficulty");
            String difficultyText = text(difficultyNode, "difficulty");
            Difficulty difficulty = Arrays.stream(Difficulty.values())
                    .filter(value -> value.name().toLowerCase(Locale.ROOT).equals(difficultyText)).findFirst()
                    .orElseThrow(() -> fail(difficultyNode, "question " + id + ": unknown difficulty '" + difficultyText
                            + "': allowed easy, medium, hard"));
            List<String> topics = list(required(fields, node, "topics"), "topics", topicNode -> {
                String topic = text(topicNode, "a topic");
                if (!ID.matcher(topic).matches()) {
                    throw fail(topicNode, "question " + id + ": topic '" + topic + "' must be lower-case letters, digits and '-'");
                }
                return topic;
            });
            String prompt = text(required(fields, node, "prompt"), "prompt");
            List<Clarification> clarifications = list(required(fields, node, "clarifying-questions"), "clarifying-questions", item -> {
                Map<String, NodeTuple> parts = fields(mapping(item, "a clarifying question (ask, answer)"), Set.of("ask", "answer"),
                        "a clarifying question");
                return build(item, id, () -> new Clarification(text(required(parts, item, "ask"), "ask"),
                        text(required(parts, item, "answer"), "answer")));
            });
            List<Phase> phases = list(required(fields, node, "phases"), "phases", item -> {
                Map<String, NodeTuple> parts = fields(mapping(item, "a phase (name, minutes, goal)"), Set.of("name", "minutes", "goal"),
                        "a phase");
                return build(item, id, () -> new Phase(text(required(parts, item, "name"), "name"),
                        integer(required(parts, item, "minutes"), "minutes"), text(required(parts, item, "goal"), "goal")));
            });
            List<FollowUp> followUps = list(required(fields, node, "follow-ups"), "follow-ups", item -> {
                Map<String, NodeTuple> parts = fields(mapping(item, "a follow-up (ask, strong-answer)"), Set.of("ask", "strong-answer"),
                        "a follow-up");
                return build(item, id, () -> new FollowUp(text(required(parts, item, "ask"), "ask"),
                        text(required(parts, item, "strong-answer"), "strong-answer")));
            });
            List<OutlinePoint> outline = list(required(fields, node, "model-outline"), "model-outline", item -> {
                Map<String, NodeTuple> parts = fields(mapping(item, "an outline point (point, sources)"), Set.of("point", "sources"),
                        "an outline point");
                List<Source> sources = parts.containsKey("sources")
                        ? list(parts.get("sources").getValueNode(), "sources", sourceNode -> source(sourceNode, id)) : List.of();
                return build(item, id, () -> new OutlinePoint(text(required(parts, item, "point"), "point"), sources));
            });
            List<Criterion> rubric = list(required(fields, node, "rubric"), "rubric", item -> {
                Map<String, NodeTuple> parts = fields(mapping(item, "a rubric criterion (criterion, 1, 3, 5)"),
                        Set.of("criterion", "1", "3", "5"), "a rubric criterion");
                return build(item, id, () -> new Criterion(text(required(parts, item, "criterion"), "criterion"),
                        text(required(parts, item, "1"), "1"), text(required(parts, item, "3"), "3"), text(required(parts, item, "5"), "5")));
            });
            return build(node, id, () -> new InterviewQuestion(id, title, difficulty, topics, prompt, clarifications, phases, followUps,
                    outline, rubric));
        }

        private Source source(Node node, String id) {
            Map<String, NodeTuple> fields = fields(mapping(node, "a source (kind, title, url, section or chapter)"), SOURCE_FIELDS,
                    "a source");
            Node kindNode = required(fields, node, "kind");
            String kindText = text(kindNode, "kind");
            Source.Kind kind = Arrays.stream(Source.Kind.values()).filter(value -> value.key().equals(kindText)).findFirst()
                    .orElseThrow(() -> fail(kindNode, "question " + id + ": unknown source kind '" + kindText + "': allowed "
                            + Arrays.stream(Source.Kind.values()).map(Source.Kind::key).collect(Collectors.joining(", "))));
            String locator = "";
            if (fields.containsKey("section")) {
                locator = "section " + text(fields.get("section").getValueNode(), "section");
            }
            if (fields.containsKey("chapter")) {
                locator = "chapter " + text(fields.get("chapter").getValueNode(), "chapter");
            }
            String where = locator;
            return build(node, id, () -> new Source(kind, text(required(fields, node, "title"), "title"),
                    text(required(fields, node, "url"), "url"), where));
        }

        /** Runs a record's constructor, turning what it refuses into a failure at the node's line. */
        private <T> T build(Node node, String id, java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException unsound) {
                String message = unsound.getMessage();
                throw fail(node, message.startsWith("question " + id) ? message : "question " + id + ": " + message);
            }
        }

        private <T> List<T> list(Node node, String what, Function<Node, T> item) {
            List<T> items = new ArrayList<>();
            for (Node element : sequence(node, what)) {
                items.add(item.apply(element));
            }
            return items;
        }

        /** The mapping's fields by name; a field not in {@code allowed} is refused (a typo would otherwise vanish). */
        private Map<String, NodeTuple> fields(MappingNode mapping, Set<String> allowed, String what) {
            Map<String, NodeTuple> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String name = text(tuple.getKeyNode(), "a field name");
                if (!allowed.contains(name)) {
                    throw fail(tuple.getKeyNode(), "unknown field '" + name + "' in " + what + ": allowed "
                            + String.join(", ", new TreeSet<>(allowed)));
                }
                fields.put(name, tuple);
            }
            return fields;
        }

        private Node required(Map<String, NodeTuple> fields, Node owner, String name) {
            NodeTuple tuple = fields.get(name);
            if (tuple == null) {
                throw fail(owner, "missing field '" + name + "'");
            }
            return tuple.getValueNode();
        }

        private MappingNode mapping(Node node, String what) {
            if (!(node instanceof MappingNode mapping)) {
                throw fail(node, what + " must be a mapping");
            }
            return mapping;
        }

        private List<Node> sequence(Node node, String what) {
            if (!(node instanceof SequenceNode sequence)) {
                throw fail(node, what + " must be a list");
            }
            return sequence.getValue();
        }

        private String text(Node node, String what) {
            if (!(node instanceof ScalarNode scalar)) {
                throw fail(node, what + " must be text, not a " + (node instanceof MappingNode ? "mapping" : "list"));
            }
            String value = scalar.getValue().strip();
            if (value.isEmpty()) {
                throw fail(node, what + " is empty");
            }
            return value;
        }

        private int integer(Node node, String what) {
            String value = text(node, what);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException notAnInteger) {
                throw fail(node, what + " must be a whole number, not '" + value + "'");
            }
        }

        private static int line(Node node) {
            return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        }

        private BankFormatException fail(Node node, String problem) {
            return new BankFormatException(file, line(node), problem);
        }
    }
}
