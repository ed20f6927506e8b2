package dev.dslab.scenarios.check;

import java.time.Duration;
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
        for (int run = 1; run <= 3; run++) {
            report("run " + run + ": 100,000 ops, 1,000 keys, 16 clients          ", checker.check(wide));
            report("run " + run + ": 2,000 ops, 1 hot key, 8 clients, 5 % indeterminate", checker.check(hot));
        }
    }

    private static void report(String label, CheckResult result) {
        System.out.printf("%s  %-16s %6d ms%n", label, result.verdict(), result.elapsed().toMillis());
    }
}
