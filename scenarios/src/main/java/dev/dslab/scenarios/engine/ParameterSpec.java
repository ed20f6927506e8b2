package dev.dslab.scenarios.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter an experiment takes: its type, default, allowed range or choices, and what it means.
 * {@link #parse} turns what the learner typed into a value or one line saying what is allowed.
 */
public record ParameterSpec(String name, Type type, String defaultValue, double min, double max, List<String> choices,
                            String description) {

    public enum Type { INTEGER, DECIMAL, DURATION, CHOICE, BOOLEAN }

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    public static ParameterSpec integer(String name, int defaultValue, int min, int max, String description) {
        return new ParameterSpec(name, Type.INTEGER, Integer.toString(defaultValue), min, max, List.of(), description);
    }

    public static ParameterSpec decimal(String name, double defaultValue, double min, double max, String description) {
        return new ParameterSpec(name, Type.DECIMAL, Double.toString(defaultValue), min, max, List.of(), description);
    }

    /** A duration in milliseconds, typed with its unit: 40ms, 1.5s, 2m. */
    public static ParameterSpec duration(String name, String defaultValue, String min, String max, String description) {
        return new ParameterSpec(name, Type.DURATION, defaultValue, DurationText.millis(min), DurationText.millis(max), List.of(),
                description);
    }

    public static ParameterSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParameterSpec(name, Type.CHOICE, defaultValue, 0, 0, choices, description);
    }

    public static ParameterSpec bool(String name, boolean defaultValue, String description) {
        return new ParameterSpec(name, Type.BOOLEAN, Boolean.toString(defaultValue), 0, 0, List.of("true", "false"), description);
    }

    /**
     * The typed value: Long for INTEGER, Double for DECIMAL, Double milliseconds for DURATION, String for CHOICE,
     * Boolean for BOOLEAN.
     *
     * @throws IllegalArgumentException with one line naming the parameter, what was typed and what is allowed
     */
    public Object parse(String typed) {
        String text = typed.trim();
        switch (type) {
            case INTEGER -> {
                try {
                    long value = Long.parseLong(text.replace("_", ""));
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException notInteger) {
                    // reported below
                }
            }
            case DECIMAL -> {
                try {
                    double value = Double.parseDouble(text);
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (NumberFormatException notDecimal) {
                    // reported below
                }
            }
            case DURATION -> {
                try {
                    double value = DurationText.millis(text);
                    if (value >= min && value <= max) {
                        return value;
                    }
                } catch (IllegalArgumentException notDuration) {
                    // reported below
                }
            }
            case CHOICE -> {
                if (choices.contains(text.toLowerCase(Locale.ROOT))) {
                    return text.toLowerCase(Locale.ROOT);
                }
            }
            case BOOLEAN -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.equals("true") || lower.equals("false")) {
                    return Boolean.parseBoolean(lower);
                }
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "' must be " + allowed() + "; got '" + typed + "'");
    }

    /** What values are allowed, in words: "an integer from 1 to 64", "a duration from 0ms to 5s (e.g. 40ms, 1.5s)". */
    public String allowed() {
        return switch (type) {
            case INTEGER -> "an integer from " + (long) min + " to " + (long) max;
            case DECIMAL -> "a number from " + DurationText.plain(min) + " to " + DurationText.plain(max);
            case DURATION -> "a duration from " + DurationText.format(min) + " to " + DurationText.format(max) + " (e.g. 40ms, 1.5s)";
            case CHOICE -> "one of " + String.join(", ", choices);
            case BOOLEAN -> "true or false";
        };
    }
}
