package dev.dslab.scenarios.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as learners type them: a number and a unit (us, ms, s, m). The unit is required: "40" is ambiguous. */
public final class DurationText {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m)");

    private DurationText() {
    }

    /** Milliseconds of "40ms", "1.5s", "2m", "500us". */
    public static double millis(String text) {
        Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a number and a unit, e.g. 40ms, 1.5s, 2m");
        }
        double number = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> number / 1000;
            case "ms" -> number;
            case "s" -> number * 1000;
            default -> number * 60_000;
        };
    }

    /** "40ms", "1.5s", "2m": the shortest exact form for a human. */
    public static String format(double millis) {
        if (millis >= 60_000 && millis % 60_000 == 0) {
            return plain(millis / 60_000) + "m";
        }
        if (millis >= 1000) {
            return plain(millis / 1000) + "s";
        }
        return plain(millis) + "ms";
    }

    static String plain(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
    }
}
