package dev.dslab.curriculum.question;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What the learner answered. */
public sealed interface Response {

    /** Picked options (one for single choice). */
    record Choices(Set<Integer> picked) implements Response {
        public Choices {
            picked = Set.copyOf(picked);
        }
    }

    record Number(double value) implements Response {
    }

    /** Option indexes in the order the learner put them. */
    record Order(List<Integer> order) implements Response {
        public Order {
            order = List.copyOf(order);
        }
    }

    /** An open answer and the rubric points (indexes) the learner says it covers, after reading the model answer. */
    record Open(String text, Set<Integer> rubricPointsMet) implements Response {
        public Open {
            Objects.requireNonNull(text, "text");
            rubricPointsMet = Set.copyOf(rubricPointsMet);
        }
    }
}
