package dev.dslab.scenarios.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.check.LostUpdateChecker.Add;
import dev.dslab.scenarios.check.LostUpdateChecker.CounterFinding;
import dev.dslab.scenarios.check.LostUpdateChecker.CounterResult;
import dev.dslab.scenarios.check.LostUpdateChecker.Increment;
import dev.dslab.scenarios.check.LostUpdateChecker.SetResult;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LostUpdatePropertiesTest {

    private final LostUpdateChecker checker = new LostUpdateChecker();

    private static Outcome outcome(Random random) {
        double dice = random.nextDouble();
        return dice < 0.8 ? Outcome.OK : dice < 0.9 ? Outcome.INDETERMINATE : Outcome.FAIL;
    }

    /** A counter applies every acknowledged increment, some indeterminate ones, then drops {@code lost} acknowledged ones. */
    @Property(tries = 300)
    void aCounterIsFlaggedExactlyWhenMoreWasDroppedThanIndeterminateIncrementsCanHide(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int increments,
            @ForAll @IntRange(min = 0, max = 20) int lost) {
        Random random = new Random(seed);
        List<Increment> history = new ArrayList<>();
        long applied = 0;
        int acknowledged = 0;
        for (int i = 0; i < increments; i++) {
            Increment increment = new Increment(i % 8, 1, outcome(random));
            history.add(increment);
            if (increment.outcome() == Outcome.OK) {
                applied++;
                acknowledged++;
            } else if (increment.outcome() == Outcome.INDETERMINATE && random.nextBoolean()) {
                applied++;
            }
        }
        int dropped = Math.min(lost, acknowledged);
        long hidden = applied - acknowledged;

        CounterResult result = checker.checkCounter(history, applied - dropped);

        if (dropped > hidden) {
            assertThat(result.finding()).isEqualTo(CounterFinding.LOST_UPDATES);
            assertThat(result.lostAtLeast()).isEqualTo(dropped - hidden);
            assertThat(result.lostAtMost()).isGreaterThanOrEqualTo(dropped);
        } else {
            assertThat(result.finding()).isEqualTo(CounterFinding.CONSISTENT);
        }
    }

    @Property(tries = 300)
    void aSetReadFindsEveryDroppedAndEveryInventedElement(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 500) int adds,
            @ForAll @IntRange(min = 0, max = 20) int lost, @ForAll @IntRange(min = 0, max = 5) int invented) {
        Random random = new Random(seed);
        List<Add> history = new ArrayList<>();
        Set<String> finalRead = new HashSet<>();
        Set<String> recovered = new HashSet<>();
        for (int i = 0; i < adds; i++) {
            Add add = new Add(i % 8, Integer.toString(i), outcome(random));
            history.add(add);
            if (add.outcome() == Outcome.OK || add.outcome() == Outcome.INDETERMINATE && random.nextBoolean()) {
                finalRead.add(add.element());
                if (add.outcome() == Outcome.INDETERMINATE) {
                    recovered.add(add.element());
                }
            }
        }
        Set<String> droppedOk = new HashSet<>();
        for (Add add : history) {
            if (droppedOk.size() < lost && add.outcome() == Outcome.OK && random.nextBoolean()) {
                droppedOk.add(add.element());
                finalRead.remove(add.element());
            }
        }
        Set<String> inventedElements = new HashSet<>();
        for (int i = 0; i < invented; i++) {
            inventedElements.add("never-" + i);
        }
        finalRead.addAll(inventedElements);

        SetResult result = checker.checkSet(history, finalRead);

        assertThat(result.lost()).containsExactlyInAnyOrderElementsOf(droppedOk);
        assertThat(result.unexpected()).containsExactlyInAnyOrderElementsOf(inventedElements);
        assertThat(result.recovered()).containsExactlyInAnyOrderElementsOf(recovered);
        assertThat(result.failedButPresent()).isEmpty();
        assertThat(result.valid()).isEqualTo(droppedOk.isEmpty() && invented == 0);
    }
}
