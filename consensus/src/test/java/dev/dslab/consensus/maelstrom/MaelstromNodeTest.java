package dev.dslab.consensus.maelstrom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.Verdict;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speaks Maelstrom's protocol (init, read, write, cas and their replies and error codes) to the Raft key-value
 * node launched as real child JVMs: one node alone, then three wired through an in-test router, whose
 * clients' history, with the leader cut off for a while, the linearizability checker accepts.
 */
class MaelstromNodeTest {

    @Test
    void aSingleNodeAnswersEveryRequestKind(@TempDir Path logs) throws Exception {
        try (MaelstromCluster cluster = new MaelstromCluster(1, logs)) {
            cluster.init();
            JsonNode missing = awaitLeaderAnswer(cluster, "n1", cluster.read(3));
            assertThat(missing.path("type").asText()).isEqualTo("error");
            assertThat(missing.path("code").asInt()).isEqualTo(20);
            assertThat(cluster.call("c1", "n1", cluster.write(3, 4)).path("type").asText()).isEqualTo("write_ok");
            JsonNode read = cluster.call("c1", "n1", cluster.read(3));
            assertThat(read.path("type").asText()).isEqualTo("read_ok");
            assertThat(read.path("value").asInt()).isEqualTo(4);
            assertThat(cluster.call("c1", "n1", cluster.cas(3, 4, 5)).path("type").asText()).isEqualTo("cas_ok");
            JsonNode mismatch = cluster.call("c1", "n1", cluster.cas(3, 4, 6));
            assertThat(mismatch.path("code").asInt()).isEqualTo(22);
            assertThat(cluster.call("c1", "n1", cluster.cas(9, 1, 2)).path("code").asInt()).isEqualTo(20);
            assertThat(cluster.call("c2", "n1", cluster.read(3)).path("value").asInt()).isEqualTo(5);
            // keys and values are any JSON: a string key and a list value come back as written
            assertThat(cluster.call("c2", "n1", cluster.write("k|%", List.of(1, "two"))).path("type").asText()).isEqualTo("write_ok");
            assertThat(cluster.call("c2", "n1", cluster.read("k|%")).path("value").toString()).isEqualTo("[1,\"two\"]");
            JsonNode unsupported = cluster.call("c2", "n1", cluster.read(1).put("type", "echo"));
            assertThat(unsupported.path("code").asInt()).isEqualTo(10);
            JsonNode malformed = cluster.call("c2", "n1", cluster.read(1).put("type", "write"));
            assertThat(malformed.path("code").asInt()).isEqualTo(12);
            assertThat(malformed.path("text").asText()).isEqualTo("write needs value");
            assertThat(cluster.malformed).isEmpty();
        }
    }

    @Test
    void threeNodesStayLinearizableWhileTheLeaderIsCutOff(@TempDir Path logs) throws Exception {
        // the reference named as a learner's Raft would be, and a small snapshot threshold: the cut-off leader
        // catches up by an InstallSnapshot that travels as JSON
        try (MaelstromCluster cluster = new MaelstromCluster(3, logs, "--raft", ReferenceRaft.class.getName(), "--max-raft-state", "500")) {
            cluster.init();
            String leader = findLeader(cluster);
            List<String> followers = cluster.ids().stream().filter(node -> !node.equals(leader)).toList();
            // a follower forwards to the leader and relays its answer
            assertThat(cluster.call("c1", followers.get(0), cluster.write("f", 1)).path("type").asText()).isEqualTo("write_ok");
            assertThat(cluster.call("c1", followers.get(1), cluster.read("f")).path("value").asInt()).isEqualTo(1);
            assertThat(cluster.call("c1", followers.get(1), cluster.read("nothing")).path("code").asInt()).isEqualTo(20);
            List<Operation> history = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger okAfterCut = new AtomicInteger();
            long[] cutAt = {Long.MAX_VALUE};
            List<Thread> clients = new ArrayList<>();
            for (int c = 1; c <= 3; c++) {
                int client = c;
                Thread thread = new Thread(() -> runClient(cluster, client, history, okAfterCut, cutAt), "client-" + c);
                clients.add(thread);
                thread.start();
            }
            // the healthy cluster serves the clients first
            await().atMost(Duration.ofSeconds(20)).until(() -> okCount(history) >= 10);
            cluster.isolate(leader);
            cutAt[0] = System.nanoTime();
            // the majority elects a new leader and commits past the cut-off leader's log; with 500 bytes of state per
            // snapshot, ten operations leave that leader behind the snapshot, so it catches up by an InstallSnapshot
            await().atMost(Duration.ofSeconds(20)).until(() -> okAfterCut.get() >= 10);
            cluster.heal();
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.delivered.containsKey("Messages$InstallSnapshotReply"));
            stop = true;
            for (Thread thread : clients) {
                thread.join(10_000);
            }
            CheckResult result = new LinearizabilityChecker(Duration.ofSeconds(10)).check(history);
            assertThat(result.verdict()).as("%s", result.violations()).isEqualTo(Verdict.LINEARIZABLE);
            assertThat(history.stream().filter(op -> op.outcome() == Operation.Outcome.OK).count()).isGreaterThan(20);
            assertThat(okAfterCut.get()).as("operations the majority's new leader completed").isPositive();
            assertThat(cluster.malformed).isEmpty();
            assertThat(cluster.delivered.keySet()).as("messages between nodes: %s", cluster.delivered)
                    .contains("Messages$InstallSnapshot", "Messages$InstallSnapshotReply", "kv_forward", "kv_forward_result");
            for (String node : cluster.ids()) {
                assertThat(cluster.log(node)).as(node + "'s log").doesNotContain("failed on");
            }
        }
    }

    private volatile boolean stop;

    private static long okCount(List<Operation> history) {
        synchronized (history) {
            return history.stream().filter(op -> op.outcome() == Operation.Outcome.OK).count();
        }
    }

    /** One Maelstrom-like client: random reads, writes and compare-and-sets on two keys, trying nodes until one leads. */
    private void runClient(MaelstromCluster cluster, int client, List<Operation> history, AtomicInteger okAfterCut, long[] cutAt) {
        Random random = new Random(client);
        String name = "c" + client;
        int node = random.nextInt(cluster.ids().size());
        int written = 0;
        while (!stop) {
            String key = "k" + random.nextInt(2);
            int dice = random.nextInt(10);
            String value = client + "-" + written++;
            var body = dice < 4 ? cluster.read(key) : dice < 8 ? cluster.write(key, value) : cluster.cas(key, client + "-" + random.nextInt(written), value);
            long invoked = System.nanoTime();
            JsonNode reply = cluster.tryCall(name, cluster.ids().get(node), body, 1_000);
            long completed = System.nanoTime();
            int code = reply == null ? 0 : reply.path("code").asInt(-1);
            if (reply != null && reply.path("type").asText().equals("error") && code == 11) {
                node = (node + 1) % cluster.ids().size();
                continue;   // definitely not done: try the next node
            }
            Operation.Outcome outcome = reply == null || code == 0 ? Operation.Outcome.INDETERMINATE
                    : code == 20 || code == 22 ? Operation.Outcome.FAIL : Operation.Outcome.OK;
            node = random.nextInt(cluster.ids().size());   // Maelstrom's clients pick any node
            String type = body.path("type").asText();
            Operation op = switch (type) {
                case "read" -> Operation.read(client, key, code == 20 ? null : reply == null ? null : text(reply.path("value")),
                        invoked, completed, code == 20 ? Operation.Outcome.OK : outcome);
                case "write" -> Operation.write(client, key, value, invoked, completed, outcome);
                default -> Operation.cas(client, key, body.path("from").asText(), value, invoked, completed, outcome);
            };
            history.add(op);
            if (outcome == Operation.Outcome.OK && invoked > cutAt[0]) {
                okAfterCut.incrementAndGet();
            }
        }
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() ? null : value.asText();
    }

    /** The node that accepts a write, trying each in turn while the election settles. */
    private static String findLeader(MaelstromCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String node : cluster.ids()) {
                JsonNode reply = cluster.tryCall("c9", node, cluster.write("probe", node), 2_000);
                if (reply != null && reply.path("type").asText().equals("write_ok")) {
                    return node;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no node accepted a write within 10 s");
    }

    /** The first answer that is not "temporarily unavailable" (no leader elected yet). */
    private static JsonNode awaitLeaderAnswer(MaelstromCluster cluster, String node, com.fasterxml.jackson.databind.node.ObjectNode body)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode reply = cluster.tryCall("c1", node, body.deepCopy(), 2_000);
            if (reply != null && reply.path("code").asInt(-1) != 11) {
                return reply;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(node + " never left 'temporarily unavailable'");
    }
}
