package dev.dslab.curriculum.question;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The right answer of a question; its kind decides how a response is read and graded. */
public sealed interface AnswerKey {

    /** A short name of the kind, for the learner: what shape of answer is expected. */
    String kindName();

    /** Exactly one option is right (index into the question's options). */
    record SingleChoice(int correct) implements AnswerKey {
        @Override
        public String kindName() {
            return "single choice";
        }
    }

    /** Every option in {@code correct} must be picked and no other. */
    record MultipleChoice(Set<Integer> correct) implements AnswerKey {
        public MultipleChoice {
            correct = Set.copyOf(correct);
            if (correct.isEmpty()) {
                throw new IllegalArgumentException("a multiple-choice key needs at least one correct option");
            }
        }

        @Override
        public String kindName() {
            return "multiple choice";
        }
    }

    /** A number, right within {@code tolerance} (absolute, in {@code unit}). */
    record Numeric(double value, double tolerance, String unit) implements AnswerKey {
        public Numeric {
            Objects.requireNonNull(unit, "unit (use \"\" for a plain number)");
            if (!Double.isFinite(value) || !(tolerance >= 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("a numeric key needs a finite value and a finite tolerance >= 0");
            }
        }

        @Override
        public String kindName() {
            return "number";
        }
    }

    /** The options in the right order, as option indexes. */
    record Ordering(List<Integer> order) implements AnswerKey {
        public Ordering {
            order = List.copyOf(order);
        }

        @Override
        public String kindName() {
            return "ordering";
        }
    }

    /** An open (explain-why) question: the learner compares their answer with the model answer, point by point. */
    record Open(String modelAnswer, List<String> rubric) implements AnswerKey {
        public Open {
            Objects.requireNonNull(modelAnswer, "modelAnswer");
            rubric = List.copyOf(rubric);
            if (modelAnswer.isBlank() || rubric.isEmpty()) {
                throw new IllegalArgumentException("an open question needs a model answer and at least one rubric point");
            }
        }

        @Override
        public String kindName() {
            return "open";
        }
    }
}
