package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Lost updates in the two histories Jepsen uses for them: a counter (increments, then a final read) and a
 * set (each add a unique element, then a final read of the whole set). An acknowledged update must show
 * in the final read; a failed one must not; an indeterminate one may or may not.
 */
public final class LostUpdateChecker {

    /** One attempt to add {@code delta} to the counter. */
    public record Increment(int client, long delta, Outcome outcome) {
        public Increment {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** One attempt to add {@code element} to the set; elements are unique across the history. */
    public record Add(int client, String element, Outcome outcome) {
        public Add {
            Objects.requireNonNull(element, "element");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    public enum CounterFinding {
        /** The final value is one the applied updates can explain. */
        CONSISTENT,
        /** The final value is below what the acknowledged increments (plus any indeterminate ones) sum to. */
        LOST_UPDATES,
        /** The final value is above what every increment that may have taken effect sums to. */
        PHANTOM_UPDATES
    }

    /**
     * The final counter value against the possible sums: at least {@code lowestPossible} (the acknowledged
     * sum plus every indeterminate decrement), at most {@code highestPossible} (plus every indeterminate
     * increment). With positive deltas only, {@code lowestPossible} is the acknowledged sum, and the lost
     * amount is between {@code lostAtLeast()} (if no indeterminate increment took effect) and
     * {@code lostAtMost()} (if all did).
     */
    public record CounterResult(long finalValue, long acknowledgedSum, long lowestPossible, long highestPossible,
                                int acknowledged, int indeterminate, int failed, boolean unitDeltas) {

        public CounterFinding finding() {
            if (finalValue < lowestPossible) {
                return CounterFinding.LOST_UPDATES;
            }
            return finalValue > highestPossible ? CounterFinding.PHANTOM_UPDATES : CounterFinding.CONSISTENT;
        }

        public long lostAtLeast() {
            return Math.max(0, lowestPossible - finalValue);
        }

        public long lostAtMost() {
            return Math.max(0, highestPossible - finalValue);
        }

        public long phantom() {
            return Math.max(0, finalValue - highestPossible);
        }

        @Override
        public String toString() {
            String unit = unitDeltas ? " updates" : "";
            String range = lowestPossible == highestPossible
                    ? "expected " + acknowledgedSum
                    : "expected " + lowestPossible + " to " + highestPossible + " (" + indeterminate + " indeterminate)";
            return switch (finding()) {
                case LOST_UPDATES -> "lost " + (lostAtLeast() == lostAtMost() ? Long.toString(lostAtLeast())
                        : lostAtLeast() + " to " + lostAtMost()) + unit + ": final value " + finalValue + ", " + range;
                case PHANTOM_UPDATES -> "phantom updates: final value " + finalValue + " exceeds every possible sum by "
                        + phantom() + ", " + range;
                case CONSISTENT -> "no lost updates: final value " + finalValue + ", " + range;
            };
        }
    }

    /**
     * Jepsen's set checker's categories: {@code lost} acknowledged adds missing from the final read,
     * {@code unexpected} elements in the final read that no add attempted, {@code recovered} indeterminate
     * adds present, and {@code failedButPresent} adds that failed yet are present (a failure must mean
     * "did not happen"). {@code okCount} acknowledged adds present.
     */
    public record SetResult(SortedSet<String> lost, SortedSet<String> unexpected, SortedSet<String> recovered,
                            SortedSet<String> failedButPresent, int okCount, int attempted, int finalSize) {

        public SetResult {
            lost = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(lost));
            unexpected = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(unexpected));
            recovered = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(recovered));
            failedButPresent = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(failedButPresent));
        }

        public boolean valid() {
            return lost.isEmpty() && unexpected.isEmpty() && failedButPresent.isEmpty();
        }

        @Override
        public String toString() {
            return (valid() ? "valid" : "NOT valid") + ": " + attempted + " adds attempted, " + finalSize
                    + " elements read; lost " + lost.size() + " " + lost + ", unexpected " + unexpected.size() + " "
                    + unexpected + ", recovered " + recovered.size() + ", failed but present "
                    + failedButPresent.size() + " " + failedButPresent;
        }
    }

    public CounterResult checkCounter(List<Increment> increments, long finalValue) {
        long acknowledgedSum = 0;
        long indeterminateDown = 0;
        long indeterminateUp = 0;
        int acknowledged = 0;
        int indeterminate = 0;
        int failed = 0;
        boolean unitDeltas = true;
        for (Increment increment : increments) {
            switch (increment.outcome()) {
                case OK -> {
                    acknowledgedSum = Math.addExact(acknowledgedSum, increment.delta());
                    acknowledged++;
                }
                case INDETERMINATE -> {
                    if (increment.delta() < 0) {
                        indeterminateDown = Math.addExact(indeterminateDown, increment.delta());
                    } else {
                        indeterminateUp = Math.addExact(indeterminateUp, increment.delta());
                    }
                    indeterminate++;
                }
                case FAIL -> failed++;
            }
            if (increment.outcome() != Outcome.FAIL && increment.delta() != 1) {
                unitDeltas = false;
            }
        }
        return new CounterResult(finalValue, acknowledgedSum, acknowledgedSum + indeterminateDown,
                acknowledgedSum + indeterminateUp, acknowledged, indeterminate, failed, unitDeltas);
    }

    public SetResult checkSet(List<Add> adds, Collection<String> finalRead) {
        Set<String> present = new HashSet<>(finalRead);
        Set<String> attempted = new HashSet<>();
        Set<String> lost = new TreeSet<>();
        Set<String> recovered = new TreeSet<>();
        Set<String> failedButPresent = new TreeSet<>();
        int ok = 0;
        for (Add add : adds) {
            if (!attempted.add(add.element())) {
                throw new IllegalArgumentException("element " + add.element()
                        + " is added more than once; the set checker needs unique elements");
            }
            boolean there = present.contains(add.element());
            switch (add.outcome()) {
                case OK -> {
                    if (there) {
                        ok++;
                    } else {
                        lost.add(add.element());
                    }
                }
                case INDETERMINATE -> {
                    if (there) {
                        recovered.add(add.element());
                    }
                }
                case FAIL -> {
                    if (there) {
                        failedButPresent.add(add.element());
                    }
                }
            }
        }
        SortedSet<String> unexpected = new TreeSet<>(present);
        unexpected.removeAll(attempted);
        return new SetResult(new TreeSet<>(lost), unexpected, new TreeSet<>(recovered),
                new TreeSet<>(failedButPresent), ok, attempted.size(), present.size());
    }
}
