package dev.dslab.curriculum.lesson;

import dev.dslab.curriculum.yaml.ContentFormatException;

import dev.dslab.curriculum.yaml.YamlTree;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads lesson files ({@code lessons/<id>.md}: YAML front matter between {@code ---} lines, then a CommonMark body)
 * into valid {@link Lesson}s. A file that breaks the format is refused with one {@link ContentFormatException}
 * naming the file, the line and the problem; the rules are those of the lesson format (issue 6).
 */
public final class LessonLoader {

    /** The newest lesson format this code reads. */
    public static final int FORMAT = 1;
    /** The class path folder of the bundled lessons. */
    public static final String FOLDER = "lessons";

    private static final String FENCE = "---";
    private static final Set<String> FIELDS = Set.of("format", "id", "title", "summary", "order", "question-topics", "experiments",
            "exercises", "sources");
    private static final Set<String> SOURCE_FIELDS = Set.of("id", "kind", "title", "url");

    private LessonLoader() {
    }

    /** Every bundled lesson, each validated and all checked together. */
    public static Lessons loadBundled() {
        return load(LessonLoader.class.getClassLoader(), FOLDER);
    }

    /** Every {@code *.md} file in a class path folder. */
    public static Lessons load(ClassLoader loader, String folder) {
        ClasspathFolder files = new ClasspathFolder(loader, folder);
        List<Lesson> lessons = new ArrayList<>();
        for (String name : files.names()) {
            if (name.endsWith(".md")) {
                lessons.add(parse(files.path(name), files.read(name).orElseThrow()));
            }
        }
        return Lessons.of(lessons);
    }

    /** One lesson file's bytes; {@code file} is the name messages use and must end in {@code <id>.md}. */
    public static Lesson parse(String file, byte[] content) {
        String text = new YamlTree(file, 0).utf8(content).replace("\r\n", "\n");
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(FENCE)) {
            throw new ContentFormatException(file, 1, "a lesson starts with its front matter: a line '---', the YAML fields, a line '---'");
        }
        int close = 1;
        while (close < lines.length && !lines[close].strip().equals(FENCE)) {
            close++;
        }
        if (close == lines.length) {
            throw new ContentFormatException(file, 1, "the front matter opened here is never closed by a line '---'");
        }
        String yaml = String.join("\n", java.util.Arrays.asList(lines).subList(1, close));
        StringBuilder body = new StringBuilder();
        for (int i = close + 1; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        return new Reader(file, close + 2).lesson(new YamlTree(file, 1), yaml, body.toString());
    }

    private static final class Reader {
        private final String file;
        private final int bodyLine;

        Reader(String file, int bodyLine) {
            this.file = file;
            this.bodyLine = bodyLine;
        }

        Lesson lesson(YamlTree yaml, String frontMatter, String body) {
            org.yaml.snakeyaml.nodes.Node root = yaml.root(frontMatter);
            if (root == null) {
                throw new ContentFormatException(file, 1, "the front matter is empty: it needs " + String.join(", ", FIELDS));
            }
            // the format first: a newer file may have fields this version does not know, and should say "update dslab"
            if (root instanceof MappingNode mapping) {
                mapping.getValue().stream().filter(tuple -> tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("format"))
                        .map(NodeTuple::getValueNode).findFirst().ifPresent(node -> {
                            int format = yaml.integer(node, "format");
                            if (format > FORMAT) {
                                throw yaml.fail(node, "format " + format + " is newer than this dslab reads (" + FORMAT + "): update dslab");
                            }
                            if (format < 1) {
                                throw yaml.fail(node, "format " + format + " does not exist: the formats are 1 to " + FORMAT);
                            }
                        });
            }
            Map<String, NodeTuple> fields = yaml.fields(root, FIELDS, "the front matter");
            yaml.integer(yaml.required(fields, root, "format"), "format");
            org.yaml.snakeyaml.nodes.Node idNode = yaml.required(fields, root, "id");
            String id = yaml.kebab(idNode, "id");
            if (!file.endsWith("/" + id + ".md") && !file.equals(id + ".md")) {
                throw yaml.fail(idNode, "id '" + id + "' belongs in a file named " + id + ".md");
            }
            String title = yaml.text(yaml.required(fields, root, "title"), "title");
            String summary = yaml.text(yaml.required(fields, root, "summary"), "summary");
            int order = yaml.integer(yaml.required(fields, root, "order"), "order");
            List<String> questionTopics = yaml.ids(yaml.required(fields, root, "question-topics"), "question-topics");
            List<String> experiments = yaml.ids(yaml.required(fields, root, "experiments"), "experiments");
            List<String> exercises = yaml.ids(yaml.required(fields, root, "exercises"), "exercises");
            org.yaml.snakeyaml.nodes.Node sourcesNode = yaml.required(fields, root, "sources");
            List<LessonSource> sources = new ArrayList<>();
            Map<String, Integer> sourceLines = new HashMap<>();
            for (org.yaml.snakeyaml.nodes.Node sourceNode : yaml.sequence(sourcesNode, "sources")) {
                LessonSource source = source(yaml, sourceNode);
                Integer earlier = sourceLines.putIfAbsent(source.id(), yaml.line(sourceNode));
                if (earlier != null) {
                    throw yaml.fail(sourceNode, "source id '" + source.id() + "' is already used on line " + earlier);
                }
                sources.add(source);
            }
            if (body.isBlank()) {
                throw new ContentFormatException(file, bodyLine, "the body after the front matter is empty");
            }
            checkBody(body, sources, sourceLines);
            return new Lesson(file, id, title, summary, order, questionTopics, experiments, exercises, sources, body, bodyLine);
        }

        private LessonSource source(YamlTree yaml, org.yaml.snakeyaml.nodes.Node node) {
            Map<String, NodeTuple> fields = yaml.fields(node, SOURCE_FIELDS, "a source");
            String id = yaml.kebab(yaml.required(fields, node, "id"), "source id");
            org.yaml.snakeyaml.nodes.Node kindNode = yaml.required(fields, node, "kind");
            String kindText = yaml.text(kindNode, "kind");
            LessonSource.Kind kind = LessonSource.Kind.byKey(kindText).orElseThrow(() -> yaml.fail(kindNode, "source " + id
                    + ": unknown kind '" + kindText + "': allowed " + LessonSource.Kind.allowed()));
            String title = yaml.text(yaml.required(fields, node, "title"), "title");
            org.yaml.snakeyaml.nodes.Node urlNode = yaml.required(fields, node, "url");
            String url = yaml.text(urlNode, "url");
            if (!isHttpsUrl(url)) {
                throw yaml.fail(urlNode, "source " + id + ": the url must be an https address, not '" + url + "'");
            }
            return new LessonSource(id, kind, title, url);
        }

        /** Headings, no raw HTML or images, and citations that resolve, every source cited at least once. */
        private void checkBody(String body, List<LessonSource> sources, Map<String, Integer> sourceLines) {
            Node document = Markdown.parse(body);
            Set<String> known = new LinkedHashSet<>(sourceLines.keySet());
            Set<String> cited = new LinkedHashSet<>();
            int[] headings = new int[4];
            document.accept(new AbstractVisitor() {
                @Override
                public void visit(Heading heading) {
                    int level = heading.getLevel();
                    if (headings[1] == 0 && level != 1) {
                        throw fail(heading, "the body's first heading is a '#' heading (the lesson's title), not level " + level);
                    }
                    if (level == 1 && headings[1] > 0) {
                        throw fail(heading, "only the first heading is a '#' heading: use '##' for sections, '###' inside them");
                    }
                    if (level > 3) {
                        throw fail(heading, "headings go down to '###', not level " + level);
                    }
                    if (level == 3 && headings[2] == 0) {
                        throw fail(heading, "a '###' heading belongs inside a '##' section");
                    }
                    headings[level]++;
                    visitChildren(heading);
                }

                @Override
                public void visit(HtmlBlock html) {
                    throw fail(html, "raw HTML is not allowed in a lesson (the terminal cannot show it): write Markdown");
                }

                @Override
                public void visit(HtmlInline html) {
                    throw fail(html, "raw HTML is not allowed in a lesson (the terminal cannot show it): '" + html.getLiteral()
                            + "'; write Markdown, or put it in `code`");
                }

                @Override
                public void visit(Image image) {
                    throw fail(image, "images are not allowed in a lesson: draw diagrams as ASCII art in a ```text fence");
                }

                @Override
                public void visit(Text text) {
                    if (text.getPrevious() instanceof Text) {
                        return; // read with the run it belongs to
                    }
                    String run = Markdown.textRun(text);
                    Matcher citation = Markdown.CITATION.matcher(run);
                    int checked = 0;
                    while (citation.find()) {
                        malformed(run, checked, citation.start(), text);
                        String sourceId = citation.group(1);
                        if (!known.contains(sourceId)) {
                            throw fail(text, "[src:" + sourceId + "] names no source of this lesson: "
                                    + (known.isEmpty() ? "the front matter lists none" : "allowed " + String.join(", ", known)));
                        }
                        cited.add(sourceId);
                        checked = citation.end();
                    }
                    malformed(run, checked, run.length(), text);
                }

                private void malformed(String run, int from, int to, Node at) {
                    int start = run.indexOf(Markdown.CITATION_START, from);
                    if (start >= 0 && start < to) {
                        int end = Math.min(run.length(), run.indexOf(']', start) < 0 ? start + 20 : run.indexOf(']', start) + 1);
                        throw fail(at, "malformed citation '" + run.substring(start, end) + "': write [src:id] with a kebab-case source id");
                    }
                }
            });
            if (headings[1] == 0) {
                throw new ContentFormatException(file, bodyLine, "the body starts with a '#' heading (the lesson's title); it has none");
            }
            for (LessonSource source : sources) {
                if (!cited.contains(source.id())) {
                    throw new ContentFormatException(file, sourceLines.get(source.id()), "source '" + source.id()
                            + "' is never cited: cite it in the body as [src:" + source.id() + "] or remove it");
                }
            }
        }

        private ContentFormatException fail(Node node, String problem) {
            int index = Markdown.lineIndex(node);
            return new ContentFormatException(file, index < 0 ? bodyLine : bodyLine + index, problem);
        }
    }

    static boolean isHttpsUrl(String url) {
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (java.net.URISyntaxException malformed) {
            return false;
        }
    }
}
