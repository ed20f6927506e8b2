package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.yaml.YamlTree;

import dev.dslab.curriculum.yaml.ContentFormatException;
import dev.dslab.curriculum.interview.InterviewQuestion.Clarification;
import dev.dslab.curriculum.interview.InterviewQuestion.Criterion;
import dev.dslab.curriculum.interview.InterviewQuestion.FollowUp;
import dev.dslab.curriculum.interview.InterviewQuestion.OutlinePoint;
import dev.dslab.curriculum.interview.InterviewQuestion.Phase;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads interview question files (YAML, format {@value #FORMAT}) into a validated {@link InterviewBank}. As with
 * the question banks, a bad file is refused with one {@link ContentFormatException} naming the file, the line and
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

    private InterviewLoader() {
    }

    /** The interview questions dslab ships. */
    public static InterviewBank loadBundled() {
        try (InputStream in = InterviewLoader.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ContentFormatException(BUNDLED, 0, "is missing from the class path");
            }
            return parse(BUNDLED, in.readAllBytes());
        } catch (IOException unreadable) {
            throw new ContentFormatException(BUNDLED, 0, "cannot be read: " + unreadable.getMessage());
        }
    }

    /** One file's bytes (UTF-8 YAML); {@code file} is the name messages use. */
    public static InterviewBank parse(String file, byte[] content) {
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

        InterviewBank bank(Node root) {
            if (!(root instanceof MappingNode mapping)) {
                throw yaml.fail(root, "an interview file is a mapping with the fields format, title and questions");
            }
            // the format first: a newer file may have fields this version does not know, and should say "update dslab"
            Node formatNode = mapping.getValue().stream()
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
            Map<String, NodeTuple> fields = yaml.fields(mapping, FILE_FIELDS, "an interview file");
            String title = yaml.text(yaml.required(fields, root, "title"), "title");
            Node questionsNode = yaml.required(fields, root, "questions");
            List<InterviewQuestion> questions = new ArrayList<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (Node questionNode : yaml.sequence(questionsNode, "questions")) {
                InterviewQuestion question = question(questionNode);
                if (lines.containsKey(question.id())) {
                    throw yaml.fail(questionNode, "id " + question.id() + " is already used on line " + lines.get(question.id()));
                }
                lines.put(question.id(), yaml.line(questionNode));
                questions.add(question);
            }
            if (questions.isEmpty()) {
                throw yaml.fail(questionsNode, "an interview file needs at least one question");
            }
            return new InterviewBank(file, title, questions, lines);
        }

        private InterviewQuestion question(Node node) {
            Map<String, NodeTuple> fields = yaml.fields(yaml.mapping(node, "a question"), QUESTION_FIELDS, "a question");
            Node idNode = yaml.required(fields, node, "id");
            String id = yaml.text(idNode, "id");
            if (!ID.matcher(id).matches()) {
                throw yaml.fail(idNode, "id '" + id + "' must be lower-case letters, digits and '-' (it is typed after --question)");
            }
            String title = yaml.text(yaml.required(fields, node, "title"), "title");
            Node difficultyNode = yaml.required(fields, node, "difficulty");
            String difficultyText = yaml.text(difficultyNode, "difficulty");
            Difficulty difficulty = Arrays.stream(Difficulty.values())
                    .filter(value -> value.name().toLowerCase(Locale.ROOT).equals(difficultyText)).findFirst()
                    .orElseThrow(() -> yaml.fail(difficultyNode, "question " + id + ": unknown difficulty '" + difficultyText
                            + "': allowed easy, medium, hard"));
            List<String> topics = list(yaml.required(fields, node, "topics"), "topics", topicNode -> {
                String topic = yaml.text(topicNode, "a topic");
                if (!ID.matcher(topic).matches()) {
                    throw yaml.fail(topicNode, "question " + id + ": topic '" + topic + "' must be lower-case letters, digits and '-'");
                }
                return topic;
            });
            String prompt = yaml.text(yaml.required(fields, node, "prompt"), "prompt");
            List<Clarification> clarifications = list(yaml.required(fields, node, "clarifying-questions"), "clarifying-questions", item -> {
                Map<String, NodeTuple> parts = yaml.fields(yaml.mapping(item, "a clarifying question (ask, answer)"), Set.of("ask", "answer"),
                        "a clarifying question");
                return build(item, id, () -> new Clarification(yaml.text(yaml.required(parts, item, "ask"), "ask"),
                        yaml.text(yaml.required(parts, item, "answer"), "answer")));
            });
            List<Phase> phases = list(yaml.required(fields, node, "phases"), "phases", item -> {
                Map<String, NodeTuple> parts = yaml.fields(yaml.mapping(item, "a phase (name, minutes, goal)"), Set.of("name", "minutes", "goal"),
                        "a phase");
                return build(item, id, () -> new Phase(yaml.text(yaml.required(parts, item, "name"), "name"),
                        yaml.integer(yaml.required(parts, item, "minutes"), "minutes"), yaml.text(yaml.required(parts, item, "goal"), "goal")));
            });
            List<FollowUp> followUps = list(yaml.required(fields, node, "follow-ups"), "follow-ups", item -> {
                Map<String, NodeTuple> parts = yaml.fields(yaml.mapping(item, "a follow-up (ask, strong-answer)"), Set.of("ask", "strong-answer"),
                        "a follow-up");
                return build(item, id, () -> new FollowUp(yaml.text(yaml.required(parts, item, "ask"), "ask"),
                        yaml.text(yaml.required(parts, item, "strong-answer"), "strong-answer")));
            });
            List<OutlinePoint> outline = list(yaml.required(fields, node, "model-outline"), "model-outline", item -> {
                Map<String, NodeTuple> parts = yaml.fields(yaml.mapping(item, "an outline point (point, sources)"), Set.of("point", "sources"),
                        "an outline point");
                List<Source> sources = parts.containsKey("sources")
                        ? list(parts.get("sources").getValueNode(), "sources", sourceNode -> source(sourceNode, id)) : List.of();
                return build(item, id, () -> new OutlinePoint(yaml.text(yaml.required(parts, item, "point"), "point"), sources));
            });
            List<Criterion> rubric = list(yaml.required(fields, node, "rubric"), "rubric", item -> {
                Map<String, NodeTuple> parts = yaml.fields(yaml.mapping(item, "a rubric criterion (criterion, 1, 3, 5)"),
                        Set.of("criterion", "1", "3", "5"), "a rubric criterion");
                return build(item, id, () -> new Criterion(yaml.text(yaml.required(parts, item, "criterion"), "criterion"),
                        yaml.text(yaml.required(parts, item, "1"), "1"), yaml.text(yaml.required(parts, item, "3"), "3"), yaml.text(yaml.required(parts, item, "5"), "5")));
            });
            return build(node, id, () -> new InterviewQuestion(id, title, difficulty, topics, prompt, clarifications, phases, followUps,
                    outline, rubric));
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
                locator = "section " + yaml.text(fields.get("section").getValueNode(), "section");
            }
            if (fields.containsKey("chapter")) {
                locator = "chapter " + yaml.text(fields.get("chapter").getValueNode(), "chapter");
            }
            String where = locator;
            return build(node, id, () -> new Source(kind, yaml.text(yaml.required(fields, node, "title"), "title"),
                    yaml.text(yaml.required(fields, node, "url"), "url"), where));
        }

        /** Runs a record's constructor, turning what it refuses into a failure at the node's line. */
        private <T> T build(Node node, String id, java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException unsound) {
                String message = unsound.getMessage();
                throw yaml.fail(node, message.startsWith("question " + id) ? message : "question " + id + ": " + message);
            }
        }

        private <T> List<T> list(Node node, String what, Function<Node, T> item) {
            List<T> items = new ArrayList<>();
            for (Node element : yaml.sequence(node, what)) {
                items.add(item.apply(element));
            }
            return items;
        }








    }
}
