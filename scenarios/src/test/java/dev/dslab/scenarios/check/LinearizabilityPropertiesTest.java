package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.Verdict;
import dev.dslab.consensus.linearizability.Violation;
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

    @Property(tries = 500)
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

    @Property(tries = 500)
    void anInjectedStaleReadIsRejected(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int clients,
            @ForAll @IntRange(min = 1, max = 3) int keys,
            @ForAll @IntRange(min = 30, max = 120) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        Random random = new Random(seed);
        List<Operation> history = new ArrayList<>(
                SimulatedRegister.history(random, clients, keys, operations, indeterminate));
        Optional<Operation> injected = SimulatedRegister.injectStaleRead(history, random);
        Assume.that(injected.isPresent());

        CheckResult result = checker.check(history);

        assertThat(result.verdict()).as("%s", history).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).extracting(Violation::key).contains(injected.get().key());
    }
}
