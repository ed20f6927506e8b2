package dev.dslab.scenarios.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Prints how long the linearizability checker takes on the two histories the closing note quotes. */
public final class CheckerBench {

    private CheckerBench() {
    }

    public static void main(String[] args) {
        LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(30));
        List<Operation> wide = SimulatedRegister.history(new Random(1), 16, 1_000, 100_000, 0.0);
        List<Operation> hot = SimulatedRegister.history(new Random(2), 8, 1, 2_000, 0.05);
        List<Operation> hotStale = new ArrayList<>(hot);
        SimulatedRegister.injectStaleRead(hotStale, new Random(3)).orElseThrow();
        for (int run = 1; run <= 3; run++) {
            report(run, "100,000 ops, 1,000 keys, 16 clients", checker.check(wide));
            report(run, "2,000 ops, 1 hot key, 8 clients, 5 % indeterminate", checker.check(hot));
            report(run, "the same hot key with one injected stale read", checker.check(hotStale));
        }
    }

    private static void report(int run, String label, CheckResult result) {
        System.out.printf("run %d: %-52s %-16s %6d ms%n", run, label, result.verdict(), result.elapsed().toMillis());
    }
}
