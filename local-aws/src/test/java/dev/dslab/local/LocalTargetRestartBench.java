package dev.dslab.local;

import dev.dslab.local.daemon.ProcessTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Prints what keeping the sandboxes costs a daemon's start and stop: the start on an empty home, then with
 * a table of ITEMS items, a 2-shard stream of RECORDS records and a bucket of 100 objects kept, after a
 * graceful stop (replicas noted in step) and after a kill -9 (followers copied from replica 1). A figure,
 * not a test: {@code java -cp <local-aws test classpath> dev.dslab.local.LocalTargetRestartBench [items] [records] [rounds]}.
 */
public final class LocalTargetRestartBench {

    private LocalTargetRestartBench() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path home = Files.createTempDirectory("restart-bench");
        LocalTargetClient target = new LocalTargetClient(home);
        List<Long> emptyStarts = new ArrayList<>();
        List<Long> emptyStops = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            emptyStarts.add(millis(() -> target.ensureRunning(0)));
            emptyStops.add(millis(target::stop));
        }
        fill(target, items, records);
        List<Long> keptStops = new ArrayList<>();
        List<Long> keptStarts = new ArrayList<>();
        List<Long> afterKillStarts = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            keptStops.add(millis(target::stop));
            keptStarts.add(millis(() -> target.ensureRunning(0)));
            LocalTargetStatus running = target.status();
            ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();
            for (LocalTargetStatus.Component component : running.components()) {
                ProcessTools.awaitExit(component.pid(), Duration.ofSeconds(20));
            }
            afterKillStarts.add(millis(() -> target.ensureRunning(0)));
            check(target, items);
        }
        target.stop();
        System.out.printf("daemon start and stop, %d rounds (ms, median [min-max])%n", rounds);
        System.out.printf("  start, empty home                          %s%n", summary(emptyStarts));
        System.out.printf("  stop, nothing kept                         %s%n", summary(emptyStops));
        System.out.printf("  stop, %d items, %d records kept        %s%n", items, records, summary(keptStops));
        System.out.printf("  start after that stop                      %s%n", summary(keptStarts));
        System.out.printf("  start after kill -9 (replicas copied)      %s%n", summary(afterKillStarts));
        System.out.printf("  home size %d MB%n", size(home) / 1_048_576);
        target.deleteState();
    }

    private static void fill(LocalTargetClient target, int items, int records) {
        EdgeClients clients = EdgeClients.of(target.ensureRunning(0).edge());
        try (DynamoDbClient dynamoDb = clients.dynamoDb(); KinesisClient kinesis = clients.kinesis(); S3Client s3 = clients.s3()) {
            dynamoDb.createTable(t -> t.tableName("bench-items").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            dynamoDb.waiter().waitUntilTableExists(r -> r.tableName("bench-items"));
            for (int from = 0; from < items; from += 25) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = from; i < Math.min(items, from + 25); i++) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", AttributeValue.fromS("item-" + i),
                            "payload", AttributeValue.fromS("x".repeat(200)))).build()).build());
                }
                dynamoDb.batchWriteItem(b -> b.requestItems(Map.of("bench-items", batch)));
            }
            kinesis.createStream(c -> c.streamName("bench-events").shardCount(2));
            while (kinesis.describeStreamSummary(d -> d.streamName("bench-events")).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
                sleep(100);
            }
            for (int from = 0; from < records; from += 100) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(records, from + 100); i++) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + i)
                            .data(SdkBytes.fromString("{\"n\":" + i + ",\"pad\":\"" + "y".repeat(200) + "\"}", StandardCharsets.UTF_8)).build());
                }
                kinesis.putRecords(p -> p.streamName("bench-events").records(entries));
                sleep(120); // under the per-shard limits
            }
            s3.createBucket(b -> b.bucket("bench-bucket"));
            for (int i = 0; i < 100; i++) {
                int n = i;
                s3.putObject(p -> p.bucket("bench-bucket").key("object-" + n), RequestBody.fromBytes(new byte[4096]));
            }
        }
    }

    private static void check(LocalTargetClient target, int items) {
        try (DynamoDbClient dynamoDb = EdgeClients.of(target.status().edge()).dynamoDb()) {
            int count = dynamoDb.scan(s -> s.tableName("bench-items").select("COUNT")).count();
            if (count < Math.min(items, 1)) {
                throw new IllegalStateException("the table lost its items: " + count);
            }
        }
    }

    private static long millis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String summary(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) + " [" + sorted.get(0) + "-" + sorted.get(sorted.size() - 1) + "]";
    }

    private static long size(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
