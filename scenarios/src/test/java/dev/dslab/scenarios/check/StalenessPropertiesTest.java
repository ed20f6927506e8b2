package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class StalenessPropertiesTest {

    private final StalenessChecker checker = new StalenessChecker();

    @Property(tries = 300)
    void anAtomicRegisterNeverServesAStaleRead(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 4) int keys,
            @ForAll @IntRange(min = 1, max = 300) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate) {
        List<Operation> history = SimulatedRegister.history(new Random(seed), clients, keys, operations, indeterminate);

        StalenessReport report = checker.check(history);

        assertThat(report.staleReads()).as("%s", history).isEmpty();
        assertThat(report.unexplainedReads()).isEmpty();
        assertThat(report.readCount()).isEqualTo(history.stream()
                .filter(op -> op.kind() == Operation.Kind.READ && op.outcome() == Operation.Outcome.OK).count());
    }

    @Property(tries = 200)
    void everyInjectedStaleReadIsFound(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int clients,
            @ForAll @IntRange(min = 1, max = 4) int keys,
            @ForAll @IntRange(min = 30, max = 200) int operations,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double indeterminate,
            @ForAll @IntRange(min = 1, max = 5) int injections) {
        Random random = new Random(seed);
        List<Operation> history = new ArrayList<>(
                SimulatedRegister.history(random, clients, keys, operations, indeterminate));
        List<Operation> injected = new ArrayList<>();
        for (int i = 0; i < injections; i++) {
            Optional<Operation> stale = SimulatedRegister.injectStaleRead(history, random);
            stale.ifPresent(injected::add);
        }
        Assume.that(!injected.isEmpty());
        // a later injection may replace an earlier injected read (or inject the same one again): only
        // those still in the history count, once each
        injected.retainAll(history);
        List<Operation> expected = injected.stream().distinct().toList();

        StalenessReport report = checker.check(history);

        assertThat(report.staleReads()).extracting(ReadStaleness::read).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.staleReads()).allSatisfy(r -> assertThat(r.millisBehind()).isPositive());
    }
}
