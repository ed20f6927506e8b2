package dev.dslab.consensus.kv;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.Verdict;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key-value service under test (MIT 6.5840 Lab 4's {@code config.go} and {@code test_test.go} helpers) in
 * simulated time: servers 0 to n - 1, each a {@link KvServer} on a Raft peer, and clerks n to n + c - 1 on
 * the same network. Clerks never crash and a partition only separates servers (the clerks reach every
 * server, as MIT's clients do), so a stale leader on the minority side keeps getting requests.
 *
 * <p>{@link #finish()} stops the clerks, heals the network, lets every open request finish, reads the
 * append keys through the service and checks: the register history (gets, puts, compare-and-sets) is
 * linearizable, every acknowledged append is in its key's final value exactly once and in its client's
 * order (MIT's checkClntAppends), and every server that applied the same prefix holds the same map.
 */
public final class KvCluster {
    /** MIT's check: the persisted Raft state stays under 8 x maxraftstate. */
    public static final int RAFT_STATE_SLACK = 8;
    public static final long STEP_BUDGET = 3_000_000;
    private static final Pattern APPENDED = Pattern.compile("\\[([^\\]]*)\\]");

    private final Simulation<Node> sim;
    private final int servers;
    private final int clerks;
    private final int maxRaftState;
    private final KvHistory history = new KvHistory();
    private final Set<String> appendKeys;
    private Duration checkTime = Duration.ZERO;
    private int checkedOperations;

    public KvCluster(RaftFactory raft, Set<KvFlaw> flaws, int servers, int clerks, long seed, NetworkProfile profile,
                     int maxRaftState, Set<String> appendKeys, Trace trace) {
        this.servers = servers;
        this.clerks = clerks;
        this.maxRaftState = maxRaftState;
        this.appendKeys = Set.copyOf(appendKeys);
        this.sim = new Simulation<>(seed, servers + clerks,
                id -> id < servers ? new KvServer(raft, servers, maxRaftState, flaws)
                        : new ClerkNode("c" + (id - servers), servers, history), profile, trace);
        long[] steps = {0};
        sim.addListener(node -> {
            if (++steps[0] > STEP_BUDGET) {
                throw new HarnessFailure("step budget", "over " + STEP_BUDGET + " simulator steps by " + sim.now() + " ms");
            }
        });
        sim.start();
    }

    public Simulation<Node> simulation() {
        return sim;
    }

    public int servers() {
        return servers;
    }

    public KvHistory history() {
        return history;
    }

    public int random(int bound) {
        return sim.random().nextInt(bound);
    }

    public void sleep(long millis) {
        sim.runFor(millis);
        checkRaftStateSize();
    }

    public ClerkNode clerk(int index) {
        return (ClerkNode) sim.node(servers + index);
    }

    /** The server's running instance, or null while it is crashed. */
    public KvServer server(int index) {
        return (KvServer) sim.node(index);
    }

    /** Every clerk runs {@code workload} until {@link #finish()}. */
    public void startClerks(ClerkNode.Workload workload) {
        for (int i = 0; i < clerks; i++) {
            clerk(i).run(workload);
        }
    }

    /** Servers reach each other only within their group; clerks still reach every server. */
    public void partition(int[]... groups) {
        sim.heal();
        int[] groupOf = new int[servers];
        java.util.Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.length; g++) {
            for (int server : groups[g]) {
                groupOf[server] = g;
            }
        }
        for (int a = 0; a < servers; a++) {
            for (int b = 0; b < servers; b++) {
                if (a != b && (groupOf[a] == -1 || groupOf[a] != groupOf[b])) {
                    sim.cut(a, b);
                }
            }
        }
    }

    /** A random split of the servers in two (MIT's make_partition), the first group possibly the smaller. */
    public void randomPartition() {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            (random(2) == 0 ? first : second).add(i);
        }
        partition(first.stream().mapToInt(Integer::intValue).toArray(), second.stream().mapToInt(Integer::intValue).toArray());
    }

    public void heal() {
        sim.heal();
    }

    public void profile(NetworkProfile profile) {
        sim.profile(profile);
    }

    /** The server stops; only its persister (Raft state and snapshot) survives. */
    public void crash(int server) {
        sim.crash(server);
    }

    public void restart(int server) {
        sim.restart(server);
    }

    public void crashAll() {
        for (int i = 0; i < servers; i++) {
            crash(i);
        }
    }

    public void restartAll() {
        for (int i = 0; i < servers; i++) {
            restart(i);
        }
    }

    /** The largest persisted Raft state and snapshot over the servers, in bytes. */
    public int[] persistedSizes() {
        int state = 0;
        int snapshot = 0;
        for (int i = 0; i < servers; i++) {
            state = Math.max(state, sim.persister(i).stateSize());
            snapshot = Math.max(snapshot, sim.persister(i).snapshotSize());
        }
        return new int[] {state, snapshot};
    }

    private void checkRaftStateSize() {
        if (maxRaftState > 0 && persistedSizes()[0] > RAFT_STATE_SLACK * maxRaftState) {
            throw new HarnessFailure("snapshot size", "a server's Raft state is " + persistedSizes()[0] + " B, over "
                    + RAFT_STATE_SLACK + " x maxraftstate " + maxRaftState + ": the service does not snapshot, or Raft keeps the log");
        }
    }

    /** Stops the clerks, heals, waits for every answer, then runs the end-of-run checks (see the class comment). */
    public void finish() {
        for (int i = 0; i < clerks; i++) {
            clerk(i).stop();
        }
        heal();
        for (int i = 0; i < servers; i++) {
            if (!sim.isUp(i)) {
                restart(i);
            }
        }
        sim.profile(NetworkProfile.reliable());
        if (!sim.runUntil(this::clerksIdle, 60_000)) {
            throw new HarnessFailure("liveness", "clerks still waiting for answers 60 s after the network healed");
        }
        for (String key : new TreeSet<>(appendKeys)) {
            clerk(0).script((client, seq, random) -> KvOp.get(client, seq, key));
        }
        if (!sim.runUntil(this::clerksIdle, 30_000)) {
            throw new HarnessFailure("liveness", "the final reads got no answer within 30 s");
        }
        checkRaftStateSize();
        checkLinearizable();
        checkAppends();
        checkReplicasAgree();
    }

    private boolean clerksIdle() {
        for (int i = 0; i < clerks; i++) {
            if (!clerk(i).idle()) {
                return false;
            }
        }
        return true;
    }

    public Duration checkTime() {
        return checkTime;
    }

    public int checkedOperations() {
        return checkedOperations;
    }

    private void checkLinearizable() {
        var operations = history.registerOperations(appendKeys);
        checkedOperations = operations.size();
        CheckResult result = new LinearizabilityChecker(Duration.ofSeconds(20)).check(operations);
        checkTime = result.elapsed();
        if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
            throw new HarnessFailure("linearizability", result.violations().get(0).toString());
        }
        if (result.verdict() == Verdict.UNKNOWN) {
            throw new HarnessFailure("linearizability", "the checker ran out of its 20 s budget on " + operations.size() + " operations");
        }
    }

    /** MIT's checkClntAppends and checkConcurrentAppends, on the final value of each append key. */
    private void checkAppends() {
        Map<String, String> finalValue = new HashMap<>();
        List<KvHistory.Entry> entries = history.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            KvHistory.Entry entry = entries.get(i);
            if (entry.op().kind() == KvOp.Kind.GET && appendKeys.contains(entry.op().key()) && entry.completed()) {
                finalValue.putIfAbsent(entry.op().key(), entry.result().value() == null ? "" : entry.result().value());
            }
        }
        for (String key : appendKeys) {
            String value = finalValue.getOrDefault(key, "");
            Map<String, Integer> seen = new HashMap<>();
            List<String> order = new ArrayList<>();
            Matcher matcher = APPENDED.matcher(value);
            while (matcher.find()) {
                seen.merge(matcher.group(1), 1, Integer::sum);
                order.add(matcher.group(1));
            }
            Map<String, Long> lastSeqOfClient = new HashMap<>();
            for (String token : order) {
                if (seen.get(token) > 1) {
                    throw new HarnessFailure("appends", "key " + key + ": append " + token + " applied " + seen.get(token)
                            + " times (a retried or duplicated request applied again)");
                }
                String client = token.substring(0, token.indexOf(':'));
                long seq = Long.parseLong(token.substring(token.indexOf(':') + 1));
                Long before = lastSeqOfClient.put(client, seq);
                if (before != null && before > seq) {
                    throw new HarnessFailure("appends", "key " + key + ": " + client + "'s append " + seq + " after its append " + before);
                }
            }
            for (KvHistory.Entry entry : entries) {
                KvOp op = entry.op();
                if (op.kind() == KvOp.Kind.APPEND && op.key().equals(key) && entry.completed()
                        && !seen.containsKey(op.client() + ":" + op.seq())) {
                    throw new HarnessFailure("appends", "key " + key + ": acknowledged append " + op.client() + ":" + op.seq()
                            + " missing from the final value");
                }
            }
        }
    }

    private void checkReplicasAgree() {
        if (!sim.runUntil(() -> {
            int applied = -1;
            for (int i = 0; i < servers; i++) {
                int mine = server(i).lastApplied();
                if (applied != -1 && mine != applied) {
                    return false;
                }
                applied = mine;
            }
            return true;
        }, 10_000)) {
            throw new HarnessFailure("liveness", "servers did not apply the same prefix within 10 s of healing");
        }
        Map<String, String> first = server(0).data();
        for (int i = 1; i < servers; i++) {
            if (!server(i).data().equals(first)) {
                throw new HarnessFailure("state machine safety", "n0 and n" + i + " applied the same prefix through index "
                        + server(i).lastApplied() + " but hold different maps");
            }
        }
    }

    /** The value an append writes: the client and request number, bracketed so the final value parses back. */
    public static String appendToken(String client, long seq) {
        return "[" + client + ":" + seq + "]";
    }
}
