package dev.dslab.shell.learner;

import dev.dslab.shell.console.UsageException;

import java.util.Locale;
import java.util.regex.Pattern;

/** A learner's name: it prefixes every resource of their sandbox, so it must be short and DNS-safe. */
public record LearnerName(String value) {

    public static final String RULE = "[a-z][a-z0-9-]{0,19}";
    private static final Pattern VALID = Pattern.compile(RULE);

    public LearnerName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new UsageException("invalid learner name '" + value + "'; allowed: " + RULE
                    + " (a lowercase letter, then up to 19 lowercase letters, digits or '-')");
        }
    }

    /**
     * The learner to act for: the --learner option, else $DSLAB_LEARNER, else the OS user name made valid
     * (lowercased, other characters replaced by '-', prefixed when it does not start with a letter).
     */
    public static LearnerName resolve(String option, String configured, String osUser) {
        if (option != null && !option.isBlank()) {
            return new LearnerName(option);
        }
        if (configured != null && !configured.isBlank()) {
            return new LearnerName(configured);
        }
        return new LearnerName(normalise(osUser));
    }

    static String normalise(String osUser) {
        String name = (osUser == null ? "" : osUser).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = "l-" + name;
        }
        name = name.length() > 20 ? name.substring(0, 20) : name;
        return name.replaceAll("-+$", "");
    }

    @Override
    public String toString() {
        return value;
    }
}
