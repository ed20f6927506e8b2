package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.scenarios.check.LostUpdateChecker.Add;
import dev.dslab.scenarios.check.LostUpdateChecker.Increment;
import dev.dslab.scenarios.history.EdnExporter;
import dev.dslab.scenarios.history.HistoryReader;
import dev.dslab.scenarios.history.HistoryWriter;
import dev.dslab.scenarios.history.RecordedOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Prints how long the checkers take on the histories the closing note quotes, and what the history file
 * costs for the 100,000-operation one.
 */
public final class CheckerBench {

    private static final String WIDE = "100,000 ops, 1,000 keys, 16 clients";

    private CheckerBench() {
    }

    public static void main(String[] args) throws IOException {
        LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(30));
        List<Operation> wide = SimulatedRegister.history(new Random(1), 16, 1_000, 100_000, 0.0);
        List<Operation> hot = SimulatedRegister.history(new Random(2), 8, 1, 2_000, 0.05);
        List<Operation> hotStale = new ArrayList<>(hot);
        SimulatedRegister.injectStaleRead(hotStale, new Random(3)).orElseThrow();
        List<Increment> increments = new ArrayList<>();
        List<Add> adds = new ArrayList<>();
        List<String> finalSet = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Operation.Outcome outcome = i % 50 == 0 ? Operation.Outcome.INDETERMINATE : Operation.Outcome.OK;
            increments.add(new Increment(i % 16, 1, outcome));
            adds.add(new Add(i % 16, Integer.toString(i), outcome));
            if (i % 1_000 != 1) {
                finalSet.add(Integer.toString(i));
            }
        }
        List<RecordedOp> recorded = new ArrayList<>(wide.size());
        for (Operation op : wide) {
            recorded.add(new RecordedOp(recorded.size(), op.client(), op.kind().name().toLowerCase(), op.key(),
                    op.value(), op.expected(), "strong", op.invokeNanos(), op.completeNanos(), op.outcome(), null));
        }
        Path file = Files.createTempFile("dslab-bench-history", ".jsonl");
        try {
            for (int run = 1; run <= 3; run++) {
                report(run, WIDE, checker.check(wide));
                report(run, "2,000 ops, 1 hot key, 8 clients, 5 % indeterminate", checker.check(hot));
                report(run, "the same hot key with one injected stale read", checker.check(hotStale));
                time(run, "staleness: " + WIDE, () -> {
                    StalenessReport staleness = new StalenessChecker().check(wide);
                    return staleness.readCount() + " reads, " + staleness.staleCount() + " stale";
                });
                time(run, "staleness: the hot key with the stale read", () -> {
                    StalenessReport staleness = new StalenessChecker().check(hotStale);
                    return staleness.readCount() + " reads, " + staleness.staleCount() + " stale";
                });
                time(run, "sessions: " + WIDE, () -> new SessionChecker().check(wide).violations().size() + " violations");
                time(run, "lost updates: 100,000 increments, 2 % indeterminate",
                        () -> new LostUpdateChecker().checkCounter(increments, 97_900).finding().toString());
                time(run, "lost updates: 100,000 set adds, 2 % indeterminate",
                        () -> new LostUpdateChecker().checkSet(adds, finalSet).lost().size() + " lost");
                Files.deleteIfExists(file);
                time(run, "history: write the 100,000 ops as JSONL, flushed per op", () -> {
                    try (HistoryWriter writer = new HistoryWriter(file)) {
                        recorded.forEach(writer::append);
                        return Files.size(file) / 1024 + " KiB";
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                time(run, "history: read it back", () -> {
                    try {
                        return HistoryReader.read(file).ops().size() + " ops";
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                time(run, "history: export it as Jepsen EDN", () -> EdnExporter.toEdn(recorded).length() / 1024 + " KiB");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void report(int run, String label, CheckResult result) {
        System.out.printf("run %d: %-58s %-22s %6d ms%n", run, label, result.verdict(), result.elapsed().toMillis());
    }

    private static void time(int run, String label, Supplier<String> work) {
        long start = System.nanoTime();
        String outcome = work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("run %d: %-58s %-22s %6d ms%n", run, label, outcome, millis);
    }
}
