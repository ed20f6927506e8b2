package dev.dslab.consensus.harness;

import static dev.dslab.consensus.harness.Cluster.ELECTION_TIMEOUT;
import static dev.dslab.consensus.harness.Cluster.SNAPSHOT_INTERVAL;

import dev.dslab.consensus.raft.Proposal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scenarios, one per test of MIT 6.5840 Lab 3 ({@code raft_test.go}, 2024), in simulated time: the same
 * scripts, waits and expectations, with the tester's sleeps as virtual time.
 */
public final class Scenarios {
    private static final int MAX_LOG_BYTES = 2000;

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("initial-election", "3A", "a leader is elected and stays while nothing fails", 3, true, false, Scenarios::initialElection),
                new Scenario("re-election", "3A", "a new leader after the leader is cut off; none without a majority", 3, true, false, Scenarios::reElection),
                new Scenario("many-elections", "3A", "7 servers, 3 cut off at random, ten times", 7, true, false, Scenarios::manyElections),
                new Scenario("basic-agree", "3B", "three commands agreed on at indexes 1, 2, 3", 3, true, false, Scenarios::basicAgree),
                new Scenario("follower-failure", "3B", "agreement with a follower down; none with two down", 3, true, false, Scenarios::followerFailure),
                new Scenario("leader-failure", "3B", "agreement after the leader is cut off; none with two leaders gone", 3, true, false, Scenarios::leaderFailure),
                new Scenario("fail-agree", "3B", "a disconnected follower catches up when it rejoins", 3, true, false, Scenarios::failAgree),
                new Scenario("fail-no-agree", "3B", "no commit without a majority; the log recovers after", 5, true, false, Scenarios::failNoAgree),
                new Scenario("concurrent-starts", "3B", "five commands started at once all commit", 3, true, false, Scenarios::concurrentStarts),
                new Scenario("rejoin", "3B", "a partitioned leader with uncommitted entries rejoins", 3, true, false, Scenarios::rejoin),
                new Scenario("rpc-count", "3B", "few RPCs to elect, to agree on 10 entries, and while idle", 3, true, false, Scenarios::rpcCount),
                new Scenario("byte-count", "3B", "ten 5,000-byte commands cost about 5,000 bytes per follower each", 3, true, false, Scenarios::byteCount),
                new Scenario("backup", "3B", "leaders back up quickly over long divergent logs (fast backtracking)", 5, true, false, Scenarios::backup),
                new Scenario("persist1", "3C", "state survives crashes of all, the leader, a follower", 3, true, false, Scenarios::persist1),
                new Scenario("persist2", "3C", "more crashes and partitions, five servers", 5, true, false, Scenarios::persist2),
                new Scenario("persist3", "3C", "partitioned leader and follower crash and restart", 3, true, false, Scenarios::persist3),
                new Scenario("figure8", "3C", "leaders crash right after appending (the paper's Figure 8)", 5, true, false, Scenarios::figure8),
                new Scenario("unreliable-agree", "3C", "agreement on a lossy, duplicating network", 5, false, false, Scenarios::unreliableAgree),
                new Scenario("figure8-unreliable", "3C", "Figure 8 with loss, duplicates and long reordering", 5, false, false, Scenarios::figure8Unreliable),
                new Scenario("reliable-churn", "3C", "clients keep proposing while servers crash, restart and disconnect", 5, true, false, c -> churn(c, false)),
                new Scenario("unreliable-churn", "3C", "churn on a lossy network", 5, false, false, c -> churn(c, true)),
                new Scenario("snapshot-basic", "3D", "logs stay small through snapshots", 3, true, true, c -> snapCommon(c, false, false)),
                new Scenario("snapshot-install", "3D", "a disconnected follower is brought up by InstallSnapshot", 3, true, true, c -> snapCommon(c, true, false)),
                new Scenario("snapshot-install-unreliable", "3D", "InstallSnapshot on a lossy network", 3, false, true, c -> snapCommon(c, true, false)),
                new Scenario("snapshot-install-crash", "3D", "a crashed follower restarts from its snapshot", 3, true, true, c -> snapCommon(c, false, true)),
                new Scenario("snapshot-install-uncrash", "3D", "crash and restart on a lossy network", 3, false, true, c -> snapCommon(c, false, true)),
                new Scenario("snapshot-all-crash", "3D", "every server crashes and restarts from snapshots", 3, true, true, Scenarios::snapshotAllCrash),
                new Scenario("snapshot-init", "3D", "a restarted server's snapshot index starts its log", 3, true, true, Scenarios::snapshotInit));
    }

    public static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static List<Scenario> stage(String stage) {
        return all().stream().filter(s -> s.stage().equals(stage)).toList();
    }

    // ---- 3A ---------------------------------------------------------------------------------------------------

    static void initialElection(Cluster c) {
        c.checkOneLeader();
        c.sleep(50);
        int term1 = c.checkTerms();
        if (term1 < 1) {
            throw new HarnessFailure("liveness", "term is " + term1 + ", but should be at least 1");
        }
        // no failure, so the leader and term should stay the same (MIT only warns when they change)
        c.sleep(2 * ELECTION_TIMEOUT);
        c.checkTerms();
        c.checkOneLeader();
    }

    static void reElection(Cluster c) {
        int n = c.servers();
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        c.checkOneLeader();
        c.connect(leader1);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        c.disconnect((leader2 + 1) % n);
        c.sleep(2 * ELECTION_TIMEOUT);
        c.checkNoLeader();
        c.connect((leader2 + 1) % n);
        c.checkOneLeader();
        c.connect(leader2);
        c.checkOneLeader();
    }

    static void manyElections(Cluster c) {
        int n = c.servers();
        c.checkOneLeader();
        for (int iteration = 0; iteration < 10; iteration++) {
            int i1 = c.random(n);
            int i2 = c.random(n);
            int i3 = c.random(n);
            c.disconnect(i1);
            c.disconnect(i2);
            c.disconnect(i3);
            c.checkOneLeader();
            c.connect(i1);
            c.connect(i2);
            c.connect(i3);
        }
        c.checkOneLeader();
    }

    // ---- 3B ---------------------------------------------------------------------------------------------------

    static void basicAgree(Cluster c) {
        for (int index = 1; index <= 3; index++) {
            if (c.committed(index).servers() > 0) {
                throw new HarnessFailure("safety", "some server applied index " + index + " before start()");
            }
            int got = c.one(Integer.toString(index * 100), c.servers(), false);
            if (got != index) {
                throw new HarnessFailure("agreement", "got index " + got + " but expected " + index);
            }
        }
    }

    static void followerFailure(Cluster c) {
        c.one("101", 3, false);
        int leader1 = c.checkOneLeader();
        c.disconnect((leader1 + 1) % 3);
        c.one("102", 2, false);
        c.sleep(ELECTION_TIMEOUT);
        c.one("103", 2, false);
        int leader2 = c.checkOneLeader();
        c.disconnect((leader2 + 1) % 3);
        c.disconnect((leader2 + 2) % 3);
        Proposal proposal = c.start(leader2, "104");
        if (proposal == null || !proposal.isLeader()) {
            throw new HarnessFailure("liveness", "leader n" + leader2 + " rejected start()");
        }
        if (proposal.index() != 4) {
            throw new HarnessFailure("agreement", "expected index 4, got " + proposal.index());
        }
        c.sleep(2 * ELECTION_TIMEOUT);
        noMajorityCommit(c, proposal.index());
    }

    static void leaderFailure(Cluster c) {
        c.one("101", 3, false);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        c.one("102", 2, false);
        c.sleep(ELECTION_TIMEOUT);
        c.one("103", 2, false);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        for (int i = 0; i < 3; i++) {
            c.start(i, "104");
        }
        c.sleep(2 * ELECTION_TIMEOUT);
        noMajorityCommit(c, 4);
    }

    static void failAgree(Cluster c) {
        c.one("101", 3, false);
        int leader = c.checkOneLeader();
        c.disconnect((leader + 1) % 3);
        c.one("102", 2, false);
        c.one("103", 2, false);
        c.sleep(ELECTION_TIMEOUT);
        c.one("104", 2, false);
        c.one("105", 2, false);
        c.connect((leader + 1) % 3);
        c.one("106", 3, true);
        c.sleep(ELECTION_TIMEOUT);
        c.one("107", 3, true);
    }

    static void failNoAgree(Cluster c) {
        int n = c.servers();
        c.one("10", n, false);
        int leader = c.checkOneLeader();
        for (int k = 1; k <= 3; k++) {
            c.disconnect((leader + k) % n);
        }
        Proposal proposal = c.start(leader, "20");
        if (proposal == null || !proposal.isLeader()) {
            throw new HarnessFailure("liveness", "leader n" + leader + " rejected start()");
        }
        if (proposal.index() != 2) {
            throw new HarnessFailure("agreement", "expected index 2, got " + proposal.index());
        }
        c.sleep(2 * ELECTION_TIMEOUT);
        noMajorityCommit(c, proposal.index());
        for (int k = 1; k <= 3; k++) {
            c.connect((leader + k) % n);
        }
        int leader2 = c.checkOneLeader();
        Proposal second = c.start(leader2, "30");
        if (second == null || !second.isLeader()) {
            throw new HarnessFailure("liveness", "leader n" + leader2 + " rejected start()");
        }
        if (second.index() < 2 || second.index() > 3) {
            throw new HarnessFailure("agreement", "unexpected index " + second.index());
        }
        c.one("1000", n, true);
    }

    static void concurrentStarts(Cluster c) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                c.sleep(3000); // give the cluster time to settle
            }
            int leader = c.checkOneLeader();
            Proposal first = c.start(leader, "1");
            if (first == null || !first.isLeader()) {
                continue; // leader moved on quickly
            }
            List<Integer> indexes = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                Proposal p = c.start(leader, Integer.toString(100 + k));
                if (p != null && p.isLeader() && p.term() == first.term()) {
                    indexes.add(p.index());
                }
            }
            boolean termChanged = false;
            for (int i = 0; i < c.servers(); i++) {
                int[] state = c.state(i);
                termChanged |= state != null && state[0] != first.term();
            }
            if (termChanged) {
                continue;
            }
            Set<String> commands = new HashSet<>();
            boolean failed = false;
            for (int index : indexes) {
                String command = c.waitFor(index, c.servers(), first.term());
                if (command == null) {
                    failed = true;
                    break;
                }
                commands.add(command);
            }
            if (failed) {
                continue;
            }
            for (int k = 0; k < indexes.size(); k++) {
                if (!commands.contains(Integer.toString(100 + k))) {
                    throw new HarnessFailure("agreement", "command " + (100 + k) + " missing in " + commands);
                }
            }
            return;
        }
        throw new HarnessFailure("liveness", "term changed too often");
    }

    static void rejoin(Cluster c) {
        c.one("101", 3, true);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        // make the old leader try to agree on some entries
        c.start(leader1, "102");
        c.start(leader1, "103");
        c.start(leader1, "104");
        c.one("103", 2, true);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        c.connect(leader1);
        c.one("104", 2, true);
        c.connect(leader2);
        c.one("105", 3, true);
    }

    static void backup(Cluster c) {
        int n = c.servers();
        c.one(c.randomCommand(), n, true);
        // put the leader and one follower in a partition
        int leader1 = c.checkOneLeader();
        c.disconnect((leader1 + 2) % n);
        c.disconnect((leader1 + 3) % n);
        c.disconnect((leader1 + 4) % n);
        // submit lots of commands that won't commit
        for (int i = 0; i < 50; i++) {
            c.start(leader1, c.randomCommand());
        }
        c.sleep(ELECTION_TIMEOUT / 2);
        c.disconnect(leader1);
        c.disconnect((leader1 + 1) % n);
        // allow the other partition to recover
        c.connect((leader1 + 2) % n);
        c.connect((leader1 + 3) % n);
        c.connect((leader1 + 4) % n);
        for (int i = 0; i < 50; i++) {
            c.one(c.randomCommand(), 3, true);
        }
        // now another partitioned leader and one follower
        int leader2 = c.checkOneLeader();
        int other = (leader1 + 2) % n;
        if (leader2 == other) {
            other = (leader2 + 1) % n;
        }
        c.disconnect(other);
        for (int i = 0; i < 50; i++) {
            c.start(leader2, c.randomCommand());
        }
        c.sleep(ELECTION_TIMEOUT / 2);
        // bring the original leader back to life
        for (int i = 0; i < n; i++) {
            c.disconnect(i);
        }
        c.connect(leader1);
        c.connect((leader1 + 1) % n);
        c.connect(other);
        for (int i = 0; i < 50; i++) {
            c.one(c.randomCommand(), 3, true);
        }
        for (int i = 0; i < n; i++) {
            c.connect(i);
        }
        c.one(c.randomCommand(), n, true);
    }

    static void rpcCount(Cluster c) {
        int n = c.servers();
        int leader = c.checkOneLeader();
        long total1 = c.rpcs();
        if (total1 > 30 || total1 < 1) {
            throw new HarnessFailure("efficiency", "too many or few RPCs (" + total1 + ") to elect the initial leader");
        }
        long total2 = 0;
        boolean success = false;
        attempts:
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                c.sleep(3000);
            }
            leader = c.checkOneLeader();
            total1 = c.rpcs();
            int iterations = 10;
            Proposal first = c.start(leader, "1");
            if (first == null || !first.isLeader()) {
                continue;
            }
            List<String> commands = new ArrayList<>();
            for (int i = 1; i < iterations + 2; i++) {
                String command = c.randomCommand();
                commands.add(command);
                Proposal p = c.start(leader, command);
                if (p == null || !p.isLeader() || p.term() != first.term()) {
                    continue attempts;
                }
                if (p.index() != first.index() + i) {
                    throw new HarnessFailure("agreement", "start() put a command at index " + p.index() + ", expected " + (first.index() + i));
                }
            }
            for (int i = 1; i < iterations + 1; i++) {
                String command = c.waitFor(first.index() + i, n, first.term());
                if (command == null) {
                    continue attempts;
                }
                if (!command.equals(commands.get(i - 1))) {
                    throw new HarnessFailure("agreement", "wrong value " + command + " committed for index " + (first.index() + i)
                            + "; expected " + commands.get(i - 1));
                }
            }
            for (int i = 0; i < n; i++) {
                int[] state = c.state(i);
                if (state == null || state[0] != first.term()) {
                    continue attempts;
                }
            }
            total2 = c.rpcs();
            if (total2 - total1 > (iterations + 1 + 3) * 3) {
                throw new HarnessFailure("efficiency", "too many RPCs (" + (total2 - total1) + ") for " + iterations + " entries");
            }
            success = true;
            break;
        }
        if (!success) {
            throw new HarnessFailure("liveness", "term changed too often");
        }
        c.sleep(ELECTION_TIMEOUT);
        long total3 = c.rpcs();
        if (total3 - total2 > 3 * 20) {
            throw new HarnessFailure("efficiency", "too many RPCs (" + (total3 - total2) + ") for 1 second of idleness");
        }
    }

    static void byteCount(Cluster c) {
        int n = c.servers();
        c.one("99", n, false);
        c.simulation().countBytes();
        long sent = 0;
        for (int index = 2; index < 12; index++) {
            String command = randomString(c, 5000);
            int got = c.one(command, n, false);
            if (got != index) {
                throw new HarnessFailure("agreement", "got index " + got + " but expected " + index);
            }
            sent += command.length();
        }
        long got = c.simulation().bytesSent();
        long expected = n * sent;
        if (got > expected + 50_000) {
            throw new HarnessFailure("efficiency", "too many bytes sent: " + got + ", expected at most " + (expected + 50_000)
                    + " (commands are resent that followers already have)");
        }
    }

    private static String randomString(Cluster c, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + c.random(26)));
        }
        return text.toString();
    }

    // ---- 3C ---------------------------------------------------------------------------------------------------

    static void persist1(Cluster c) {
        int n = c.servers();
        c.one("11", n, true);
        for (int i = 0; i < n; i++) {
            c.restart(i);
        }
        for (int i = 0; i < n; i++) {
            c.disconnect(i);
            c.connect(i);
        }
        c.one("12", n, true);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        c.restart(leader1);
        c.connect(leader1);
        c.one("13", n, true);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        c.one("14", n - 1, true);
        c.restart(leader2);
        c.connect(leader2);
        c.waitFor(4, n, -1); // wait for leader2 to join before killing i3
        int i3 = (c.checkOneLeader() + 1) % n;
        c.disconnect(i3);
        c.one("15", n - 1, true);
        c.restart(i3);
        c.connect(i3);
        c.one("16", n, true);
    }

    static void persist2(Cluster c) {
        int n = c.servers();
        int index = 1;
        for (int iteration = 0; iteration < 5; iteration++) {
            c.one(Integer.toString(10 + index++), n, true);
            int leader1 = c.checkOneLeader();
            c.disconnect((leader1 + 1) % n);
            c.disconnect((leader1 + 2) % n);
            c.one(Integer.toString(10 + index++), n - 2, true);
            c.disconnect(leader1);
            c.disconnect((leader1 + 3) % n);
            c.disconnect((leader1 + 4) % n);
            c.restart((leader1 + 1) % n);
            c.restart((leader1 + 2) % n);
            c.connect((leader1 + 1) % n);
            c.connect((leader1 + 2) % n);
            c.sleep(ELECTION_TIMEOUT);
            c.restart((leader1 + 3) % n);
            c.connect((leader1 + 3) % n);
            c.one(Integer.toString(10 + index++), n - 2, true);
            c.connect((leader1 + 4) % n);
            c.connect(leader1);
        }
        c.one("1000", n, true);
    }

    static void persist3(Cluster c) {
        c.one("101", 3, true);
        int leader = c.checkOneLeader();
        c.disconnect((leader + 2) % 3);
        c.one("102", 2, true);
        c.crash(leader);
        c.crash((leader + 1) % 3);
        c.connect((leader + 2) % 3);
        c.restart(leader);
        c.connect(leader);
        c.one("103", 2, true);
        c.restart((leader + 1) % 3);
        c.connect((leader + 1) % 3);
        c.one("104", 3, true);
    }

    static void figure8(Cluster c) {
        int n = c.servers();
        c.one(c.randomCommand(), 1, true);
        int up = n;
        for (int iteration = 0; iteration < 1000; iteration++) {
            int leader = -1;
            for (int i = 0; i < n; i++) {
                Proposal p = c.start(i, c.randomCommand());
                if (p != null && p.isLeader()) {
                    leader = i;
                }
            }
            c.sleep(c.random(1000) < 100 ? c.random((int) (ELECTION_TIMEOUT / 2)) : c.random(13));
            if (leader != -1) {
                c.crash(leader);
                up--;
            }
            if (up < 3) {
                int s = c.random(n);
                if (!c.up(s)) {
                    c.restart(s);
                    c.connect(s);
                    up++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!c.up(i)) {
                c.restart(i);
                c.connect(i);
            }
        }
        c.one(c.randomCommand(), n, true);
    }

    static void unreliableAgree(Cluster c) {
        for (int iteration = 1; iteration < 50; iteration++) {
            for (int j = 0; j < 4; j++) {
                c.one(Integer.toString(100 * iteration + j), 1, true);
            }
            c.one(Integer.toString(iteration), 1, true);
        }
        c.reliable(true);
        c.one("100", c.servers(), true);
    }

    static void figure8Unreliable(Cluster c) {
        int n = c.servers();
        c.one(Integer.toString(c.random(10000)), 1, true);
        int connected = n;
        for (int iteration = 0; iteration < 1000; iteration++) {
            if (iteration == 200) {
                c.longReordering(true);
            }
            int leader = -1;
            for (int i = 0; i < n; i++) {
                Proposal p = c.start(i, Integer.toString(c.random(10000)));
                if (p != null && p.isLeader() && c.connected(i)) {
                    leader = i;
                }
            }
            c.sleep(c.random(1000) < 100 ? c.random((int) (ELECTION_TIMEOUT / 2)) : c.random(13));
            if (leader != -1 && c.random(1000) < ELECTION_TIMEOUT / 2) {
                c.disconnect(leader);
                connected--;
            }
            if (connected < 3) {
                int s = c.random(n);
                if (!c.connected(s)) {
                    c.connect(s);
                    connected++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            c.connect(i);
        }
        c.one(Integer.toString(c.random(10000)), n, true);
    }

    /**
     * MIT's internalChurn: three clients keep proposing (each a loop of simulator actions, so they interleave
     * with the nodes as the tester's goroutines do) while servers are disconnected, crashed and restarted.
     */
    static void churn(Cluster c, boolean unreliable) {
        int n = c.servers();
        boolean[] stop = {false};
        List<String> acknowledged = new ArrayList<>();
        for (int client = 0; client < 3; client++) {
            new ChurnClient(c, client, stop, acknowledged).propose();
        }
        for (int iteration = 0; iteration < 20; iteration++) {
            if (c.random(1000) < 200) {
                c.disconnect(c.random(n));
            }
            if (c.random(1000) < 500) {
                int i = c.random(n);
                if (!c.up(i)) {
                    c.restart(i);
                }
                c.connect(i);
            }
            if (c.random(1000) < 200) {
                int i = c.random(n);
                if (c.up(i)) {
                    c.crash(i);
                }
            }
            // MIT sleeps 7/10 of an election timeout: longer than Raft's own timeouts, so leaders do get elected
            c.sleep(ELECTION_TIMEOUT * 7 / 10);
        }
        c.sleep(ELECTION_TIMEOUT);
        if (unreliable) {
            c.reliable(true);
        }
        for (int i = 0; i < n; i++) {
            if (!c.up(i)) {
                c.restart(i);
            }
            c.connect(i);
        }
        stop[0] = true;
        int lastIndex = c.one(c.randomCommand(), n, true);
        Set<String> really = new HashSet<>();
        for (int index = 1; index <= lastIndex; index++) {
            really.add(c.waitFor(index, n, -1));
        }
        for (String value : acknowledged) {
            if (!really.contains(value)) {
                throw new HarnessFailure("durability", "a client saw " + value + " committed, but it is not in the final log");
            }
        }
    }

    private static final class ChurnClient {
        private static final long[] CHECK_DELAYS = {10, 20, 50, 100, 200};
        private final Cluster c;
        private final int me;
        private final boolean[] stop;
        private final List<String> acknowledged;

        ChurnClient(Cluster c, int me, boolean[] stop, List<String> acknowledged) {
            this.c = c;
            this.me = me;
            this.stop = stop;
            this.acknowledged = acknowledged;
        }

        void propose() {
            if (stop[0]) {
                return;
            }
            String value = c.randomCommand();
            for (int i = 0; i < c.servers(); i++) {
                Proposal p = c.start(i, value);
                if (p != null && p.isLeader()) {
                    check(value, p.index(), 0);
                    return;
                }
            }
            c.simulation().schedule(79 + me * 17L, this::propose);
        }

        private void check(String value, int index, int attempt) {
            if (attempt == CHECK_DELAYS.length) {
                propose();
                return;
            }
            c.simulation().schedule(CHECK_DELAYS[attempt], () -> {
                Cluster.Committed committed = c.committed(index);
                if (committed.servers() > 0) {
                    if (value.equals(committed.command())) {
                        acknowledged.add(value);
                    }
                    propose();
                } else {
                    check(value, index, attempt + 1);
                }
            });
        }
    }

    // ---- 3D ---------------------------------------------------------------------------------------------------

    static void snapCommon(Cluster c, boolean disconnect, boolean crash) {
        int n = c.servers();
        c.one(c.randomCommand(), n, true);
        int leader1 = c.checkOneLeader();
        for (int iteration = 0; iteration < 30; iteration++) {
            int victim = (leader1 + 1) % n;
            int sender = leader1;
            if (iteration % 3 == 1) {
                sender = (leader1 + 1) % n;
                victim = leader1;
            }
            if (disconnect) {
                c.disconnect(victim);
                c.one(c.randomCommand(), n - 1, true);
            }
            if (crash) {
                c.crash(victim);
                c.one(c.randomCommand(), n - 1, true);
            }
            // perhaps send enough to get a snapshot
            int count = SNAPSHOT_INTERVAL / 2 + c.random(SNAPSHOT_INTERVAL);
            for (int i = 0; i < count; i++) {
                c.start(sender, c.randomCommand());
            }
            // let the appliers catch up with the starts
            c.one(c.randomCommand(), disconnect || crash ? n - 1 : n, true);
            if (c.logSize() >= MAX_LOG_BYTES) {
                throw new HarnessFailure("snapshots", "persisted Raft state is " + c.logSize() + " B: the log is not being trimmed");
            }
            if (disconnect) {
                // reconnect a follower, who maybe behind and needs to receive a snapshot to catch up
                c.connect(victim);
                c.one(c.randomCommand(), n, true);
                leader1 = c.checkOneLeader();
            }
            if (crash) {
                c.restart(victim);
                c.connect(victim);
                c.one(c.randomCommand(), n, true);
                leader1 = c.checkOneLeader();
            }
        }
    }

    static void snapshotAllCrash(Cluster c) {
        int n = c.servers();
        c.one(c.randomCommand(), n, true);
        for (int iteration = 0; iteration < 5; iteration++) {
            int count = SNAPSHOT_INTERVAL / 2 + c.random(SNAPSHOT_INTERVAL);
            for (int i = 0; i < count; i++) {
                c.one(c.randomCommand(), n, true);
            }
            int index1 = c.one(c.randomCommand(), n, true);
            for (int i = 0; i < n; i++) {
                c.crash(i);
            }
            for (int i = 0; i < n; i++) {
                c.restart(i);
                c.connect(i);
            }
            int index2 = c.one(c.randomCommand(), n, true);
            if (index2 < index1 + 1) {
                throw new HarnessFailure("persistence", "index decreased from " + index1 + " to " + index2);
            }
        }
    }

    static void snapshotInit(Cluster c) {
        int n = c.servers();
        c.one(c.randomCommand(), n, true);
        // enough ops to make a snapshot
        for (int i = 0; i < SNAPSHOT_INTERVAL + 1; i++) {
            c.one(c.randomCommand(), n, true);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                c.crash(i);
            }
            for (int i = 0; i < n; i++) {
                c.restart(i);
                c.connect(i);
            }
            // a single op, to get something to be written back to persistent storage
            c.one(c.randomCommand(), n, true);
        }
    }

    private static void noMajorityCommit(Cluster c, int index) {
        int servers = c.committed(index).servers();
        if (servers > 0) {
            throw new HarnessFailure("agreement", servers + " servers applied index " + index + " without a majority");
        }
    }
}
