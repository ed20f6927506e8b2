package dev.dslab.curriculum.question;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what a learner typed: option letters ("b", "a,c", "a c"), a number (optionally followed by the
 * question's unit), an order of letters ("c a d b"). Wrong input gets one line saying what is allowed.
 */
public final class ResponseParser {

    private ResponseParser() {
    }

    /** The response to a choice, numeric or ordering question; open questions are read by the quiz itself. */
    public static Response parse(Question question, String typed) {
        String text = typed == null ? "" : typed.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("no answer given: " + expected(question));
        }
        AnswerKey key = question.key();
        if (key instanceof AnswerKey.SingleChoice) {
            List<Integer> letters = letters(question, text);
            if (letters.size() != 1) {
                throw new IllegalArgumentException("pick exactly one option: " + expected(question));
            }
            return new Response.Choices(Set.of(letters.get(0)));
        }
        if (key instanceof AnswerKey.MultipleChoice) {
            return new Response.Choices(new LinkedHashSet<>(letters(question, text)));
        }
        if (key instanceof AnswerKey.Numeric numeric) {
            return new Response.Number(number(text, numeric.unit()));
        }
        if (key instanceof AnswerKey.Ordering) {
            List<Integer> order = letters(question, text);
            if (order.size() != question.options().size() || new LinkedHashSet<>(order).size() != order.size()) {
                throw new IllegalArgumentException("name every option exactly once: " + expected(question));
            }
            return new Response.Order(order);
        }
        throw new IllegalArgumentException("question " + question.id()
                + " is open: it is answered in free text and self-assessed against its rubric");
    }

    /** One line telling the learner how to answer this question. */
    public static String expected(Question question) {
        String last = question.options().isEmpty() ? "" : Grader.letter(question.options().size() - 1);
        AnswerKey key = question.key();
        if (key instanceof AnswerKey.SingleChoice) {
            return "type one letter, a to " + last;
        }
        if (key instanceof AnswerKey.MultipleChoice) {
            return "type every right letter, a to " + last + ", separated by commas or spaces";
        }
        if (key instanceof AnswerKey.Numeric numeric) {
            return "type a number" + (numeric.unit().isEmpty() ? "" : " (in " + numeric.unit() + ")");
        }
        if (key instanceof AnswerKey.Ordering) {
            return "type the letters a to " + last + " in order, separated by spaces";
        }
        return "answer in your own words";
    }

    private static List<Integer> letters(Question question, String text) {
        List<Integer> indexes = new ArrayList<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            String letter = token.endsWith(")") ? token.substring(0, token.length() - 1) : token;
            if (letter.length() != 1 || letter.charAt(0) < 'a' || letter.charAt(0) - 'a' >= question.options().size()) {
                throw new IllegalArgumentException("'" + token + "' is not an option: " + expected(question));
            }
            indexes.add(letter.charAt(0) - 'a');
        }
        return indexes;
    }

    private static double number(String text, String unit) {
        String digits = text.replace("_", "");
        if (!unit.isEmpty() && digits.toLowerCase(Locale.ROOT).endsWith(unit.toLowerCase(Locale.ROOT))) {
            digits = digits.substring(0, digits.length() - unit.length()).trim();
        }
        try {
            double value = Double.parseDouble(digits);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a number: type a number" + (unit.isEmpty() ? "" : " (in " + unit + ")"));
    }
}
