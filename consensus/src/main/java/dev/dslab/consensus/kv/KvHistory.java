package dev.dslab.consensus.kv;

import dev.dslab.consensus.linearizability.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What the clerks did: every operation with its invocation and completion in virtual milliseconds, in the
 * order invoked. An operation with no answer when the run ended is open: it may or may not have taken effect.
 */
public final class KvHistory {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final List<Entry> entries = new ArrayList<>();

    /** One operation; {@code completedAt} -1 and {@code result} null while no answer came. */
    public static final class Entry {
        private final KvOp op;
        private final long invokedAt;
        private long completedAt = -1;
        private KvResult result;

        Entry(KvOp op, long invokedAt) {
            this.op = op;
            this.invokedAt = invokedAt;
        }

        public KvOp op() {
            return op;
        }

        public long invokedAt() {
            return invokedAt;
        }

        public long completedAt() {
            return completedAt;
        }

        public KvResult result() {
            return result;
        }

        public boolean completed() {
            return result != null;
        }

        @Override
        public String toString() {
            return op.kind() + " " + op.client() + "#" + op.seq() + " " + op.key()
                    + (op.expected() != null ? " " + op.expected() + "->" : " ") + (op.value() != null ? op.value() : "")
                    + " [" + invokedAt + ", " + (completed() ? completedAt + "] " + result : "?]");
        }
    }

    Entry invoke(KvOp op, long now) {
        Entry entry = new Entry(op, now);
        entries.add(entry);
        return entry;
    }

    void complete(Entry entry, long now, KvResult result) {
        entry.completedAt = now;
        entry.result = result;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public int completed() {
        return (int) entries.stream().filter(Entry::completed).count();
    }

    /**
     * The register operations (get, put, compare-and-set) on keys other than {@code appendKeys}, as the
     * linearizability checker reads them: a get of an absent key read null, a compare-and-set that found
     * another value or no key failed (changed nothing), an operation with no answer is indeterminate.
     */
    public List<Operation> registerOperations(Set<String> appendKeys) {
        List<Operation> operations = new ArrayList<>(entries.size());
        List<String> clients = new ArrayList<>();
        for (Entry entry : entries) {
            KvOp op = entry.op();
            if (appendKeys.contains(op.key()) || op.kind() == KvOp.Kind.APPEND) {
                continue;
            }
            int clientId = clientNumber(op.client(), clients);
            long invoke = entry.invokedAt() * NANOS_PER_MILLI;
            long complete = entry.completed() ? entry.completedAt() * NANOS_PER_MILLI : invoke;
            KvResult result = entry.result();
            Operation.Outcome outcome = result == null ? Operation.Outcome.INDETERMINATE : Operation.Outcome.OK;
            switch (op.kind()) {
                case GET -> operations.add(Operation.read(clientId, op.key(), result == null ? null : result.value(),
                        invoke, complete, outcome));
                case PUT -> operations.add(Operation.write(clientId, op.key(), op.value(), invoke, complete, outcome));
                case CAS -> operations.add(Operation.cas(clientId, op.key(), op.expected(), op.value(), invoke, complete,
                        result != null && result.status() != KvResult.Status.OK ? Operation.Outcome.FAIL : outcome));
                default -> throw new IllegalStateException("unexpected " + op.kind());
            }
        }
        return operations;
    }

    /** The clerk's own number for "c3", so a violation names the clerk the trace shows; else an index. */
    private static int clientNumber(String client, List<String> others) {
        if (client.matches("c\\d{1,9}")) {
            return Integer.parseInt(client.substring(1));
        }
        int index = others.indexOf(client);
        if (index < 0) {
            others.add(client);
            index = others.size() - 1;
        }
        return 1_000_000_000 + index;
    }
}
