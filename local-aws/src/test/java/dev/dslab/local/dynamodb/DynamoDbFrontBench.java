package dev.dslab.local.dynamodb;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Prints GetItem and PutItem throughput through the replication front (lag 0, ack quorum: every write
 * reaches all three replicas before its ack) against the same SDK client code sent straight to dynalite,
 * in one run of one local target. A figure, not a test:
 * {@code java -cp <local-aws test classpath> dev.dslab.local.dynamodb.DynamoDbFrontBench [threads] [seconds]}.
 */
public final class DynamoDbFrontBench {

    private DynamoDbFrontBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path home = Files.createTempDirectory("dynamodb-bench");
        LocalTargetClient target = new LocalTargetClient(home);
        try {
            LocalTargetStatus status = target.ensureRunning(0);
            int dynalitePort = status.components().stream().filter(c -> c.name().equals("dynalite")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the local target runs no dynalite")).port();
            target.control("dynamodb/replication", Map.of("lagMedianMillis", 0, "lagP99Millis", 0,
                    "gsiLagMedianMillis", 0, "gsiLagP99Millis", 0, "ack", "quorum"));
            try (DynamoDbClient front = EdgeClients.of(status.edge()).dynamoDb();
                 DynamoDbClient direct = EdgeClients.of(URI.create("http://127.0.0.1:" + dynalitePort)).dynamoDb()) {
                createTable(front, "bench");
                createTable(direct, "bench-direct");
                System.out.printf("%d client threads, %d s per run, each run twice (direct, front, direct, front)%n", threads, seconds);
                for (String operation : List.of("PutItem", "GetItem")) {
                    double[] directRate = new double[2];
                    double[] frontRate = new double[2];
                    for (int round = 0; round < 2; round++) {
                        directRate[round] = run(operation, direct, "bench-direct", threads, seconds);
                        frontRate[round] = run(operation, front, "bench", threads, seconds);
                    }
                    double straight = (directRate[0] + directRate[1]) / 2;
                    double through = (frontRate[0] + frontRate[1]) / 2;
                    System.out.printf("%-8s straight to dynalite %7.0f ops/s | through the front %7.0f ops/s | ratio %.2f%n",
                            operation, straight, through, through / straight);
                }
            }
        } finally {
            target.stop();
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void createTable(DynamoDbClient client, String name) throws InterruptedException {
        client.createTable(t -> t.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        while (client.describeTable(d -> d.tableName(name)).table().tableStatus() != TableStatus.ACTIVE) {
            Thread.sleep(20);
        }
        for (int i = 0; i < 100; i++) {
            int key = i;
            client.putItem(p -> p.tableName(name).item(item(key)));
        }
    }

    private static Map<String, AttributeValue> item(int key) {
        return Map.of("pk", AttributeValue.builder().s("key-" + key).build(),
                "payload", AttributeValue.builder().s("x".repeat(100)).build());
    }

    /** @return operations per second over {@code seconds}, after one warm-up second */
    private static double run(String operation, DynamoDbClient client, String table, int threads, int seconds) throws Exception {
        Consumer<Integer> call = operation.equals("PutItem")
                ? key -> client.putItem(p -> p.tableName(table).item(item(key)))
                : key -> client.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.builder().s("key-" + key).build())));
        measure(call, threads, Duration.ofSeconds(1));
        return measure(call, threads, Duration.ofSeconds(seconds)) / (double) seconds;
    }

    private static long measure(Consumer<Integer> call, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 17;
                counts.add(pool.submit(() -> {
                    long done = 0;
                    while (!stop.get()) {
                        call.accept((int) ((offset + done) % 100));
                        done++;
                    }
                    return done;
                }));
            }
            Thread.sleep(duration.toMillis());
            stop.set(true);
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
