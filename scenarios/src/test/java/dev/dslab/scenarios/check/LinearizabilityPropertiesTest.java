package dev.dslab.scenarios.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class LinearizabilityPropertiesTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(10));

    @Property(tries = 200)
    void historiesOfAnAtomicRegisterAreAccepted(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int clients,
            @ForAll @IntRange(min = 1, max = 3) int keys,
            @ForAll @IntRange(min = 1, max = 120) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        List<Operation> history = SimulatedRegister.history(new Random(seed), clients, keys, operations, indeterminate);

        CheckResult result = checker.check(history);

        assertThat(result.verdict()).as("%s", history).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Property(tries = 200)
    void anInjectedStaleReadIsRejected(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int clients,
            @ForAll @IntRange(min = 1, max = 3) int keys,
            @ForAll @IntRange(min = 30, max = 120) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        Random random = new Random(seed);
        List<Operation> history = new ArrayList<>(
                SimulatedRegister.history(random, clients, keys, operations, indeterminate));
        Optional<Operation> injected = injectStaleRead(history, random);
        Assume.that(injected.isPresent());

        CheckResult result = checker.check(history);

        assertThat(result.verdict()).as("%s", history).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).extracting(Violation::key).contains(injected.get().key());
    }

    /**
     * Replaces one acknowledged read R with a read of the value of an acknowledged write W, where another
     * acknowledged write or compare-and-set W2 started after W completed and completed before R started.
     * Values are unique, so no linearization can put R between W and W2.
     */
    private static Optional<Operation> injectStaleRead(List<Operation> history, Random random) {
        List<int[]> candidates = new ArrayList<>();
        for (int r = 0; r < history.size(); r++) {
            Operation read = history.get(r);
            if (read.kind() != Operation.Kind.READ || read.outcome() != Operation.Outcome.OK) {
                continue;
            }
            for (int w = 0; w < history.size(); w++) {
                Operation write = history.get(w);
                if (write.kind() != Operation.Kind.WRITE || write.outcome() != Operation.Outcome.OK
                        || !write.key().equals(read.key()) || write.value().equals(read.value())) {
                    continue;
                }
                boolean overwritten = history.stream().anyMatch(later ->
                        later.key().equals(read.key()) && later.outcome() == Operation.Outcome.OK
                                && later.kind() != Operation.Kind.READ
                                && later.invokeNanos() > write.completeNanos()
                                && later.completeNanos() < read.invokeNanos());
                if (overwritten) {
                    candidates.add(new int[] {r, w});
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int[] pick = candidates.get(random.nextInt(candidates.size()));
        Operation read = history.get(pick[0]);
        Operation stale = Operation.read(read.client(), read.key(), history.get(pick[1]).value(),
                read.invokeNanos(), read.completeNanos(), Operation.Outcome.OK);
        history.set(pick[0], stale);
        return Optional.of(stale);
    }
}
