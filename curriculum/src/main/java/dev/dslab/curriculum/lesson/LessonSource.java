package dev.dslab.curriculum.lesson;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A source a lesson cites in its body as {@code [src:id]}.
 *
 * @param id kebab-case, unique inside its lesson
 */
public record LessonSource(String id, Kind kind, String title, String url) {

    public enum Kind {
        AWS_DOCS("aws-docs"), PAPER("paper"), BUILDERS_LIBRARY("builders-library"), BOOK("book"), TALK("talk"), SPEC("spec"),
        BLOG("blog");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The kind as written in a lesson's front matter. */
        public String key() {
            return key;
        }

        public static Optional<Kind> byKey(String key) {
            return Arrays.stream(values()).filter(kind -> kind.key.equals(key)).findFirst();
        }

        static String allowed() {
            return Arrays.stream(values()).map(Kind::key).collect(Collectors.joining(", "));
        }
    }
}
