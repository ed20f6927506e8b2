package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Staleness of each acknowledged read of a register history whose writes write unique values: how many
 * versions, and how many milliseconds, the read was behind the latest acknowledged write.
 *
 * <p>Definition. Let read r be invoked at t, and let W be the writes and compare-and-sets of r's key
 * acknowledged (outcome OK) before t (completed strictly before t). If r returned the value of write v
 * (a write or compare-and-set, acknowledged or indeterminate), the writes that make r stale are those in
 * W that real-time-follow v: invoked strictly after v completed. If r returned the initial value, every
 * write in W follows it. Then
 * <ul>
 *   <li>versionsBehind = the number of those writes;</li>
 *   <li>millisBehind = t minus the earliest completion among them (0 when there are none): how long a
 *       newer value had been acknowledged when r was issued;</li>
 *   <li>time since the last write = t minus the latest completion in W (none when W is empty).</li>
 * </ul>
 * Writes concurrent with v never make r stale: a linearizable register may order them before v. An
 * indeterminate v completes at infinity, so nothing follows it. Indeterminate writes are never in W: they
 * were not acknowledged. Failed operations and indeterminate or failed reads are ignored. A read of a
 * value nobody wrote is listed as unexplained. A linearizable history has no stale read: every write in W
 * that follows v is linearized between v and r.
 *
 * <p>Per key the reads are taken in invocation order while the acknowledged writes enter, in completion
 * order, a Fenwick tree over their invocation times (count and earliest completion of those invoked
 * after a given instant): O(n log n) per key.
 */
public final class StalenessChecker {

    private final String initialValue;

    /** A checker for registers that start absent ({@code null}). */
    public StalenessChecker() {
        this(null);
    }

    public StalenessChecker(String initialValue) {
        this.initialValue = initialValue;
    }

    public StalenessReport check(List<Operation> history) {
        return check(history, Optional::of, op -> null);
    }

    /**
     * Checks the register operations among {@code records} ({@code asOperation} gives empty for the
     * others), tagging each read with {@code modeOf} of its record.
     */
    public <T> StalenessReport check(List<T> records, Function<T, Optional<Operation>> asOperation,
                                     Function<T, String> modeOf) {
        Map<String, List<Tagged>> byKey = new LinkedHashMap<>();
        for (T record : records) {
            Optional<Operation> op = asOperation.apply(record);
            op.ifPresent(o -> byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(new Tagged(o, modeOf.apply(record))));
        }
        List<ReadStaleness> reads = new ArrayList<>();
        List<Operation> unexplained = new ArrayList<>();
        for (List<Tagged> ops : byKey.values()) {
            checkKey(ops, reads, unexplained);
        }
        reads.sort(Comparator.comparingLong((ReadStaleness r) -> r.read().invokeNanos()));
        return new StalenessReport(reads, unexplained);
    }

    private record Tagged(Operation op, String mode) {
    }

    private void checkKey(List<Tagged> ops, List<ReadStaleness> out, List<Operation> unexplained) {
        Map<String, Operation> writerOf = new HashMap<>();
        List<Operation> acknowledged = new ArrayList<>();
        List<Tagged> reads = new ArrayList<>();
        for (Tagged tagged : ops) {
            Operation op = tagged.op();
            if (op.kind() == Operation.Kind.READ) {
                if (op.outcome() == Operation.Outcome.OK) {
                    reads.add(tagged);
                }
            } else if (op.outcome() != Operation.Outcome.FAIL) {
                writerOf.put(op.value(), op);
                if (op.outcome() == Operation.Outcome.OK) {
                    acknowledged.add(op);
                }
            }
        }
        acknowledged.sort(Comparator.comparingLong(Operation::completeNanos));
        reads.sort(Comparator.comparingLong(t -> t.op().invokeNanos()));
        long[] invokes = acknowledged.stream().mapToLong(Operation::invokeNanos).sorted().toArray();
        Fenwick followers = new Fenwick(invokes.length);
        int entered = 0;
        for (Tagged tagged : reads) {
            Operation read = tagged.op();
            long t = read.invokeNanos();
            while (entered < acknowledged.size() && acknowledged.get(entered).completeNanos() < t) {
                Operation write = acknowledged.get(entered++);
                followers.add(reversedRank(invokes, write.invokeNanos()), write.completeNanos());
            }
            Operation source = writerOf.get(read.value());
            long sourceCompletion;
            if (source != null) {
                sourceCompletion = source.effectiveCompleteNanos();
            } else if (Objects.equals(read.value(), initialValue)) {
                sourceCompletion = Long.MIN_VALUE;
            } else {
                unexplained.add(read);
                continue;
            }
            // writes invoked strictly after the source completed: reversed ranks 0 .. (count of invokes > c) - 1
            int later = invokes.length - upperBound(invokes, sourceCompletion);
            int behind = followers.count(later);
            long nanosBehind = behind == 0 ? 0 : t - followers.earliest(later);
            OptionalLong sinceLastWrite = entered == 0
                    ? OptionalLong.empty() : OptionalLong.of(t - acknowledged.get(entered - 1).completeNanos());
            out.add(new ReadStaleness(read, tagged.mode(), behind, nanosBehind, sinceLastWrite));
        }
    }

    /** Index counted from the latest invocation, so "invoked after c" is a prefix. Duplicates share slots. */
    private static int reversedRank(long[] sortedInvokes, long invoke) {
        return sortedInvokes.length - upperBound(sortedInvokes, invoke);
    }

    /** The number of elements {@code <= value}. */
    private static int upperBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Prefix count and prefix minimum over slots 0..n-1, insert-only. */
    private static final class Fenwick {
        private final int[] counts;
        private final long[] minima;

        Fenwick(int size) {
            counts = new int[size + 1];
            minima = new long[size + 1];
            Arrays.fill(minima, Long.MAX_VALUE);
        }

        void add(int slot, long completion) {
            for (int i = slot + 1; i < counts.length; i += i & -i) {
                counts[i]++;
                minima[i] = Math.min(minima[i], completion);
            }
        }

        /** How many entries sit in slots 0 .. prefix-1. */
        int count(int prefix) {
            int total = 0;
            for (int i = prefix; i > 0; i -= i & -i) {
                total += counts[i];
            }
            return total;
        }

        long earliest(int prefix) {
            long min = Long.MAX_VALUE;
            for (int i = prefix; i > 0; i -= i & -i) {
                min = Math.min(min, minima[i]);
            }
            return min;
        }
    }
}
