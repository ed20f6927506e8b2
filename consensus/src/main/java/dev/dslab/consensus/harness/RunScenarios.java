package dev.dslab.consensus.harness;

import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.reference.Flaw;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import dev.dslab.consensus.sim.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the harness from the command line and prints one line per scenario and seed, a failure's report, and
 * the totals: {@code RunScenarios [--seeds N] [--first-seed S] [--flaw NAME] [--trace FILE] [scenario or stage ...]}.
 * {@code --trace} runs one scenario on one seed keeping every event, and writes them as JSON lines.
 */
public final class RunScenarios {

    private static final MainArguments ARGS = new MainArguments("RunScenarios [--seeds N] [--first-seed S] [--flaw NAME] [--trace FILE] [scenario or stage ...]");

    private RunScenarios() {
    }

    public static void main(String[] args) {
        int seeds = 1;
        long firstSeed = 1;
        RaftFactory factory = ReferenceRaft.factory();
        String implementation = "reference";
        List<Scenario> scenarios = new ArrayList<>();
        Path traceFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = (int) ARGS.number(ARGS.value(args, ++i, "--seeds"), "--seeds", 1, 1_000_000);
                case "--first-seed" -> firstSeed = ARGS.number(ARGS.value(args, ++i, "--first-seed"), "--first-seed", Long.MIN_VALUE, Long.MAX_VALUE);
                case "--trace" -> traceFile = Path.of(ARGS.value(args, ++i, "--trace"));
                case "--flaw" -> {
                    String name = ARGS.value(args, ++i, "--flaw");
                    Flaw flaw = Arrays.stream(Flaw.values()).filter(f -> f.name().equalsIgnoreCase(name.replace('-', '_')))
                            .findFirst().orElse(null);
                    if (flaw == null) {
                        ARGS.usage("unknown flaw '" + name + "'; flaws: " + Arrays.toString(Flaw.values()).toLowerCase(Locale.ROOT).replace('_', '-'));
                    }
                    factory = ReferenceRaft.withFlaws(flaw);
                    implementation = "reference with flaw " + flaw;
                }
                default -> {
                    List<Scenario> stage = Scenarios.stage(args[i].toUpperCase(Locale.ROOT));
                    if (!stage.isEmpty()) {
                        scenarios.addAll(stage);
                    } else {
                        String name = args[i];
                        scenarios.add(Scenarios.named(name).orElseGet(() -> {
                            ARGS.usage("unknown scenario or stage '" + name + "'; stages 3A 3B 3C 3D, scenarios "
                                    + Scenarios.all().stream().map(Scenario::name).toList());
                            return null;
                        }));
                    }
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios = Scenarios.all();
        }
        if (traceFile != null) {
            if (scenarios.size() != 1 || seeds != 1) {
                ARGS.usage("--trace records one run: name one scenario and at most one seed (--first-seed)");
            }
            writeTrace(factory, scenarios.get(0), firstSeed, traceFile);
            return;
        }
        System.out.println("Raft harness: " + implementation + ", " + scenarios.size() + " scenarios x " + seeds + " seeds from " + firstSeed);
        long started = System.nanoTime();
        int passed = 0;
        int failed = 0;
        long simulated = 0;
        long events = 0;
        for (Scenario scenario : scenarios) {
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                Outcome outcome = Harness.run(factory, scenario, seed);
                simulated += outcome.simulatedMillis();
                events += outcome.events();
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
        System.out.printf("%d passed, %d failed%n", passed, failed);
        System.out.printf("%.1f s simulated and %d events in %.1f s of wall time%n", simulated / 1000.0, events, wall);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static void writeTrace(RaftFactory factory, Scenario scenario, long seed, Path file) {
        Trace trace = Trace.full();
        Outcome outcome = Harness.run(factory, scenario, seed, Cluster.STEP_BUDGET, trace);
        MainArguments.writeTraceAndExit(outcome.report(), outcome.passed(), trace, file);
    }

}
