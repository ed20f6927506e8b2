package dev.dslab.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetException;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.Verdict;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The replication front on a real daemon (real dynalite), driven by SDK v2 clients through the edge. */
class DynamoDbReplicationTest {

    @TempDir
    static Path home;

    static LocalTargetClient target;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void startTarget() {
        target = new LocalTargetClient(home);
        URI edge = target.ensureRunning(0).edge();
        // no SDK retries: a fault's 500 must reach the test, not be retried away
        dynamo = EdgeClients.of(edge).configure(DynamoDbClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60))
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
        createTable("registers", false);
        createTable("orders", true);
    }

    @AfterAll
    static void stopTarget() {
        dynamo.close();
        target.stop();
    }

    @AfterEach
    void healAndReset() {
        target.control("dynamodb/fault", Map.of("action", "heal"));
        target.control("dynamodb/replication", Map.of("lagMedianMillis", 20, "lagP99Millis", 200, "gsiLagMedianMillis", 100,
                "gsiLagP99Millis", 1000, "ack", "quorum", "electionMillis", 1500));
    }

    static void createTable(String name, boolean withIndex) {
        dynamo.createTable(table -> {
            table.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            if (withIndex) {
                table.attributeDefinitions(attribute("pk"), attribute("customer"))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-customer")
                                .keySchema(KeySchemaElement.builder().attributeName("customer").keyType(KeyType.HASH).build())
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
            } else {
                table.attributeDefinitions(attribute("pk"));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() ->
                dynamo.describeTable(d -> d.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
    }

    static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static void put(String table, String pk, String value) {
        dynamo.putItem(p -> p.tableName(table).item(Map.of("pk", s(pk), "v", s(value))));
    }

    static String read(String table, String pk, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("pk", s(pk))).consistentRead(consistent)).item();
        return item == null || !item.containsKey("v") ? null : item.get("v").s();
    }

    static void awaitFollowersCaughtUp() {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonNode replicas = target.control("dynamodb/fault", null).at("/tables/registers/replicas");
            return replicas.get(1).get("appliedSeq").equals(replicas.get(0).get("appliedSeq"))
                    && replicas.get(2).get("appliedSeq").equals(replicas.get(0).get("appliedSeq"));
        });
    }

    @Test
    void hiddenReplicasAreInvisibleAndRefused() {
        assertThat(dynamo.listTables().tableNames()).contains("orders", "registers").noneMatch(name -> name.contains("__dslab_"));
        assertThat(dynamo.listTables(l -> l.limit(1)).lastEvaluatedTableName()).isEqualTo("orders");
        assertThatThrownBy(() -> dynamo.getItem(g -> g.tableName("registers__dslab_r2").key(Map.of("pk", s("a")))))
                .hasMessageContaining("reserved by the dslab local target");
        assertThatThrownBy(() -> dynamo.describeTable(d -> d.tableName("orders__dslab_gsi")))
                .hasMessageContaining("reserved by the dslab local target");
    }

    @Test
    void eventualReadsAreStaleWithLagStrongReadsNever() {
        target.control("dynamodb/replication", Map.of("lagMedianMillis", 150, "lagP99Millis", 400, "seed", 7));
        int staleEventual = 0;
        for (int i = 0; i < 20; i++) {
            String value = "v" + i;
            put("registers", "stale", value);
            assertThat(read("registers", "stale", true)).isEqualTo(value);
            for (int r = 0; r < 3; r++) {
                if (!value.equals(read("registers", "stale", false))) {
                    staleEventual++;
                }
            }
        }
        assertThat(staleEventual).as("stale eventually consistent reads out of 60").isPositive();
    }

    @Test
    void eventualReadsCostHalfOfStrongOnes() {
        put("registers", "cost", "x");
        double strong = dynamo.getItem(g -> g.tableName("registers").key(Map.of("pk", s("cost"))).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits();
        var eventual = dynamo.getItem(g -> g.tableName("registers").key(Map.of("pk", s("cost")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(eventual.tableName()).isEqualTo("registers");
        assertThat(eventual.capacityUnits()).isEqualTo(strong / 2);
    }

    @Test
    void withLagZeroEveryHistoryIsLinearizable() throws Exception {
        target.control("dynamodb/replication", Map.of("lagMedianMillis", 0, "lagP99Millis", 0, "gsiLagMedianMillis", 0,
                "gsiLagP99Millis", 0));
        List<String> keys = List.of("lin-a", "lin-b", "lin-c");
        List<Operation> history = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                int client = c;
                running.add(clients.submit(() -> runClient(client, keys, history)));
            }
            for (Future<?> run : running) {
                run.get();
            }
        } finally {
            clients.shutdownNow();
        }
        CheckResult result = new LinearizabilityChecker(Duration.ofSeconds(20)).check(history);
        assertThat(result.verdict()).as("%s", result.violations()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(history).hasSizeGreaterThan(500);
    }

    private static void runClient(int client, List<String> keys, List<Operation> history) {
        Random random = new Random(client);
        for (int i = 0; i < 100; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            String value = client + "-" + i;
            int choice = random.nextInt(4);
            long start = System.nanoTime();
            switch (choice) {
                case 0, 1 -> {
                    String seen = read("registers", key, choice == 1);
                    history.add(Operation.read(client, key, seen, start, System.nanoTime(), Operation.Outcome.OK));
                }
                case 2 -> {
                    put("registers", key, value);
                    history.add(Operation.write(client, key, value, start, System.nanoTime(), Operation.Outcome.OK));
                }
                default -> {
                    String expected = read("registers", key, random.nextBoolean());
                    start = System.nanoTime();
                    try {
                        if (expected == null) {
                            dynamo.updateItem(u -> u.tableName("registers").key(Map.of("pk", s(key)))
                                    .updateExpression("SET v = :new").conditionExpression("attribute_not_exists(v)")
                                    .expressionAttributeValues(Map.of(":new", s(value))));
                        } else {
                            dynamo.updateItem(u -> u.tableName("registers").key(Map.of("pk", s(key)))
                                    .updateExpression("SET v = :new").conditionExpression("v = :expected")
                                    .expressionAttributeValues(Map.of(":new", s(value), ":expected", s(expected))));
                        }
                        history.add(Operation.cas(client, key, expected, value, start, System.nanoTime(), Operation.Outcome.OK));
                    } catch (ConditionalCheckFailedException conflict) {
                        history.add(Operation.cas(client, key, expected, value, start, System.nanoTime(), Operation.Outcome.FAIL));
                    }
                }
            }
        }
    }

    @Test
    void gsiCatchesUpAfterItsLag() {
        target.control("dynamodb/replication", Map.of("gsiLagMedianMillis", 1500, "gsiLagP99Millis", 3000));
        dynamo.putItem(p -> p.tableName("orders").item(Map.of("pk", s("o-1"), "customer", s("ada"))));
        long written = System.nanoTime();
        assertThat(dynamo.getItem(g -> g.tableName("orders").key(Map.of("pk", s("o-1"))).consistentRead(true)).item())
                .containsEntry("customer", s("ada"));
        assertThat(queryByCustomer("ada")).isZero();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> queryByCustomer("ada") == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - written)).isGreaterThan(Duration.ofMillis(300));
    }

    private static int queryByCustomer(String customer) {
        return dynamo.query(q -> q.tableName("orders").indexName("by-customer").keyConditionExpression("customer = :c")
                .expressionAttributeValues(Map.of(":c", s(customer)))).count();
    }

    @Test
    void isolatedLeaderRefusesWritesAndStrongReadsButServesEventualReads() {
        target.control("dynamodb/replication", Map.of("lagMedianMillis", 0, "lagP99Millis", 0));
        put("registers", "iso", "before");
        awaitFollowersCaughtUp(); // shipping is asynchronous even at lag 0, and an isolated leader ships nothing
        JsonNode state = target.control("dynamodb/fault", Map.of("action", "isolate-leader"));
        assertThat(state.at("/tables/registers/replicas/0/reachable").asBoolean()).isFalse();

        assertThatThrownBy(() -> put("registers", "iso", "during")).isInstanceOf(InternalServerErrorException.class);
        assertThatThrownBy(() -> read("registers", "iso", true)).isInstanceOf(InternalServerErrorException.class);
        for (int i = 0; i < 10; i++) {
            assertThat(read("registers", "iso", false)).isEqualTo("before");
        }

        target.control("dynamodb/fault", Map.of("action", "heal"));
        put("registers", "iso", "after");
        assertThat(read("registers", "iso", true)).isEqualTo("after");
    }

    @Test
    void quorumWritesSurviveOneIsolatedFollowerButNotTwo() {
        target.control("dynamodb/fault", Map.of("action", "isolate-replica", "replica", 2));
        put("registers", "q", "one-follower");
        for (int i = 0; i < 10; i++) {
            assertThat(read("registers", "q", false)).isEqualTo("one-follower"); // never from the cut-off replica 2
        }
        target.control("dynamodb/fault", Map.of("action", "isolate-replica", "replica", 3));
        assertThatThrownBy(() -> put("registers", "q", "no-follower")).isInstanceOf(InternalServerErrorException.class);
        target.control("dynamodb/fault", Map.of("action", "heal"));
        JsonNode state = target.control("dynamodb/fault", null);
        assertThat(state.at("/tables/registers/replicas/1/appliedSeq").asLong())
                .isEqualTo(state.at("/tables/registers/replicas/0/appliedSeq").asLong());
        assertThat(read("registers", "q", false)).isEqualTo("one-follower");
    }

    @Test
    void crashedLeaderLosesAcknowledgedWritesUnderAckLeaderOnly() {
        // ack=leader and a long lag: the write is acknowledged while only the leader has it
        target.control("dynamodb/replication", Map.of("ack", "leader", "lagMedianMillis", 20_000, "lagP99Millis", 30_000,
                "electionMillis", 200));
        put("registers", "lost", "acknowledged");
        assertThat(read("registers", "lost", true)).isEqualTo("acknowledged");
        target.control("dynamodb/fault", Map.of("action", "crash-leader"));
        assertThatThrownBy(() -> read("registers", "lost", true)).isInstanceOf(InternalServerErrorException.class);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                target.control("dynamodb/fault", null).at("/tables/registers/leader").asInt() > 1);
        assertThat(read("registers", "lost", true)).as("the acknowledged write is lost").isNull();
        target.control("dynamodb/fault", Map.of("action", "heal"));
        assertThat(target.control("dynamodb/fault", null).at("/tables/registers/replicas/0/role").asText()).isEqualTo("follower");

        // ack=quorum: an acknowledged write is on a follower too, and the election picks the longest log
        target.control("dynamodb/replication", Map.of("ack", "quorum", "lagMedianMillis", 20, "lagP99Millis", 100));
        put("registers", "kept", "acknowledged");
        target.control("dynamodb/fault", Map.of("action", "crash-leader"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !target.control("dynamodb/fault", null).at("/tables/registers/leader").isNull());
        assertThat(read("registers", "kept", true)).isEqualTo("acknowledged");
        assertThat(read("registers", "kept", false)).isEqualTo("acknowledged");
    }

    @Test
    void transactionWritesAllItemsAndReplicatesThem() {
        put("registers", "tx-old", "gone-soon");
        put("registers", "tx-count", "1");
        var response = dynamo.transactWriteItems(t -> t.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("registers").item(Map.of("pk", s("tx-new"), "v", s("fresh")))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName("registers").key(Map.of("pk", s("tx-count")))
                        .updateExpression("SET v = :two").conditionExpression("v = :one")
                        .expressionAttributeValues(Map.of(":one", s("1"), ":two", s("2")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("registers").key(Map.of("pk", s("tx-old")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("orders").key(Map.of("pk", s("absent")))
                        .conditionExpression("attribute_not_exists(pk)")).build()));
        assertThat(response.consumedCapacity()).extracting(c -> c.tableName()).contains("registers");
        assertThat(read("registers", "tx-new", true)).isEqualTo("fresh");
        assertThat(read("registers", "tx-count", true)).isEqualTo("2");
        assertThat(read("registers", "tx-old", true)).isNull();
        awaitFollowersCaughtUp();
        for (int i = 0; i < 6; i++) {
            assertThat(read("registers", "tx-count", false)).isEqualTo("2");
        }
        List<ItemResponse> got = dynamo.transactGetItems(t -> t.transactItems(
                g -> g.get(x -> x.tableName("registers").key(Map.of("pk", s("tx-new")))),
                g -> g.get(x -> x.tableName("registers").key(Map.of("pk", s("tx-old")))))).responses();
        assertThat(got.get(0).item()).containsEntry("v", s("fresh"));
        assertThat(got.get(1).hasItem()).isFalse();
    }

    @Test
    void cancelledTransactionWritesNothingAndGivesOneReasonPerItem() {
        put("registers", "tx-guard", "locked");
        assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("registers").item(Map.of("pk", s("tx-never"), "v", s("x")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("registers").key(Map.of("pk", s("tx-guard")))
                        .conditionExpression("v = :open").expressionAttributeValues(Map.of(":open", s("open")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build())))
                .isInstanceOfSatisfying(TransactionCanceledException.class, cancelled -> {
                    assertThat(cancelled.awsErrorDetails().errorMessage()).isEqualTo(
                            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
                    assertThat(cancelled.cancellationReasons()).extracting(r -> r.code()).containsExactly("None", "ConditionalCheckFailed");
                    assertThat(cancelled.cancellationReasons().get(1).item()).containsEntry("v", s("locked"));
                });
        assertThat(read("registers", "tx-never", true)).isNull();

        assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("registers").item(Map.of("pk", s("tx-twice"), "v", s("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("registers").key(Map.of("pk", s("tx-twice")))).build())))
                .hasMessageContaining("Transaction request cannot include multiple operations on one item");
    }

    @Test
    void aClientRequestTokenMakesATransactionIdempotent() {
        TransactWriteItemsRequest first = TransactWriteItemsRequest.builder().clientRequestToken("token-1").transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("registers").item(Map.of("pk", s("tx-idem"), "v", s("first")))).build())
                .build();
        dynamo.transactWriteItems(first);
        put("registers", "tx-idem", "changed-since");
        dynamo.transactWriteItems(first); // the same request again: answered, not applied again
        assertThat(read("registers", "tx-idem", true)).isEqualTo("changed-since");
        assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.clientRequestToken("token-1").transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("registers").item(Map.of("pk", s("tx-idem"), "v", s("other")))).build())))
                .isInstanceOf(IdempotentParameterMismatchException.class);
    }

    @Test
    void batchesQueriesAndScansAnswerWithTheUsersTableNames() {
        target.control("dynamodb/replication", Map.of("lagMedianMillis", 0, "lagP99Millis", 0));
        var written = dynamo.batchWriteItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).requestItems(Map.of("registers",
                List.of(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                                .putRequest(r -> r.item(Map.of("pk", s("batch-1"), "v", s("one")))).build(),
                        software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                                .putRequest(r -> r.item(Map.of("pk", s("batch-2"), "v", s("two")))).build()))));
        assertThat(written.unprocessedItems()).isEmpty();
        assertThat(written.consumedCapacity()).extracting(c -> c.tableName()).containsExactly("registers");
        for (boolean consistent : List.of(true, false)) {
            var got = dynamo.batchGetItem(b -> b.requestItems(Map.of("registers", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes
                    .builder().consistentRead(consistent).keys(Map.of("pk", s("batch-1")), Map.of("pk", s("batch-2"))).build())));
            assertThat(got.responses().get("registers")).extracting(item -> item.get("v").s()).containsExactlyInAnyOrder("one", "two");
            var queried = dynamo.query(q -> q.tableName("registers").consistentRead(consistent).keyConditionExpression("pk = :k")
                    .expressionAttributeValues(Map.of(":k", s("batch-2"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            assertThat(queried.items()).singleElement().satisfies(item -> assertThat(item).containsEntry("v", s("two")));
            assertThat(queried.consumedCapacity().tableName()).isEqualTo("registers");
            var scanned = dynamo.scan(q -> q.tableName("registers").consistentRead(consistent).filterExpression("begins_with(pk, :p)")
                    .expressionAttributeValues(Map.of(":p", s("batch-"))));
            assertThat(scanned.count()).isEqualTo(2);
        }
        dynamo.batchWriteItem(b -> b.requestItems(Map.of("registers", List.of(software.amazon.awssdk.services.dynamodb.model.WriteRequest
                .builder().deleteRequest(r -> r.key(Map.of("pk", s("batch-1")))).build()))));
        assertThat(read("registers", "batch-1", false)).isNull();
    }

    @Test
    void deletingATableDeletesItsReplicasSoTheNameCanBeUsedAgain() {
        createTable("short-lived", true);
        dynamo.deleteTable(d -> d.tableName("short-lived"));
        assertThat(target.control("dynamodb/fault", null).at("/tables/short-lived").isMissingNode()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !dynamo.listTables().tableNames().contains("short-lived"));
        createTable("short-lived", true);
        put("short-lived", "again", "yes");
        assertThat(read("short-lived", "again", true)).isEqualTo("yes");
        dynamo.deleteTable(d -> d.tableName("short-lived"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !dynamo.listTables().tableNames().contains("short-lived"));
    }

    @Test
    void badSettingsAreRefusedWithOneLine() {
        assertThatThrownBy(() -> target.control("dynamodb/replication", Map.of("lagMedianMillis", 300, "lagP99Millis", 100)))
                .isInstanceOf(LocalTargetException.class).hasMessage("lagP99Millis must be between lagMedianMillis (300) and 60000 (got 100)");
        assertThatThrownBy(() -> target.control("dynamodb/replication", Map.of("ack", "some")))
                .hasMessage("ack must be one of leader, quorum, all (got 'some')");
        assertThatThrownBy(() -> target.control("dynamodb/replication", Map.of("lag", 3)))
                .hasMessageStartingWith("unknown setting 'lag'; allowed: ");
        assertThatThrownBy(() -> target.control("dynamodb/replication", Map.of("gsiLagMedianMillis", 0, "gsiLagP99Millis", 5)))
                .hasMessage("gsiLagP99Millis must be 0 when gsiLagMedianMillis is 0 (a median of 0 means no lag)");
        assertThatThrownBy(() -> target.control("dynamodb/fault", Map.of("action", "explode")))
                .hasMessageStartingWith("unknown fault action 'explode'; allowed: isolate-replica");
        assertThatThrownBy(() -> target.control("dynamodb/fault", Map.of("action", "isolate-replica", "replica", 4)))
                .hasMessageStartingWith("isolate-replica needs \"replica\": 1, 2 or 3");
        assertThat(target.control("dynamodb/replication", null).get("ack").asText()).isEqualTo("quorum");
    }
}
