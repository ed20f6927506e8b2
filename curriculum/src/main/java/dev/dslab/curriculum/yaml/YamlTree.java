package dev.dslab.curriculum.yaml;

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
 * SnakeYAML's node tree of one content file (a question bank, an interview bank, a lesson's front matter), read
 * field by field so that every problem names its line: {@code <file> line <n>: <problem>}. The node tree is read
 * rather than bound to classes because every node keeps its line. Every problem is
 * one {@link ContentFormatException}.
 */
public final class YamlTree {

    public static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String file;
    private final int lineOffset;

    /** @param lineOffset lines of the file before the YAML text (a lesson's opening {@code ---}) */
    public YamlTree(String file, int lineOffset) {
        this.file = file;
        this.lineOffset = lineOffset;
    }

    public String file() {
        return file;
    }

    /** The file's bytes as text, refused when they are not UTF-8. */
    public String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new ContentFormatException(file, 0, "is not UTF-8 text");
        }
    }

    /** The single document's root node, or null for an empty text. */
    public Node root(String yaml) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setAllowRecursiveKeys(false);
            // a bank names each source once with an anchor and reuses it by alias; the files are ours, not untrusted input
            options.setMaxAliasesForCollections(1000);
            // the composer alone: Yaml's facade also builds a constructor and a representer this never uses (20-25 ms cold)
            return new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException syntax) {
            int line = syntax.getProblemMark() != null ? syntax.getProblemMark().getLine() + 1
                    : syntax.getContextMark() != null ? syntax.getContextMark().getLine() + 1 : 0;
            String problem = syntax.getProblem() != null ? syntax.getProblem() : syntax.getContext();
            String context = "";
            if (syntax.getProblem() != null && syntax.getContext() != null && syntax.getContextMark() != null
                    && syntax.getContextMark().getLine() + 1 != line) {
                // a construct left open is found only where the parser gives up: say where it started
                context = " (" + oneLine(syntax.getContext()) + " that starts on line " + (syntax.getContextMark().getLine() + 1 + lineOffset) + ")";
            }
            throw new ContentFormatException(file, line == 0 ? 0 : line + lineOffset, "not valid YAML: " + oneLine(problem) + context);
        } catch (YAMLException syntax) {
            throw new ContentFormatException(file, 0, "not valid YAML: " + oneLine(syntax.getMessage()));
        }
    }

    /** The mapping's fields by name; a field not in {@code allowed} is refused (a typo would otherwise vanish). */
    public Map<String, NodeTuple> fields(Node node, Set<String> allowed, String what) {
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

    public Node required(Map<String, NodeTuple> fields, Node owner, String name) {
        NodeTuple tuple = fields.get(name);
        if (tuple == null) {
            throw fail(owner, "missing field '" + name + "'");
        }
        return tuple.getValueNode();
    }

    public MappingNode mapping(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(node, what + " must be a mapping");
        }
        return mapping;
    }

    public List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            throw fail(node, what + " must be a list" + (node instanceof ScalarNode ? " ([] when empty)" : ""));
        }
        return sequence.getValue();
    }

    public String text(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw fail(node, what + " must be text, not a " + (node instanceof MappingNode ? "mapping" : "list"));
        }
        String value = scalar.getValue().strip();
        if (value.isEmpty()) {
            throw fail(node, what + " is empty");
        }
        return value;
    }

    public String kebab(Node node, String what) {
        String value = text(node, what);
        if (!KEBAB.matcher(value).matches()) {
            throw fail(node, what + " '" + value + "' must be kebab-case: lower-case letters and digits joined by '-'");
        }
        return value;
    }

    /** A list of kebab-case ids, none twice. */
    public List<String> ids(Node node, String what) {
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

    public int integer(Node node, String what) {
        String value = text(node, what);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notAnInteger) {
            throw fail(node, what + " must be a whole number, not '" + value + "'");
        }
    }

    public double decimal(Node node, String what) {
        String value = text(node, what);
        try {
            return Double.parseDouble(value.replace("_", ""));
        } catch (NumberFormatException notANumber) {
            throw fail(node, what + " must be a number, not '" + value + "'");
        }
    }

    /** 1-based line of the node in the file; 0 when there is none. */
    public int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1 + lineOffset;
    }

    public ContentFormatException fail(Node node, String problem) {
        return new ContentFormatException(file, line(node), problem);
    }

    /** The file as a whole: no line. */
    public ContentFormatException fail(String problem) {
        return new ContentFormatException(file, 0, problem);
    }

    public static String oneLine(String text) {
        return text == null ? "unreadable" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    }
}
