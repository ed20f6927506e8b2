package dev.dslab.consensus.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linearizability checker for register histories (read, write, compare-and-set).
 *
 * <p>Keys are independent registers, so the history is split by key and each key is checked on its own
 * (P-compositionality: a history is linearizable iff every key's sub-history is). Each key is searched
 * with the Wing-Gong-Lowe algorithm with Lowe's memoization as in Porcupine: invocations and completions
 * form one time-ordered list; the search linearizes an invoked operation whose step is legal, lifts it out
 * of the list, and backtracks when it meets a completion (that operation could not be placed before it
 * returned). A cache of (linearized set, register value) pairs prunes configurations already explored.
 *
 * <p>Indeterminate operations never complete (their completion is at infinity) and may take effect or
 * not: the search tries both. Indeterminate reads constrain nothing and are dropped, failed operations
 * never took effect and are dropped, and an indeterminate write or compare-and-set whose new value no
 * read returns and no compare-and-set expects is dropped too: in any linearization such an operation is
 * followed directly by another write or by the end (nothing can observe its value), so removing it keeps
 * the linearization legal, and its "no effect" branch would be taken anyway.
 *
 * <p>The budget is shared by all keys; the deadline is checked inside the search loop, so a check never
 * runs much longer than its budget. Keys not decided in time are UNKNOWN.
 */
public final class LinearizabilityChecker {

    private static final int DEADLINE_CHECK_INTERVAL = 256;

    private final Duration budget;
    private final String initialValue;

    /** A checker for registers that start absent ({@code null}). */
    public LinearizabilityChecker(Duration budget) {
        this(budget, null);
    }

    public LinearizabilityChecker(Duration budget, String initialValue) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the time budget must be positive: " + budget);
        }
        this.budget = budget;
        this.initialValue = initialValue;
    }

    public CheckResult check(List<Operation> history) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        Map<String, KeyResult> results = new HashMap<>();
        for (var entry : byKey.entrySet()) {
            results.put(entry.getKey(), new KeySearch(entry.getKey(), entry.getValue(), deadline).run());
        }
        return new CheckResult(overall(results.values()), results, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Verdict overall(Iterable<KeyResult> results) {
        Verdict verdict = Verdict.LINEARIZABLE;
        for (KeyResult result : results) {
            if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
                return Verdict.NOT_LINEARIZABLE;
            }
            if (result.verdict() == Verdict.UNKNOWN) {
                verdict = Verdict.UNKNOWN;
            }
        }
        return verdict;
    }

    /** Keeps what can constrain the search; see the class comment for why each drop is sound. */
    private static List<Operation> relevant(List<Operation> ops) {
        Set<String> observed = new HashSet<>();
        for (Operation op : ops) {
            if (op.outcome() == Operation.Outcome.OK && op.kind() == Operation.Kind.READ) {
                observed.add(op.value());
            }
            if (op.outcome() != Operation.Outcome.FAIL && op.kind() == Operation.Kind.CAS) {
                observed.add(op.expected());
            }
        }
        List<Operation> kept = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            boolean keep = switch (op.outcome()) {
                case OK -> true;
                case FAIL -> false;
                case INDETERMINATE -> op.kind() != Operation.Kind.READ && observed.contains(op.value());
            };
            if (keep) {
                kept.add(op);
            }
        }
        return kept;
    }

    private static final class Entry {
        final boolean call;
        final long time;
        final int op;
        Entry match;
        Entry prev;
        Entry next;

        Entry(boolean call, long time, int op) {
            this.call = call;
            this.time = time;
            this.op = op;
        }
    }

    private record Configuration(long[] linearized, int state, int hash) {
        Configuration(long[] linearized, int state) {
            this(linearized, state, 31 * Arrays.hashCode(linearized) + state);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Configuration c && c.hash == hash && c.state == state
                    && Arrays.equals(c.linearized, linearized);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final class KeySearch {
        private static final int ILLEGAL = -1;

        private final String key;
        private final long deadline;
        private final Operation[] ops;
        /** Register values interned: the search state is an index into this list. */
        private final List<String> values = new ArrayList<>();
        private final Map<String, Integer> valueIds = new HashMap<>();
        private final int[] valueOf;
        private final int[] expectedOf;

        private int bestDepth = -1;
        private Violation deepest;

        KeySearch(String key, List<Operation> history, long deadline) {
            this.key = key;
            this.deadline = deadline;
            this.ops = relevant(history).toArray(Operation[]::new);
            this.valueOf = new int[ops.length];
            this.expectedOf = new int[ops.length];
            intern(initialValue);
            for (int i = 0; i < ops.length; i++) {
                valueOf[i] = intern(ops[i].value());
                expectedOf[i] = intern(ops[i].expected());
            }
        }

        private int intern(String value) {
            return valueIds.computeIfAbsent(value, v -> {
                values.add(v);
                return values.size() - 1;
            });
        }

        private int alternatives(int op) {
            return ops[op].outcome() == Operation.Outcome.INDETERMINATE ? 2 : 1;
        }

        /** The register value after {@code op} runs on {@code state}; alternative 1 is "never took effect". */
        private int step(int op, int state, int alternative) {
            if (alternative == 1) {
                return state;
            }
            return switch (ops[op].kind()) {
                case READ -> state == valueOf[op] ? state : ILLEGAL;
                case WRITE -> valueOf[op];
                case CAS -> state == expectedOf[op] ? valueOf[op] : ILLEGAL;
            };
        }

        KeyResult run() {
            Verdict verdict = search();
            return new KeyResult(key, verdict, ops.length,
                    verdict == Verdict.NOT_LINEARIZABLE ? java.util.Optional.of(deepest) : java.util.Optional.empty());
        }

        private Entry buildEntries() {
            List<Entry> entries = new ArrayList<>(2 * ops.length);
            for (int i = 0; i < ops.length; i++) {
                Entry call = new Entry(true, ops[i].invokeNanos(), i);
                Entry ret = new Entry(false, ops[i].effectiveCompleteNanos(), i);
                call.match = ret;
                entries.add(call);
                entries.add(ret);
            }
            // at equal times invocations go first: operations that touch are concurrent
            entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> !e.call));
            Entry head = new Entry(true, Long.MIN_VALUE, -1);
            Entry last = head;
            for (Entry e : entries) {
                last.next = e;
                e.prev = last;
                last = e;
            }
            return head;
        }

        private Verdict search() {
            Entry head = buildEntries();
            long[] linearized = new long[(ops.length + 63) / 64];
            Set<Configuration> explored = new HashSet<>();
            Entry[] stackEntry = new Entry[ops.length];
            int[] stackState = new int[ops.length];
            int[] stackAlternative = new int[ops.length];
            int depth = 0;
            int state = 0;
            int firstAlternative = 0;
            long iterations = 0;
            Entry entry = head.next;
            while (head.next != null) {
                if (++iterations % DEADLINE_CHECK_INTERVAL == 0 && System.nanoTime() - deadline > 0) {
                    return Verdict.UNKNOWN;
                }
                if (entry.call) {
                    int op = entry.op;
                    int next = ILLEGAL;
                    int alternative = firstAlternative;
                    firstAlternative = 0;
                    for (; alternative < alternatives(op); alternative++) {
                        int candidate = step(op, state, alternative);
                        if (candidate == ILLEGAL) {
                            continue;
                        }
                        long[] after = linearized.clone();
                        after[op >>> 6] |= 1L << op;
                        if (explored.add(new Configuration(after, candidate))) {
                            next = candidate;
                            break;
                        }
                    }
                    if (next != ILLEGAL) {
                        stackEntry[depth] = entry;
                        stackState[depth] = state;
                        stackAlternative[depth] = alternative;
                        depth++;
                        state = next;
                        linearized[op >>> 6] |= 1L << op;
                        lift(entry);
                        entry = head.next;
                    } else {
                        entry = entry.next;
                    }
                } else {
                    recordDeadEnd(entry, depth, state, stackEntry);
                    if (depth == 0) {
                        return Verdict.NOT_LINEARIZABLE;
                    }
                    depth--;
                    Entry undone = stackEntry[depth];
                    state = stackState[depth];
                    firstAlternative = stackAlternative[depth] + 1;
                    linearized[undone.op >>> 6] &= ~(1L << undone.op);
                    unlift(undone);
                    entry = undone;
                }
            }
            return Verdict.LINEARIZABLE;
        }

        private void recordDeadEnd(Entry blocked, int depth, int state, Entry[] stackEntry) {
            if (depth <= bestDepth) {
                return;
            }
            bestDepth = depth;
            List<Operation> prefix = new ArrayList<>(depth);
            for (int i = 0; i < depth; i++) {
                prefix.add(ops[stackEntry[i].op]);
            }
            Operation blockedOp = ops[blocked.op];
            List<Operation> concurrent = new ArrayList<>();
            for (int i = 0; i < ops.length; i++) {
                if (i != blocked.op && ops[i].invokeNanos() <= blockedOp.effectiveCompleteNanos()
                        && ops[i].effectiveCompleteNanos() >= blockedOp.invokeNanos()) {
                    concurrent.add(ops[i]);
                }
            }
            deepest = new Violation(key, prefix, values.get(state), blockedOp, concurrent);
        }

        private static void lift(Entry call) {
            call.prev.next = call.next;
            call.next.prev = call.prev;
            Entry ret = call.match;
            ret.prev.next = ret.next;
            if (ret.next != null) {
                ret.next.prev = ret.prev;
            }
        }

        private static void unlift(Entry call) {
            Entry ret = call.match;
            ret.prev.next = ret;
            if (ret.next != null) {
                ret.next.prev = ret;
            }
            call.prev.next = call;
            call.next.prev = call;
        }
    }
}
