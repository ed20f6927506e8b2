package dev.dslab.curriculum.lesson;

import dev.dslab.curriculum.yaml.ContentFormatException;

import dev.dslab.curriculum.yaml.YamlTree;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The reference table of what each Amazon service the lessons discuss guarantees about consistency, ordering and
 * delivery, and what it does not ({@code lessons/services.yaml}, {@code learn services}). Every row names the AWS
 * page that says so.
 */
public record ServiceGuarantees(List<Row> rows) {

    public static final String FILE_NAME = "services.yaml";
    public static final int FORMAT = 1;
    private static final Set<String> AWS_HOSTS = Set.of("docs.aws.amazon.com", "aws.amazon.com");

    public record Page(String title, String url) {
    }

    public record Row(String service, String feature, String guarantees, String doesNotGuarantee, List<Page> sources) {
        public Row {
            sources = List.copyOf(sources);
        }
    }

    public ServiceGuarantees {
        rows = List.copyOf(rows);
    }

    /** The bundled table. */
    public static ServiceGuarantees loadBundled() {
        ClasspathFolder folder = new ClasspathFolder(ServiceGuarantees.class.getClassLoader(), LessonLoader.FOLDER);
        String file = folder.path(FILE_NAME);
        return parse(file, folder.read(FILE_NAME).orElseThrow(() -> new ContentFormatException(file, 0, "is missing from dslab")));
    }

    public static ServiceGuarantees parse(String file, byte[] content) {
        YamlTree yaml = new YamlTree(file, 0);
        Node root = yaml.root(yaml.utf8(content));
        if (root == null) {
            throw new ContentFormatException(file, 0, "is empty: it needs format and services");
        }
        Map<String, NodeTuple> fields = yaml.fields(root, Set.of("format", "services"), "the services table");
        Node formatNode = yaml.required(fields, root, "format");
        int format = yaml.integer(formatNode, "format");
        if (format != FORMAT) {
            throw yaml.fail(formatNode, format > FORMAT ? "format " + format + " is newer than this dslab reads (" + FORMAT + "): update dslab"
                    : "format " + format + " does not exist: the formats are 1 to " + FORMAT);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (Node rowNode : yaml.sequence(yaml.required(fields, root, "services"), "services")) {
            Map<String, NodeTuple> row = yaml.fields(rowNode, Set.of("service", "feature", "guarantees", "does-not-guarantee", "sources"),
                    "a service row");
            String service = yaml.text(yaml.required(row, rowNode, "service"), "service");
            String feature = yaml.text(yaml.required(row, rowNode, "feature"), "feature");
            Integer earlier = lines.putIfAbsent(service + " / " + feature, yaml.line(rowNode));
            if (earlier != null) {
                throw yaml.fail(rowNode, service + " / " + feature + " is already a row, on line " + earlier);
            }
            String guarantees = yaml.text(yaml.required(row, rowNode, "guarantees"), "guarantees");
            String not = yaml.text(yaml.required(row, rowNode, "does-not-guarantee"), "does-not-guarantee");
            Node sourcesNode = yaml.required(row, rowNode, "sources");
            List<Page> pages = new ArrayList<>();
            for (Node pageNode : yaml.sequence(sourcesNode, "sources")) {
                Map<String, NodeTuple> page = yaml.fields(pageNode, Set.of("title", "url"), "a source");
                String title = yaml.text(yaml.required(page, pageNode, "title"), "title");
                Node urlNode = yaml.required(page, pageNode, "url");
                String url = yaml.text(urlNode, "url");
                if (!LessonLoader.isHttpsUrl(url) || !AWS_HOSTS.contains(URI.create(url).getHost())) {
                    throw yaml.fail(urlNode, "a source is an AWS page: an https address on " + String.join(" or ", AWS_HOSTS.stream().sorted()
                            .toList()) + ", not '" + url + "'");
                }
                pages.add(new Page(title, url));
            }
            if (pages.isEmpty()) {
                throw yaml.fail(sourcesNode, service + " / " + feature + ": every row names at least one AWS page that says so");
            }
            rows.add(new Row(service, feature, guarantees, not, pages));
        }
        if (rows.isEmpty()) {
            throw new ContentFormatException(file, 0, "has no rows");
        }
        return new ServiceGuarantees(rows);
    }

    /**
     * The table within a width, each row's sources as numbers [n] listed with their titles and addresses below it
     * (an address in a cell would take the width the prose needs).
     */
    public String render(int width, TextStyle style) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Map<String, Page> pages = new LinkedHashMap<>();
        TextTable table = TextTable.of("service", "guarantees", "does not guarantee", "src");
        for (Row row : rows) {
            StringBuilder cited = new StringBuilder();
            for (Page page : row.sources()) {
                int number = numbers.computeIfAbsent(page.url(), url -> numbers.size() + 1);
                pages.putIfAbsent(page.url(), page);
                cited.append(cited.isEmpty() ? "" : " ").append('[').append(number).append(']');
            }
            table.row(row.service() + ": " + row.feature(), row.guarantees(), row.doesNotGuarantee(), cited.toString());
        }
        StringBuilder text = new StringBuilder();
        table.render(width, style).forEach(line -> text.append(line).append('\n'));
        text.append('\n').append(style.apply("Sources", TextStyle.BOLD)).append('\n');
        for (Map.Entry<String, Integer> cited : numbers.entrySet()) {
            String marker = "[" + cited.getValue() + "] ";
            Words title = new Words();
            title.add(pages.get(cited.getKey()).title(), TextStyle.PLAIN);
            List<String> lines = title.wrap(width - marker.length(), style);
            for (int i = 0; i < lines.size(); i++) {
                text.append(i == 0 ? marker : " ".repeat(marker.length())).append(lines.get(i)).append('\n');
            }
            text.append(" ".repeat(marker.length())).append(style.apply(cited.getKey(), TextStyle.UNDERLINE)).append('\n');
        }
        return text.toString();
    }
}
