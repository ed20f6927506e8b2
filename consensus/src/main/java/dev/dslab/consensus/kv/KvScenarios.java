package dev.dslab.consensus.kv;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import java.util.List;
import java.util.Optional;

/**
 * The key-value scenarios, after MIT 6.5840 Lab 4's tests ({@code kvraft/test_test.go}): the same shapes
 * (clients, partitions, crashes, an unreliable network, a snapshot threshold) in simulated time, each run
 * ending with {@link KvCluster#finish()}'s checks (linearizability of the register operations, appends
 * exactly once and in order, replicas agree).
 */
public final class KvScenarios {
    /** MIT's maxraftstate for the snapshot tests. */
    static final int MAX_RAFT_STATE = 1000;
    /** MIT's TestSnapshotSize4B bound on the snapshot of a service with few keys. */
    static final int MAX_SNAPSHOT_BYTES = 500;

    private KvScenarios() {
    }

    public static List<KvScenario> all() {
        return List.of(
                new KvScenario("basic", "4A", "one clerk on a healthy cluster", 5, 1, true, -1, c -> workload(c, 3_000)),
                new KvScenario("concurrent", "4A", "five clerks at once", 5, 5, true, -1, c -> workload(c, 3_000)),
                new KvScenario("unreliable", "4A", "five clerks on a lossy, duplicating network", 5, 5, false, -1, c -> workload(c, 3_000)),
                new KvScenario("unreliable-one-key", "4A", "five clerks append to one key on a lossy network", 5, 5, false, -1,
                        KvScenarios::appendsToOneKey),
                new KvScenario("minority-leader", "4A", "the leader is cut off with a minority and keeps its clerks' hints", 5, 5, true, -1,
                        KvScenarios::minorityLeader),
                new KvScenario("partitions", "4A", "random partitions every second while five clerks run", 5, 5, true, -1,
                        c -> churn(c, true, false)),
                new KvScenario("restarts", "4A", "every server crashes and restarts every second", 5, 5, true, -1,
                        c -> churn(c, false, true)),
                new KvScenario("partitions-restarts-unreliable", "4A", "partitions and restarts on a lossy network", 5, 5, false, -1,
                        c -> churn(c, true, true)),
                new KvScenario("dedup-duplicates", "4A", "appends while the network duplicates and holds back requests for seconds",
                        3, 5, false, -1, KvScenarios::duplicates),
                new KvScenario("snapshot-size", "4B", "200 puts keep the Raft state and the snapshot small", 3, 1, true, MAX_RAFT_STATE,
                        KvScenarios::snapshotSize),
                new KvScenario("snapshot-install", "4B", "a server cut off for many operations catches up by InstallSnapshot", 3, 3, true,
                        MAX_RAFT_STATE, KvScenarios::snapshotInstall),
                new KvScenario("snapshot-restarts", "4B", "restarts from snapshots keep the client table", 5, 5, true, MAX_RAFT_STATE,
                        c -> churn(c, false, true)),
                new KvScenario("snapshot-partitions-restarts-unreliable", "4B", "snapshots under partitions, restarts and loss", 5, 5, false,
                        MAX_RAFT_STATE, c -> churn(c, true, true)));
    }

    public static Optional<KvScenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    static void workload(KvCluster c, long millis) {
        c.startClerks(KvWorkloads.mixed(c.history()));
        c.sleep(millis);
        c.finish();
    }

    static void appendsToOneKey(KvCluster c) {
        c.startClerks(KvWorkloads.appendsToOneKey());
        c.sleep(3_000);
        c.finish();
    }

    /**
     * MIT's TestOnePartition4A: the leader and one follower are cut off from the majority. Clerk 0 only reads, so
     * its leader hint stays on the old leader, which still believes it leads: it must not answer from its own
     * state while the majority's new leader accepts writes.
     */
    static void minorityLeader(KvCluster c) {
        c.startClerks(KvWorkloads.mixed(c.history()));
        c.clerk(0).run(KvWorkloads.readsOnly());
        c.sleep(1_000);
        int leader = leader(c);
        int other = (leader + 1) % c.servers();
        int[] minority = {leader, other};
        int[] majority = java.util.stream.IntStream.range(0, c.servers()).filter(i -> i != leader && i != other).toArray();
        c.partition(minority, majority);
        c.sleep(2_000);
        c.heal();
        c.sleep(1_000);
        c.finish();
    }

    /** MIT's GenericTest: clients run while partitions come and go, or all servers crash and restart, each second. */
    static void churn(KvCluster c, boolean partitions, boolean restarts) {
        c.startClerks(KvWorkloads.mixed(c.history()));
        for (int round = 0; round < 4; round++) {
            if (partitions) {
                c.randomPartition();
            }
            c.sleep(1_000);
            c.heal();
            if (restarts) {
                c.crashAll();
                c.sleep(50);
                c.restartAll();
            }
            c.sleep(200);
        }
        c.finish();
    }

    static void duplicates(KvCluster c) {
        c.profile(NetworkProfile.unreliable().withLongReordering());
        c.startClerks(KvWorkloads.mixed(c.history()));
        c.sleep(4_000);
        c.finish();
    }

    /** MIT's TestSnapshotSize4B. */
    static void snapshotSize(KvCluster c) {
        c.startClerks(KvWorkloads.putsThenStop(200));
        c.sleep(10_000);
        c.finish();
        int snapshot = c.persistedSizes()[1];
        if (snapshot > MAX_SNAPSHOT_BYTES) {
            throw new HarnessFailure("snapshot size", "snapshot is " + snapshot + " B for one key and one client; expected at most "
                    + MAX_SNAPSHOT_BYTES + " B");
        }
        if (snapshot == 0) {
            throw new HarnessFailure("snapshot size", "200 puts with maxraftstate " + MAX_RAFT_STATE + " took no snapshot");
        }
    }

    /** MIT's TestSnapshotRPC4B: a server that missed more than a snapshot's worth of log is brought up to date. */
    static void snapshotInstall(KvCluster c) {
        c.startClerks(KvWorkloads.mixed(c.history()));
        c.sleep(500);
        int leader = leader(c);
        int lagging = (leader + 1) % c.servers();
        int[] rest = java.util.stream.IntStream.range(0, c.servers()).filter(i -> i != lagging).toArray();
        c.partition(new int[] {lagging}, rest);
        c.sleep(2_000);
        c.heal();
        c.sleep(1_000);
        c.finish();
    }

    private static int leader(KvCluster c) {
        for (int attempt = 0; attempt < 20; attempt++) {
            for (int i = 0; i < c.servers(); i++) {
                KvServer server = c.server(i);
                if (server != null && server.isLeader()) {
                    return i;
                }
            }
            c.sleep(250);
        }
        throw new HarnessFailure("liveness", "no leader within 5 s");
    }
}
