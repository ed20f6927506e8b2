package dev.dslab.curriculum.question;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grades a response against a question's key. Partial credit where it means something (multiple choice,
 * ordering, open rubrics); a response of the wrong shape for the question is a programming error.
 */
public final class Grader {

    /** An open answer counts as right when the learner met at least this share of the rubric. */
    static final double OPEN_PASS_SHARE = 2.0 / 3.0;

    private Grader() {
    }

    public static Grade grade(Question question, Response response) {
        AnswerKey key = question.key();
        if (key instanceof AnswerKey.SingleChoice single) {
            Set<Integer> picked = expect(response, Response.Choices.class, question).picked();
            boolean right = picked.equals(Set.of(single.correct()));
            return new Grade(right ? 1 : 0, right, (right ? "Right: " : "The answer is ") + label(question, single.correct()));
        }
        if (key instanceof AnswerKey.MultipleChoice multiple) {
            Set<Integer> picked = expect(response, Response.Choices.class, question).picked();
            Set<Integer> hits = new HashSet<>(picked);
            hits.retainAll(multiple.correct());
            int wrongPicks = picked.size() - hits.size();
            double score = Math.max(0, (hits.size() - wrongPicks) / (double) multiple.correct().size());
            boolean right = picked.equals(multiple.correct());
            String answer = multiple.correct().stream().sorted().map(index -> label(question, index)).collect(Collectors.joining("; "));
            return new Grade(score, right, (right ? "Right: " : "The answer is ") + answer);
        }
        if (key instanceof AnswerKey.Numeric numeric) {
            double value = expect(response, Response.Number.class, question).value();
            boolean right = Math.abs(value - numeric.value()) <= numeric.tolerance() + 1e-9;
            return new Grade(right ? 1 : 0, right, (right ? "Right: " : "The answer is ") + formatNumber(numeric.value())
                    + unitSuffix(numeric.unit()) + " (accepted within +-" + formatNumber(numeric.tolerance()) + unitSuffix(numeric.unit()) + ")");
        }
        if (key instanceof AnswerKey.Ordering ordering) {
            List<Integer> given = expect(response, Response.Order.class, question).order();
            boolean right = given.equals(ordering.order());
            return new Grade(right ? 1 : orderedPairsShare(ordering.order(), given), right,
                    (right ? "Right: " : "The order is ") + ordering.order().stream().map(Grader::letter).collect(Collectors.joining(" ")));
        }
        AnswerKey.Open open = (AnswerKey.Open) key;
        Set<Integer> met = expect(response, Response.Open.class, question).rubricPointsMet();
        long valid = met.stream().filter(index -> index >= 0 && index < open.rubric().size()).count();
        double score = valid / (double) open.rubric().size();
        boolean right = score >= OPEN_PASS_SHARE - 1e-9;
        return new Grade(score, right, "You covered " + valid + " of " + open.rubric().size() + " rubric points");
    }

    /** The share of option pairs the learner put in the right relative order (0.5 for a random order, on average). */
    private static double orderedPairsShare(List<Integer> key, List<Integer> given) {
        if (given.size() != key.size() || !new HashSet<>(given).equals(new HashSet<>(key))) {
            return 0;
        }
        int pairs = 0;
        int agreeing = 0;
        for (int i = 0; i < key.size(); i++) {
            for (int j = i + 1; j < key.size(); j++) {
                pairs++;
                if (given.indexOf(key.get(i)) < given.indexOf(key.get(j))) {
                    agreeing++;
                }
            }
        }
        return agreeing / (double) pairs;
    }

    private static <R extends Response> R expect(Response response, Class<R> shape, Question question) {
        if (!shape.isInstance(response)) {
            throw new IllegalArgumentException("question " + question.id() + " (" + question.kindName() + ") cannot grade a "
                    + response.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " response");
        }
        return shape.cast(response);
    }

    static String letter(int index) {
        return String.valueOf((char) ('a' + index));
    }

    private static String label(Question question, int index) {
        return letter(index) + ") " + question.options().get(index);
    }

    static String formatNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value, new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String unitSuffix(String unit) {
        return unit.isEmpty() ? "" : (unit.equals("%") ? "%" : " " + unit);
    }
}
