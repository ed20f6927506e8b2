package dev.dslab.curriculum.question;

import java.net.URI;
import java.util.Objects;

/** Where a fact comes from: an AWS documentation page, a paper section, a Builders' Library article, a book chapter. */
public record Source(String title, String url) {

    public Source {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        if (title.isBlank()) {
            throw new IllegalArgumentException("a source needs a title");
        }
        URI parsed = URI.create(url);
        if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("a source's url must be http(s): " + url);
        }
    }

    @Override
    public String toString() {
        return title + " <" + url + ">";
    }
}
