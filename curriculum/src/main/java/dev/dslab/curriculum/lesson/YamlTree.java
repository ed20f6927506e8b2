package dev.dslab.curriculum.lesson;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
 * SnakeYAML's node tree of one file (or of a lesson's front matter), read field by field so that every problem
 * names its line: {@code <file> line <n>: <problem>}.
 */
final class YamlTree {

    static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String file;
    private final int lineOffset;

    /** @param lineOffset lines of the file before the YAML text (a lesson's opening {@code ---}) */
    YamlTree(String file, int lineOffset) {
        this.file = file;
        this.lineOffset = lineOffset;
    }

    static String utf8(String file, byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new LessonFormatException(file, 0, "is not UTF-8 text");
        }
    }

    /** The single document's root node, or null for an empty text. */
    Node root(String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setAllowRecursiveKeys(false);
            return new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException syntax) {
            int line = syntax.getProblemMark() != null ? syntax.getProblemMark().getLine() + 1
                    : syntax.getContextMark() != null ? syntax.getContextMark().getLine() + 1 : 0;
            String problem = syntax.getProblem() != null ? syntax.getProblem() : syntax.getContext();
            throw new LessonFormatException(file, line == 0 ? 0 : line + lineOffset, "not valid YAML: " + oneLine(problem));
        } catch (YAMLException syntax) {
            throw new LessonFormatException(file, 0, "not valid YAML: " + oneLine(syntax.getMessage()));
        }
    }

    /** The mapping's fields by name; a field not in {@code allowed} is refused (a typo would otherwise vanish). */
    Map<String, NodeTuple> fields(Node node, Set<String> allowed, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(node, what + " must be a mapping with the fields " + String.join(", ", new TreeSet<>(allowed)));
        }
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = text(tuple.getKeyNode(), "a field name");
            if (!allowed.contains(name)) {
                throw fail(tuple.getKeyNode(), "unknown field '" + name + "' in " + what + ": allowed " + String.join(", ", new TreeSet<>(allowed)));
            }
            fields.put(name, tuple);
        }
        return fields;
    }

    Node required(Map<String, NodeTuple> fields, Node owner, String name) {
        NodeTuple tuple = fields.get(name);
        if (tuple == null) {
            throw fail(owner, "missing field '" + name + "'");
        }
        return tuple.getValueNode();
    }

    List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            throw fail(node, what + " must be a list" + (node instanceof ScalarNode ? " ([] when empty)" : ""));
        }
        return sequence.getValue();
    }

    String text(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw fail(node, what + " must be text, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        String value = scalar.getValue().strip();
        if (value.isEmpty()) {
            throw fail(node, what + " is empty");
        }
        return value;
    }

    String kebab(Node node, String what) {
        String value = text(node, what);
        if (!KEBAB.matcher(value).matches()) {
            throw fail(node, what + " '" + value + "' must be kebab-case: lower-case letters and digits joined by '-'");
        }
        return value;
    }

    /** A list of kebab-case ids, none twice. */
    List<String> ids(Node node, String what) {
        List<String> ids = new ArrayList<>();
        for (Node item : sequence(node, what)) {
            String id = kebab(item, "an id in " + what);
            if (ids.contains(id)) {
                throw fail(item, what + " names '" + id + "' twice");
            }
            ids.add(id);
        }
        return ids;
    }

    int integer(Node node, String what) {
        String value = text(node, what);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notAnInteger) {
            throw fail(node, what + " must be a whole number, not '" + value + "'");
        }
    }

    int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1 + lineOffset;
    }

    LessonFormatException fail(Node node, String problem) {
        return new LessonFormatException(file, line(node), problem);
    }

    static String oneLine(String text) {
        return text == null ? "unreadable" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
