package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Histories of a real atomic register under random concurrency, for tests and benchmarks of the checkers.
 *
 * <p>Each client runs one operation at a time on a random key. An operation takes effect at one random
 * instant between its invocation and completion, and the register applies operations in the order of
 * those instants, so the recorded history is linearizable by construction. Some operations are turned
 * indeterminate: the client gives up at the completion time, and the operation takes effect (later, up to
 * three durations after its invocation) or never, by a coin toss. Every write and compare-and-set writes a
 * value no other operation writes.
 */
public final class SimulatedRegister {

    private SimulatedRegister() {
    }

    public static List<Operation> history(Random random, int clients, int keys, int operations,
                                          double indeterminateFraction) {
        record Planned(int client, String key, Operation.Kind kind, long invoke, long complete, long effect,
                       boolean indeterminate, boolean takesEffect) {
        }
        long[] clientFree = new long[clients];
        List<Planned> planned = new ArrayList<>(operations);
        for (int i = 0; i < operations; i++) {
            int client = i % clients;
            long invoke = clientFree[client] + random.nextInt(5_000);
            long duration = 1_000 + random.nextInt(20_000);
            long complete = invoke + duration;
            boolean indeterminate = random.nextDouble() < indeterminateFraction;
            long effect = invoke + (long) (random.nextDouble() * (indeterminate ? 3 * duration : duration));
            double dice = random.nextDouble();
            Operation.Kind kind = dice < 0.45 ? Operation.Kind.READ : dice < 0.85 ? Operation.Kind.WRITE : Operation.Kind.CAS;
            planned.add(new Planned(client, "k" + random.nextInt(keys), kind, invoke, complete, effect,
                    indeterminate, !indeterminate || random.nextBoolean()));
            clientFree[client] = complete;
        }
        planned.sort(Comparator.comparingLong(Planned::effect));
        Map<String, String> register = new HashMap<>();
        Map<String, List<String>> written = new HashMap<>();
        List<Operation> history = new ArrayList<>(operations);
        int nextValue = 0;
        for (Planned p : planned) {
            Operation.Outcome outcome = p.indeterminate() ? Operation.Outcome.INDETERMINATE : Operation.Outcome.OK;
            String current = register.get(p.key());
            List<String> earlier = written.computeIfAbsent(p.key(), k -> new ArrayList<>());
            Operation op = switch (p.kind()) {
                case READ -> Operation.read(p.client(), p.key(), p.indeterminate() ? null : current,
                        p.invoke(), p.complete(), outcome);
                case WRITE -> {
                    String value = "v" + nextValue++;
                    if (p.takesEffect()) {
                        register.put(p.key(), value);
                        earlier.add(value);
                    }
                    yield Operation.write(p.client(), p.key(), value, p.invoke(), p.complete(), outcome);
                }
                case CAS -> {
                    String value = "v" + nextValue++;
                    boolean expectCurrent = earlier.isEmpty() || random.nextDouble() < 0.7;
                    String expected = expectCurrent ? current : earlier.get(random.nextInt(earlier.size()));
                    boolean swaps = p.takesEffect() && java.util.Objects.equals(expected, current);
                    if (swaps) {
                        register.put(p.key(), value);
                        earlier.add(value);
                    }
                    Operation.Outcome casOutcome = p.indeterminate() || swaps ? outcome : Operation.Outcome.FAIL;
                    yield Operation.cas(p.client(), p.key(), expected, value, p.invoke(), p.complete(), casOutcome);
                }
            };
            history.add(op);
        }
        history.sort(Comparator.comparingLong(Operation::invokeNanos));
        return history;
    }

    /**
     * Replaces one acknowledged read R with a read of the value of an acknowledged write W, where another
     * acknowledged write or compare-and-set W2 started after W completed and completed before R started.
     * Values are unique, so no linearization can put R between W and W2. Returns the new read, or empty
     * when the history holds no such triple (the list is then unchanged).
     */
    public static Optional<Operation> injectStaleRead(List<Operation> history, Random random) {
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
