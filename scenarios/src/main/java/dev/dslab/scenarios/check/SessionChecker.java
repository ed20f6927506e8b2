package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.scenarios.check.SessionViolation.Guarantee;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Session guarantees (Terry et al., "Session Guarantees for Weakly Consistent Replicated Data", 1994) of a
 * register history whose writes write unique values; a client id is a session. Each key is a register on
 * its own. "a precedes b" means a completed strictly before b was invoked (real time); the initial value
 * precedes every write, and an indeterminate write completes at infinity so it precedes nothing. Only
 * acknowledged (OK) reads are checked; a read's value is attributed to the write (acknowledged or
 * indeterminate) that wrote it. Reads of values nobody wrote are left to the other checkers.
 * <ul>
 *   <li>Read-your-writes: a read that follows its client's own acknowledged write w returns w's value or
 *       the value of a write that does not precede w.</li>
 *   <li>Monotonic reads: if read r1 precedes read r2 of the same client, the write of r2's value does not
 *       precede the write of r1's value.</li>
 *   <li>Monotonic writes: if acknowledged writes w1 precedes w2, both of one client, and some read
 *       returned w2's value and completed before another read was invoked, that later read does not return
 *       w1's value (that would show the writes out of their session's order). The reads may be any
 *       client's.</li>
 * </ul>
 * Each guarantee is implied by linearizability, so a linearizable history never violates one; each
 * violation names the operations that prove it. One violation per read and guarantee is reported.
 */
public final class SessionChecker {

    private final String initialValue;

    /** A checker for registers that start absent ({@code null}). */
    public SessionChecker() {
        this(null);
    }

    public SessionChecker(String initialValue) {
        this.initialValue = initialValue;
    }

    public SessionReport check(List<Operation> history) {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<SessionViolation> violations = new ArrayList<>();
        int reads = 0;
        for (List<Operation> ops : byKey.values()) {
            reads += new KeyCheck(ops).run(violations);
        }
        violations.sort(Comparator.comparingLong(v -> v.operations().get(0).invokeNanos()));
        return new SessionReport(violations, reads);
    }

    private static final Comparator<Operation> BY_INVOKE = Comparator.comparingLong(Operation::invokeNanos);
    private static final Comparator<Operation> BY_COMPLETE = Comparator.comparingLong(Operation::completeNanos);

    private final class KeyCheck {
        private final String key;
        private final Map<String, Operation> writerOf = new HashMap<>();
        private final List<Operation> reads = new ArrayList<>();
        private final Map<Integer, List<Operation>> acknowledgedWritesByClient = new LinkedHashMap<>();
        private final Map<Integer, List<Operation>> readsByClient = new LinkedHashMap<>();

        KeyCheck(List<Operation> ops) {
            key = ops.get(0).key();
            for (Operation op : ops) {
                if (op.kind() == Operation.Kind.READ) {
                    if (op.outcome() == Operation.Outcome.OK) {
                        reads.add(op);
                        readsByClient.computeIfAbsent(op.client(), c -> new ArrayList<>()).add(op);
                    }
                } else if (op.outcome() != Operation.Outcome.FAIL) {
                    writerOf.put(op.value(), op);
                    if (op.outcome() == Operation.Outcome.OK) {
                        acknowledgedWritesByClient.computeIfAbsent(op.client(), c -> new ArrayList<>()).add(op);
                    }
                }
            }
        }

        int run(List<SessionViolation> out) {
            for (var entry : readsByClient.entrySet()) {
                List<Operation> own = acknowledgedWritesByClient.getOrDefault(entry.getKey(), List.of());
                readYourWrites(entry.getKey(), entry.getValue(), own, out);
                monotonicReads(entry.getKey(), entry.getValue(), out);
            }
            monotonicWrites(out);
            return reads.size();
        }

        /** False for a value nobody wrote; otherwise the source is the writer, or null for the initial value. */
        private boolean explained(Operation read) {
            return writerOf.containsKey(read.value()) || Objects.equals(read.value(), initialValue);
        }

        private long sourceInvoke(Operation read) {
            Operation writer = writerOf.get(read.value());
            return writer == null ? Long.MIN_VALUE : writer.invokeNanos();
        }

        private long sourceComplete(Operation read) {
            Operation writer = writerOf.get(read.value());
            return writer == null ? Long.MIN_VALUE : writer.effectiveCompleteNanos();
        }

        private String describeSource(Operation read) {
            Operation writer = writerOf.get(read.value());
            return writer == null ? "the initial value " + read.value() : read.value();
        }

        private void readYourWrites(int client, List<Operation> clientReads, List<Operation> ownWrites,
                                    List<SessionViolation> out) {
            List<Operation> readsInOrder = clientReads.stream().sorted(BY_INVOKE).toList();
            List<Operation> writes = ownWrites.stream().sorted(BY_COMPLETE).toList();
            int entered = 0;
            Operation latestInvoked = null;
            for (Operation read : readsInOrder) {
                while (entered < writes.size() && writes.get(entered).completeNanos() < read.invokeNanos()) {
                    Operation write = writes.get(entered++);
                    if (latestInvoked == null || write.invokeNanos() > latestInvoked.invokeNanos()) {
                        latestInvoked = write;
                    }
                }
                if (latestInvoked == null || !explained(read) || sourceComplete(read) >= latestInvoked.invokeNanos()) {
                    continue;
                }
                List<Operation> involved = new ArrayList<>(List.of(read, latestInvoked));
                Operation writer = writerOf.get(read.value());
                if (writer != null) {
                    involved.add(writer);
                }
                out.add(new SessionViolation(Guarantee.READ_YOUR_WRITES, client, key,
                        "the read returned " + describeSource(read) + ", older than the client's own write of "
                                + latestInvoked.value() + " that completed before the read was invoked",
                        involved));
            }
        }

        private void monotonicReads(int client, List<Operation> clientReads, List<SessionViolation> out) {
            List<Operation> byInvoke = clientReads.stream().sorted(BY_INVOKE).toList();
            List<Operation> byComplete = clientReads.stream().sorted(BY_COMPLETE).toList();
            int entered = 0;
            Operation newestSeen = null;
            for (Operation later : byInvoke) {
                while (entered < byComplete.size() && byComplete.get(entered).completeNanos() < later.invokeNanos()) {
                    Operation earlier = byComplete.get(entered++);
                    if (explained(earlier) && (newestSeen == null || sourceInvoke(earlier) > sourceInvoke(newestSeen))) {
                        newestSeen = earlier;
                    }
                }
                if (newestSeen == null || !explained(later) || sourceComplete(later) >= sourceInvoke(newestSeen)) {
                    continue;
                }
                List<Operation> involved = new ArrayList<>(List.of(newestSeen, later));
                involved.add(writerOf.get(newestSeen.value()));
                Operation laterWriter = writerOf.get(later.value());
                if (laterWriter != null) {
                    involved.add(laterWriter);
                }
                out.add(new SessionViolation(Guarantee.MONOTONIC_READS, client, key,
                        "an earlier read returned " + newestSeen.value() + ", then a later read returned "
                                + describeSource(later) + ", written before " + newestSeen.value() + " was",
                        involved));
            }
        }

        private void monotonicWrites(List<SessionViolation> out) {
            Map<String, Operation> firstReadOf = new HashMap<>();
            for (Operation read : reads) {
                firstReadOf.merge(read.value(), read, (a, b) -> a.completeNanos() <= b.completeNanos() ? a : b);
            }
            for (var entry : acknowledgedWritesByClient.entrySet()) {
                List<Operation> writes = entry.getValue().stream().sorted(BY_INVOKE).toList();
                int n = writes.size();
                // for each suffix of the session's writes: the read that first completed with one of their values
                Operation[] earliestRead = new Operation[n + 1];
                Operation[] itsWrite = new Operation[n + 1];
                for (int i = n - 1; i >= 0; i--) {
                    Operation read = firstReadOf.get(writes.get(i).value());
                    earliestRead[i] = earliestRead[i + 1];
                    itsWrite[i] = itsWrite[i + 1];
                    if (read != null && (earliestRead[i] == null || read.completeNanos() < earliestRead[i].completeNanos())) {
                        earliestRead[i] = read;
                        itsWrite[i] = writes.get(i);
                    }
                }
                Map<String, Integer> position = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    position.put(writes.get(i).value(), i);
                }
                for (Operation read : reads) {
                    Integer i = position.get(read.value());
                    if (i == null) {
                        continue;
                    }
                    Operation first = writes.get(i);
                    int after = firstInvokedAfter(writes, first.completeNanos());
                    Operation seen = earliestRead[after];
                    if (seen == null || seen.completeNanos() >= read.invokeNanos()) {
                        continue;
                    }
                    Operation second = itsWrite[after];
                    out.add(new SessionViolation(Guarantee.MONOTONIC_WRITES, entry.getKey(), key,
                            "the client wrote " + first.value() + " then " + second.value() + "; a read returned "
                                    + second.value() + ", and a read invoked after it completed returned "
                                    + first.value(),
                            List.of(first, second, seen, read)));
                }
            }
        }

        private static int firstInvokedAfter(List<Operation> byInvoke, long instant) {
            int low = 0;
            int high = byInvoke.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (byInvoke.get(mid).invokeNanos() <= instant) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }
}
