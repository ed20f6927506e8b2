package dev.dslab.consensus.kv;

import dev.dslab.consensus.harness.MainArguments;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the key-value scenarios on the reference Raft and prints one line per scenario and seed (or only the
 * failures with several seeds), then the totals the bench quotes: client operations per second of wall time
 * and of simulated time, and what the linearizability checks cost.
 * {@code RunKvScenarios [--seeds N] [--first-seed S] [--flaw no-dedup|local-reads] [--trace FILE] [scenario or part ...]};
 * {@code --trace} runs one scenario on one seed keeping every event, and writes them as JSON lines.
 */
public final class RunKvScenarios {

    private static final MainArguments ARGS = new MainArguments("RunKvScenarios [--seeds N] [--first-seed S] [--flaw no-dedup|local-reads] [--trace FILE] [scenario or part ...]");

    private RunKvScenarios() {
    }

    public static void main(String[] args) {
        int seeds = 1;
        long firstSeed = 1;
        Set<KvFlaw> flaws = EnumSet.noneOf(KvFlaw.class);
        List<KvScenario> scenarios = new ArrayList<>();
        java.nio.file.Path traceFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trace" -> traceFile = java.nio.file.Path.of(ARGS.value(args, ++i, "--trace"));
                case "--seeds" -> seeds = (int) ARGS.number(ARGS.value(args, ++i, "--seeds"), "--seeds", 1, 1_000_000);
                case "--first-seed" -> firstSeed = ARGS.number(ARGS.value(args, ++i, "--first-seed"), "--first-seed", 0, Long.MAX_VALUE / 2);
                case "--flaw" -> {
                    try {
                        flaws.add(KvFlaw.parse(ARGS.value(args, ++i, "--flaw")));
                    } catch (IllegalArgumentException e) {
                        ARGS.usage(e.getMessage());
                    }
                }
                default -> {
                    String name = args[i];
                    List<KvScenario> part = KvScenarios.all().stream().filter(s -> s.part().equals(name.toUpperCase(Locale.ROOT))).toList();
                    if (!part.isEmpty()) {
                        scenarios.addAll(part);
                    } else {
                        scenarios.add(KvScenarios.named(name).orElseGet(() -> {
                            ARGS.usage("unknown scenario or part '" + name + "'; parts 4A 4B, scenarios "
                                    + KvScenarios.all().stream().map(KvScenario::name).toList());
                            return null;
                        }));
                    }
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios = KvScenarios.all();
        }
        if (traceFile != null) {
            if (scenarios.size() != 1 || seeds != 1) {
                ARGS.usage("--trace records one run: name one scenario and at most one seed (--first-seed)");
            }
            writeTrace(flaws, scenarios.get(0), firstSeed, traceFile);
            return;
        }
        String service = flaws.isEmpty() ? "reference" : "flaw " + flaws.iterator().next().label();
        System.out.println("Key-value harness: " + service + " service on the reference Raft, " + scenarios.size()
                + " scenarios x " + seeds + " seeds from " + firstSeed);
        long started = System.nanoTime();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStarted = cpu.getCurrentThreadCpuTime();
        int passed = 0;
        int failed = 0;
        long simulated = 0;
        long ops = 0;
        long checked = 0;
        long checkNanos = 0;
        long maxCheckNanos = 0;
        for (KvScenario scenario : scenarios) {
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                KvHarness.Outcome outcome = KvHarness.run(ReferenceRaft.factory(), flaws, scenario, seed);
                simulated += outcome.simulatedMillis();
                ops += outcome.clientOps();
                checked += outcome.checkedOps();
                checkNanos += outcome.checkTime().toNanos();
                maxCheckNanos = Math.max(maxCheckNanos, outcome.checkTime().toNanos());
                if (outcome.passed()) {
                    passed++;
                    if (seeds == 1) {
                        System.out.println(outcome.report());
                    }
                } else {
                    failed++;
                    System.out.println(outcome.report());
                }
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (cpu.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        System.out.printf("%d passed, %d failed%n", passed, failed);
        System.out.printf("%,d client operations in %.1f s simulated, %.1f s of wall time, %.1f s of CPU: %,.0f ops/s of wall time, "
                + "%,.0f ops/s of CPU, %,.0f ops/s simulated%n", ops, simulated / 1000.0, wall, cpuSeconds, ops / wall, ops / cpuSeconds,
                ops / (simulated / 1000.0));
        System.out.printf("linearizability checks: %,d register operations in %.1f ms (%.1f %% of the wall time), slowest run %.1f ms%n",
                checked, checkNanos / 1e6, 100.0 * checkNanos / 1e9 / wall, maxCheckNanos / 1e6);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void writeTrace(Set<KvFlaw> flaws, KvScenario scenario, long seed, java.nio.file.Path file) {
        dev.dslab.consensus.sim.Trace trace = dev.dslab.consensus.sim.Trace.full();
        KvHarness.Outcome outcome = KvHarness.run(ReferenceRaft.factory(), flaws, scenario, seed, trace);
        MainArguments.writeTraceAndExit(outcome.report(), outcome.passed(), trace, file);
    }

}
