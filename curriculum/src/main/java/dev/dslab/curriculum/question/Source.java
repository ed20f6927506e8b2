package dev.dslab.curriculum.question;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a fact comes from. The kinds a question bank accepts as evidence are an AWS documentation page, a
 * paper (with the section that says it), a Builders' Library article and a book chapter; {@link Kind#WEB}
 * is any other page (a blog post, Jepsen's map), useful beside one of those but never the only source.
 *
 * @param locator the section of a paper or the chapter of a book ("" for pages, which the url pins down)
 */
public record Source(Kind kind, String title, String url, String locator) {

    public enum Kind {
        AWS_DOCS("aws-docs"), PAPER("paper"), BUILDERS_LIBRARY("builders-library"), BOOK("book"), WEB("web");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The kind as written in a question bank file. */
        public String key() {
            return key;
        }
    }

    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        locator = locator == null ? "" : locator.strip();
        if (title.isBlank()) {
            throw new IllegalArgumentException("a source needs a title");
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("a source's url is malformed: " + url);
        }
        if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("a source's url must be http(s): " + url);
        }
        String host = parsed.getHost() == null ? "" : parsed.getHost().toLowerCase(Locale.ROOT);
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        switch (kind) {
            case AWS_DOCS -> require(host.equals("docs.aws.amazon.com"), "an aws-docs source must be a page on docs.aws.amazon.com: " + url);
            case BUILDERS_LIBRARY -> require(host.equals("aws.amazon.com") && path.startsWith("/builders-library/"),
                    "a builders-library source must be an article under https://aws.amazon.com/builders-library/: " + url);
            case PAPER -> require(!locator.isEmpty(), "a paper source needs the section that supports the answer: " + title);
            case BOOK -> require(!locator.isEmpty(), "a book source needs the chapter that supports the answer: " + title);
            case WEB -> {
            }
        }
    }

    /** A page named by its address, its kind told by where it lives (the labs' experiments cite this way). */
    public Source(String title, String url) {
        this(kindOf(url), title, url, "");
    }

    private static Kind kindOf(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://docs.aws.amazon.com/")) {
            return Kind.AWS_DOCS;
        }
        if (lower.startsWith("https://aws.amazon.com/builders-library/")) {
            return Kind.BUILDERS_LIBRARY;
        }
        return Kind.WEB;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    @Override
    public String toString() {
        return title + (locator.isEmpty() ? "" : ", " + locator) + " <" + url + ">";
    }
}
