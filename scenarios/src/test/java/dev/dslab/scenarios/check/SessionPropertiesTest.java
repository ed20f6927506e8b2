package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.check.SessionViolation.Guarantee;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class SessionPropertiesTest {

    private final SessionChecker checker = new SessionChecker();

    @Property(tries = 300)
    void anAtomicRegisterKeepsEverySessionGuarantee(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 4) int keys,
            @ForAll @IntRange(min = 1, max = 300) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        List<Operation> history = SimulatedRegister.history(new Random(seed), clients, keys, operations, indeterminate);

        SessionReport report = checker.check(history);

        assertThat(report.violations()).as("%s", history).isEmpty();
    }

    /**
     * A simulated history plus, on a key of its own, the smallest pattern that breaks one guarantee, with
     * random gaps: the checker finds exactly that violation and names the pattern's operations.
     */
    @Property(tries = 300)
    void aConstructedViolationIsFound(
            @ForAll long seed,
            @ForAll Guarantee guarantee,
            @ForAll @IntRange(min = 1, max = 6) int clients,
            @ForAll @IntRange(min = 0, max = 200) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        Random random = new Random(seed);
        List<Operation> history = new ArrayList<>(
                SimulatedRegister.history(random, clients, 3, operations, indeterminate));
        long[] clock = {random.nextInt(1_000_000)};
        java.util.function.BiFunction<Integer, String, Operation> write = (client, value) ->
                Operation.write(client, "z", value, tick(random, clock), tick(random, clock), OK);
        java.util.function.BiFunction<Integer, String, Operation> read = (client, value) ->
                Operation.read(client, "z", value, tick(random, clock), tick(random, clock), OK);
        List<Operation> pattern = switch (guarantee) {
            case READ_YOUR_WRITES -> List.of(write.apply(2, "old"), write.apply(1, "mine"), read.apply(1, "old"));
            case MONOTONIC_READS -> List.of(write.apply(2, "first"), write.apply(3, "second"),
                    read.apply(1, "second"), read.apply(1, "first"));
            case MONOTONIC_WRITES -> List.of(write.apply(1, "w1"), write.apply(1, "w2"),
                    read.apply(2, "w2"), read.apply(3, "w1"));
        };
        history.addAll(pattern);

        SessionReport report = checker.check(history);

        assertThat(report.violations()).hasSize(1);
        assertThat(report.violations().get(0).guarantee()).isEqualTo(guarantee);
        assertThat(report.violations().get(0).operations()).containsExactlyInAnyOrderElementsOf(pattern);
    }

    private static long tick(Random random, long[] clock) {
        clock[0] += 1 + random.nextInt(50_000);
        return clock[0];
    }
}
