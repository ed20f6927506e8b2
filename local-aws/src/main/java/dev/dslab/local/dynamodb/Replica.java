package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical copy of a table in dynalite: a replica of its replication group, or the table its GSIs are
 * served from. It applies the log entries it receives in log order, each once its due time has come; a
 * thread of its own waits for the due times, and a writer applies what is already due itself.
 */
final class Replica {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);
    /** BatchWriteItem's limit. */
    private static final int BATCH = 25;

    /** 1..3 for a replica; 0 for the GSI table. */
    final int number;
    final String physicalTable;
    private final Dynalite dynalite;
    private final Runnable onApplied;
    private final ArrayDeque<LogEntry> queue = new ArrayDeque<>();
    /** Held while applying, resynchronising or dropping entries, so those never interleave. */
    final ReentrantLock applyLock = new ReentrantLock();
    private final Thread applier;
    private volatile long appliedSeq;
    private volatile boolean reachable = true;
    private volatile boolean crashed;
    private long lastDueNanos = Long.MIN_VALUE;
    private volatile boolean closed;

    Replica(int number, String physicalTable, Dynalite dynalite, Runnable onApplied) {
        this.number = number;
        this.physicalTable = physicalTable;
        this.dynalite = dynalite;
        this.onApplied = onApplied;
        this.applier = new Thread(this::applyLoop, "dynamodb-replica-" + physicalTable);
        applier.setDaemon(true);
        applier.start();
    }

    long appliedSeq() {
        return appliedSeq;
    }

    void appliedSeq(long seq) {
        appliedSeq = seq;
    }

    boolean reachable() {
        return reachable;
    }

    void reachable(boolean value) {
        reachable = value;
    }

    boolean crashed() {
        return crashed;
    }

    void crashed(boolean value) {
        crashed = value;
    }

    /** Up and reachable: receives log entries and serves reads. */
    boolean available() {
        return reachable && !crashed;
    }

    /**
     * Receives an entry; it is applied after {@code lagNanos}, but never before the entries it follows.
     *
     * @return when it is due (nanoTime)
     */
    long receive(long seq, ObjectNode key, ObjectNode image, long nowNanos, long lagNanos) {
        synchronized (queue) {
            long due = Math.max(nowNanos + lagNanos, lastDueNanos);
            lastDueNanos = due;
            queue.addLast(new LogEntry(seq, key, image, due));
            if (lagNanos > 0) {
                // An entry due at once is applied by its writer (ReplicationGroup.ship) together with the other
                // followers' in one BatchWriteItem: an applier woken now would race the writer for it and split
                // that batch in two, one more dynalite call per write. If the writer's batch fails, it wakes us.
                queue.notifyAll();
            }
            return due;
        }
    }

    /** Whether an entry is due now and not yet applied. */
    boolean hasDue(long nowNanos) {
        synchronized (queue) {
            LogEntry head = queue.peekFirst();
            return head != null && head.dueNanos() <= nowNanos;
        }
    }

    /** Drops the entries not yet applied: they were in flight from a leader that crashed, or to a replica cut off. */
    void dropPending() {
        applyLock.lock();
        try {
            synchronized (queue) {
                queue.clear();
                lastDueNanos = Long.MIN_VALUE;
            }
        } finally {
            applyLock.unlock();
        }
    }

    /** Applies every entry that is due, in log order, as few BatchWriteItem calls as the keys allow. */
    void applyDue() {
        applyTogether(List.of(this));
    }

    /**
     * Applies what is due on several replicas with one BatchWriteItem per round (it takes several tables): a
     * write with lag 0 then costs the leader's call plus one, not one per follower. Locks are taken in the
     * list's order, which every caller keeps (replica number order).
     */
    static void applyTogether(List<Replica> replicas) {
        for (Replica replica : replicas) {
            replica.applyLock.lock();
        }
        boolean allApplied = false;
        try {
            while (true) {
                long now = System.nanoTime();
                int room = BATCH;
                List<List<LogEntry>> batches = new ArrayList<>();
                ObjectNode request = Dynalite.JSON.createObjectNode();
                ObjectNode tables = request.putObject("RequestItems");
                for (Replica replica : replicas) {
                    List<LogEntry> batch = replica.dueBatch(now, room);
                    batches.add(batch);
                    room -= batch.size();
                    if (!batch.isEmpty()) {
                        ArrayNode writes = tables.putArray(replica.physicalTable);
                        batch.forEach(entry -> writes.add(entry.writeRequest()));
                    }
                }
                if (tables.isEmpty()) {
                    allApplied = true;
                    return;
                }
                Dynalite.Response response = replicas.get(0).dynalite.call("BatchWriteItem", request);
                if (!response.ok() || response.body().path("UnprocessedItems").size() > 0) {
                    log.warn("replicas could not apply their entries ({}): {}", tables.fieldNames().next(), response.body());
                    return; // the applier threads retry
                }
                for (int i = 0; i < replicas.size(); i++) {
                    replicas.get(i).markApplied(batches.get(i));
                }
            }
        } finally {
            for (int i = replicas.size() - 1; i >= 0; i--) {
                replicas.get(i).applyLock.unlock();
            }
            if (!allApplied) {
                replicas.forEach(Replica::wakeApplier); // the appliers retry what this call could not apply
            }
        }
    }

    private void wakeApplier() {
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    private void markApplied(List<LogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (queue) {
            for (LogEntry entry : batch) {
                if (queue.peekFirst() == entry) {
                    queue.pollFirst();
                }
            }
        }
        appliedSeq = batch.get(batch.size() - 1).seq();
        onApplied.run();
    }

    /** The due entries at the queue's head, stopping before a second entry of one key (BatchWriteItem refuses that). */
    private List<LogEntry> dueBatch(long nowNanos, int limit) {
        List<LogEntry> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        synchronized (queue) {
            for (LogEntry entry : queue) {
                if (entry.dueNanos() > nowNanos || batch.size() == limit || !keys.add(entry.key().toString())) {
                    break;
                }
                batch.add(entry);
            }
        }
        return batch;
    }

    private void applyLoop() {
        while (!closed) {
            try {
                synchronized (queue) {
                    LogEntry head = queue.peekFirst();
                    long wait = head == null ? 0 : head.dueNanos() - System.nanoTime();
                    if (head == null || wait > 0) {
                        queue.wait(head == null ? 1000 : Math.max(1, wait / 1_000_000), head == null ? 0 : (int) (wait % 1_000_000));
                        continue;
                    }
                }
                int before = sizeOfQueue();
                applyDue();
                if (sizeOfQueue() == before && before > 0 && hasDue(System.nanoTime())) {
                    Thread.sleep(50); // dynalite refused the batch: try again shortly rather than spin
                }
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException failure) {
                log.warn("replica {} applier: {}", physicalTable, failure.toString());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private int sizeOfQueue() {
        synchronized (queue) {
            return queue.size();
        }
    }

    void close() {
        closed = true;
        applier.interrupt();
    }
}
