package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One user table's replication group: three replicas (1 is the user-visible table, 2 and 3 hidden tables),
 * one of them the leader, plus the hidden table its GSIs are served from. Writes are decided on the leader
 * and shipped to the followers as log entries; faults change who is reachable and who leads.
 */
final class ReplicationGroup {

    static final String HIDDEN_MARK = "__dslab_";

    final TableSchema schema;
    private final Replica[] replicas = new Replica[3];
    /** The table the GSIs are served from (null: the table has none). */
    final Replica gsi;
    private final ReplicationModel model;
    /** Writes and reads hold it shared; faults, elections and resynchronisation exclusively. */
    private final ReentrantReadWriteLock membership = new ReentrantReadWriteLock();
    private final Object progress = new Object();
    private volatile int leader = 1;
    /** Changes when a leader crashes or is cut off: writes waiting for their ack then fail. */
    private volatile long epoch;
    private long seq;

    ReplicationGroup(TableSchema schema, Dynalite dynalite, ReplicationModel model) {
        this.schema = schema;
        this.model = model;
        for (int number = 1; number <= 3; number++) {
            replicas[number - 1] = new Replica(number, physicalName(schema.name(), number), dynalite, this::applied);
        }
        gsi = schema.hasGlobalIndexes() ? new Replica(0, gsiTableName(schema.name()), dynalite, this::applied) : null;
    }

    static String physicalName(String table, int replica) {
        return replica == 1 ? table : table + HIDDEN_MARK + "r" + replica;
    }

    static String gsiTableName(String table) {
        return table + HIDDEN_MARK + "gsi";
    }

    /** Where a transaction tries its actions on copies of the items before writing them (see {@link Transactions}). */
    static String scratchTableName(String table) {
        return table + HIDDEN_MARK + "txn";
    }

    static boolean isHidden(String table) {
        return table.contains(HIDDEN_MARK);
    }

    List<String> hiddenTables() {
        List<String> names = new ArrayList<>(List.of(physicalName(schema.name(), 2), physicalName(schema.name(), 3),
                scratchTableName(schema.name())));
        if (gsi != null) {
            names.add(gsi.physicalTable);
        }
        return names;
    }

    private void applied() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** A write in progress: taken before the leader decides, released once its entries are shipped. */
    final class WriteTicket implements AutoCloseable {
        final Replica leaderReplica;
        final long epochAtStart;
        private boolean open = true;

        private WriteTicket(Replica leaderReplica, long epochAtStart) {
            this.leaderReplica = leaderReplica;
            this.epochAtStart = epochAtStart;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                membership.readLock().unlock();
            }
        }
    }

    /** What an acknowledgement waits for: the entry's log position and when each follower is due to apply it. */
    record Shipped(ReplicationGroup group, long seq, long epoch, Map<Replica, Long> dueNanos) {
    }

    /**
     * Starts a write: fails as DynamoDB fails when the partition cannot take writes (no reachable leader,
     * fewer reachable followers than the ack mode needs). The caller closes the ticket after shipping.
     */
    WriteTicket beginWrite(AckMode ack) {
        membership.readLock().lock();
        try {
            Replica current = writableLeader();
            long reachableFollowers = followers(current).stream().filter(Replica::available).count();
            if (reachableFollowers < ack.followers()) {
                throw DynamoDbError.unavailable("only " + reachableFollowers + " of 2 followers of table " + schema.name()
                        + " are reachable; ack mode " + ack.label() + " needs " + ack.followers());
            }
            return new WriteTicket(current, epoch);
        } catch (RuntimeException refused) {
            membership.readLock().unlock();
            throw refused;
        }
    }

    private Replica writableLeader() {
        int current = leader;
        if (current == 0) {
            throw DynamoDbError.unavailable("the leader of table " + schema.name() + " crashed and no new leader is elected yet");
        }
        Replica replica = replicas[current - 1];
        if (!replica.available()) {
            throw DynamoDbError.unavailable("the leader (replica " + current + ") of table " + schema.name() + " is isolated");
        }
        return replica;
    }

    private List<Replica> followers(Replica leaderReplica) {
        List<Replica> followers = new ArrayList<>(2);
        for (Replica replica : replicas) {
            if (replica != leaderReplica) {
                followers.add(replica);
            }
        }
        return followers;
    }

    /**
     * Ships one decided write (image null: deleted) to the followers and the GSI table, then applies what is
     * due already (everything, with lag 0) before returning: the caller still holds the item's lock.
     */
    Shipped ship(WriteTicket ticket, ObjectNode key, ObjectNode image) {
        long now = System.nanoTime();
        Map<Replica, Long> due = new LinkedHashMap<>();
        long position;
        ReplicationSettings settings = model.settings();
        synchronized (this) {
            position = ++seq;
            ticket.leaderReplica.appliedSeq(position);
            for (Replica follower : followers(ticket.leaderReplica)) {
                if (follower.available()) {
                    due.put(follower, follower.receive(position, key, image, now, settings.lag().drawNanos(model.random())));
                }
            }
            if (gsi != null) {
                gsi.receive(position, key, image, now, settings.gsiLag().drawNanos(model.random()));
            }
        }
        applyDueNow();
        return new Shipped(this, position, ticket.epochAtStart, due);
    }

    private void applyDueNow() {
        long now = System.nanoTime();
        List<Replica> due = new ArrayList<>(4);
        for (Replica replica : replicas) {
            if (replica.hasDue(now)) {
                due.add(replica);
            }
        }
        if (gsi != null && gsi.hasDue(now)) {
            due.add(gsi);
        }
        if (!due.isEmpty()) {
            Replica.applyTogether(due);
        }
    }

    /**
     * Waits until the write is acknowledged: the ack mode's number of followers have applied it, and so has
     * every follower whose due time has passed. Fails if the leader crashed or was cut off meanwhile, or if
     * too few followers stay reachable: the write may or may not survive, as with a real timeout.
     */
    void awaitAck(Shipped shipped, AckMode ack, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (progress) {
            while (true) {
                if (epoch != shipped.epoch()) {
                    throw DynamoDbError.unavailable("the leader of table " + schema.name() + " failed before the write was acknowledged");
                }
                long now = System.nanoTime();
                int applied = 0;
                int possible = 0;
                boolean dueMissing = false;
                long nextDue = Long.MAX_VALUE;
                for (Map.Entry<Replica, Long> follower : shipped.dueNanos().entrySet()) {
                    Replica replica = follower.getKey();
                    if (replica.appliedSeq() >= shipped.seq()) {
                        applied++;
                        possible++;
                    } else if (replica.available()) {
                        possible++;
                        if (follower.getValue() <= now) {
                            dueMissing = true;
                        } else {
                            nextDue = Math.min(nextDue, follower.getValue());
                        }
                    }
                }
                if (applied >= ack.followers() && !dueMissing) {
                    return;
                }
                if (possible < ack.followers()) {
                    throw DynamoDbError.unavailable("too few followers of table " + schema.name() + " stayed reachable to acknowledge the write");
                }
                if (now >= deadline) {
                    throw DynamoDbError.unavailable("the followers of table " + schema.name() + " did not apply the write in time");
                }
                long waitNanos = Math.min(deadline, dueMissing ? now + 5_000_000 : nextDue) - now;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.max(waitNanos, 100_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw DynamoDbError.unavailable("the local target is stopping");
                }
            }
        }
    }

    /** The physical table a strongly consistent read goes to: the leader's. */
    String strongReadTable() {
        membership.readLock().lock();
        try {
            return writableLeader().physicalTable;
        } finally {
            membership.readLock().unlock();
        }
    }

    /** The physical table an eventually consistent read goes to: any reachable replica, chosen at random. */
    String eventualReadTable() {
        List<Replica> candidates = new ArrayList<>(3);
        for (Replica replica : replicas) {
            if (replica.available()) {
                candidates.add(replica);
            }
        }
        if (candidates.isEmpty()) {
            throw DynamoDbError.unavailable("no replica of table " + schema.name() + " is reachable");
        }
        return candidates.get(model.random().nextInt(candidates.size())).physicalTable;
    }

    // ---- faults ----

    void isolate(int number) {
        membership.writeLock().lock();
        try {
            Replica replica = replicas[number - 1];
            if (replica.crashed()) {
                return;
            }
            replica.reachable(false);
            replica.dropPending();
            if (number == leader) {
                epoch++;
            }
        } finally {
            membership.writeLock().unlock();
        }
        applied();
    }

    void isolateLeader() {
        int current = leader;
        if (current != 0) {
            isolate(current);
        }
    }

    /** The leader is gone with the entries only it had; the caller elects a new one after the election delay. */
    void crashLeader() {
        membership.writeLock().lock();
        try {
            int current = leader;
            if (current == 0) {
                return;
            }
            Replica old = replicas[current - 1];
            old.crashed(true);
            old.reachable(false);
            leader = 0;
            epoch++;
            for (Replica replica : replicas) {
                replica.dropPending();
            }
            if (gsi != null) {
                gsi.dropPending();
            }
        } finally {
            membership.writeLock().unlock();
        }
        applied();
    }

    /** Elects the reachable replica with the longest applied log, if there is no leader; the others catch up from it. */
    void elect() {
        membership.writeLock().lock();
        try {
            electLocked();
        } finally {
            membership.writeLock().unlock();
        }
        applied();
    }

    private void electLocked() {
        if (leader != 0) {
            return;
        }
        Replica best = null;
        for (Replica replica : replicas) {
            if (replica.available() && (best == null || replica.appliedSeq() > best.appliedSeq())) {
                best = replica;
            }
        }
        if (best == null) {
            return; // nobody to elect until heal
        }
        leader = best.number;
        epoch++;
        synchronized (this) {
            seq = best.appliedSeq(); // the log continues from the new leader's end: later entries of the old one are gone
        }
        for (Replica replica : replicas) {
            if (replica != best && replica.available()) {
                resync(replica, best);
            }
        }
        if (gsi != null) {
            resync(gsi, best);
        }
    }

    /** Brings every crashed or isolated replica back as a follower, resynchronised from the leader. */
    void heal() {
        membership.writeLock().lock();
        try {
            if (leader == 0) {
                boolean anyUp = false;
                for (Replica replica : replicas) {
                    anyUp |= !replica.crashed();
                }
                for (Replica replica : replicas) {
                    if (!anyUp) {
                        replica.crashed(false); // every replica crashed: they restart with what each had applied
                    }
                    if (!replica.crashed()) {
                        replica.reachable(true);
                    }
                }
                electLocked();
            }
            if (leader == 0) {
                return;
            }
            Replica current = replicas[leader - 1];
            current.reachable(true);
            for (Replica replica : replicas) {
                if (replica != current && !replica.available()) {
                    replica.crashed(false);
                    resync(replica, current);
                    replica.reachable(true);
                }
            }
        } finally {
            membership.writeLock().unlock();
        }
        applied();
    }

    /** Makes {@code target} a copy of {@code source}: drops its divergent entries and copies the source's items. */
    private void resync(Replica target, Replica source) {
        boolean wasReachable = target.reachable();
        target.reachable(false);
        target.dropPending();
        target.applyLock.lock();
        try {
            Dynalite dynalite = model.dynalite();
            List<ObjectNode> deletes = new ArrayList<>();
            for (JsonNode item : scanAll(dynalite, target.physicalTable)) {
                ObjectNode delete = Dynalite.JSON.createObjectNode();
                delete.putObject("DeleteRequest").set("Key", schema.keyOf(item));
                deletes.add(delete);
            }
            writeAll(dynalite, target.physicalTable, deletes);
            List<ObjectNode> puts = new ArrayList<>();
            for (JsonNode item : scanAll(dynalite, source.physicalTable)) {
                ObjectNode put = Dynalite.JSON.createObjectNode();
                put.putObject("PutRequest").set("Item", item);
                puts.add(put);
            }
            writeAll(dynalite, target.physicalTable, puts);
            target.appliedSeq(source.appliedSeq());
        } finally {
            target.applyLock.unlock();
            target.reachable(wasReachable);
        }
    }

    private static List<JsonNode> scanAll(Dynalite dynalite, String table) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode start = null;
        do {
            ObjectNode scan = Dynalite.JSON.createObjectNode().put("TableName", table).put("ConsistentRead", true);
            if (start != null) {
                scan.set("ExclusiveStartKey", start);
            }
            ObjectNode page = dynalite.require("Scan", scan);
            page.path("Items").forEach(items::add);
            start = page.get("LastEvaluatedKey");
        } while (start != null);
        return items;
    }

    private static void writeAll(Dynalite dynalite, String table, List<ObjectNode> writes) {
        for (int from = 0; from < writes.size(); from += 25) {
            ObjectNode request = Dynalite.JSON.createObjectNode();
            ArrayNode batch = request.putObject("RequestItems").putArray(table);
            writes.subList(from, Math.min(writes.size(), from + 25)).forEach(batch::add);
            dynalite.require("BatchWriteItem", request);
        }
    }

    /** Replica 1 leads, every replica is up and reachable, and every one (and the GSI table) applied all it was sent. */
    boolean inStep() {
        membership.writeLock().lock();
        try {
            if (leader != 1) {
                return false;
            }
            long leaderSeq = replicas[0].appliedSeq();
            for (Replica replica : replicas) {
                if (!replica.available() || replica.appliedSeq() != leaderSeq) {
                    return false;
                }
            }
            return gsi == null || gsi.appliedSeq() == leaderSeq;
        } finally {
            membership.writeLock().unlock();
        }
    }

    /** After a restart: followers and GSI table become copies of replica 1, which leads. */
    void catchUpFromFirstReplica() {
        membership.writeLock().lock();
        try {
            resync(replicas[1], replicas[0]);
            resync(replicas[2], replicas[0]);
            if (gsi != null) {
                resync(gsi, replicas[0]);
            }
        } finally {
            membership.writeLock().unlock();
        }
    }

    /** The group as the fault endpoint shows it. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        int current = leader;
        state.put("leader", current == 0 ? null : current);
        List<Map<String, Object>> members = new ArrayList<>();
        for (Replica replica : replicas) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("replica", replica.number);
            member.put("role", replica.crashed() ? "crashed" : replica.number == current ? "leader" : "follower");
            member.put("reachable", replica.available());
            member.put("appliedSeq", replica.appliedSeq());
            members.add(member);
        }
        state.put("replicas", members);
        if (gsi != null) {
            state.put("gsiAppliedSeq", gsi.appliedSeq());
        }
        return state;
    }

    void close() {
        for (Replica replica : replicas) {
            replica.close();
        }
        if (gsi != null) {
            gsi.close();
        }
    }
}
