package dev.dslab.curriculum.bank;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The question banks issue 6 asks for, one file each ({@code questions/<id>.yaml}), with the least number of
 * questions each must hold once it exists.
 */
public enum TopicSet {
    CAP_CONSISTENCY("cap-consistency", 60),
    CONSENSUS("consensus", 40),
    AMAZON("amazon", 50),
    PATTERNS("patterns", 30);

    private final String id;
    private final int minimum;

    TopicSet(String id, int minimum) {
        this.id = id;
        this.minimum = minimum;
    }

    public String id() {
        return id;
    }

    /** The least number of questions the bank must hold (issue 6). */
    public int minimum() {
        return minimum;
    }

    /** The bank's resource path on the class path. */
    public String resource() {
        return "questions/" + id + ".yaml";
    }

    public static Optional<TopicSet> byId(String id) {
        return Arrays.stream(values()).filter(set -> set.id.equals(id)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(TopicSet::id).collect(Collectors.joining(", "));
    }
}
