package dev.dslab.local.lambda.esm;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real daemon and SDK clients on its edge, with what the mapping tests and the bench set up on it. */
final class EsmTestTarget implements AutoCloseable {

    static final String BATCH_HANDLER = "dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest";
    static final String DISCARDED_HANDLER = "dev.dslab.lambdas.stream.DiscardedBatchHandler::handleRequest";
    static final String WINDOW_HANDLER = "dev.dslab.lambdas.stream.WindowCountHandler::handleRequest";
    static final String ROLE = "arn:aws:iam::000000000000:role/dslab-stream";

    final LocalTargetClient client;
    final URI edge;
    final KinesisClient kinesis;
    final LambdaClient lambda;
    final DynamoDbClient dynamoDb;
    final S3Client s3;

    EsmTestTarget(Path home) {
        client = new LocalTargetClient(home);
        edge = client.ensureRunning(0).edge();
        EdgeClients clients = EdgeClients.of(edge);
        kinesis = clients.kinesis();
        lambda = clients.lambda();
        dynamoDb = clients.dynamoDb();
        s3 = clients.s3();
    }

    String stream(String name, int shards) {
        kinesis.createStream(r -> r.streamName(name).shardCount(shards));
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            var summary = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary.streamARN();
            }
            sleep(100);
        }
        throw new IllegalStateException("stream " + name + " not ACTIVE in 30 s");
    }

    void table(String name) {
        dynamoDb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    String function(String name, String handler, Map<String, String> environment) {
        return lambda.createFunction(f -> f.functionName(name).runtime(Runtime.JAVA17).role(ROLE).handler(handler)
                .timeout(30).memorySize(512).environment(e -> e.variables(environment))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(lambdasJar())))).functionArn();
    }

    /**
     * Puts records, one PutRecords call per 100; data is what {@code data} makes of each index. Records the
     * stream throttles (per-shard limits) are put again after a pause, as a producer does; the answer is each
     * index's sequence number.
     */
    List<String> put(String stream, int count, java.util.function.IntFunction<String> key, java.util.function.IntFunction<String> data) {
        String[] sequenceNumbers = new String[count];
        for (int start = 0; start < count; start += 100) {
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                pending.add(i);
            }
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt == 50) {
                    throw new IllegalStateException(pending.size() + " records still refused after 50 attempts");
                }
                if (attempt > 0) {
                    sleep(200);
                }
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i : pending) {
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(key.apply(i))
                            .data(SdkBytes.fromString(data.apply(i), StandardCharsets.UTF_8)).build());
                }
                var results = kinesis.putRecords(r -> r.streamName(stream).records(entries)).records();
                List<Integer> refused = new ArrayList<>();
                for (int j = 0; j < results.size(); j++) {
                    if (results.get(j).errorCode() == null) {
                        sequenceNumbers[pending.get(j)] = results.get(j).sequenceNumber();
                    } else {
                        refused.add(pending.get(j));
                    }
                }
                pending = refused;
            }
        }
        return List.of(sequenceNumbers);
    }

    /** Every item of the table whose pk starts with {@code prefix}. */
    List<Map<String, AttributeValue>> items(String table, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from)
                    .filterExpression("begins_with(pk, :p)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Attribute {@code attribute} (a number) of each item by sk. */
    Map<String, Long> numbers(String table, String prefix, String attribute) {
        Map<String, Long> values = new HashMap<>();
        items(table, prefix).forEach(item -> values.merge(item.get("sk").s(),
                item.containsKey(attribute) ? Long.parseLong(item.get(attribute).n()) : 0L, Long::sum));
        return values;
    }

    static byte[] lambdasJar() {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("dslab-lambdas") && entry.endsWith("-lambda.jar"))
                .findFirst()
                .orElseGet(EsmTestTarget::lambdasJarFromManifestClasspath);
        try {
            return Files.readAllBytes(Path.of(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire may hand the classpath over in a manifest-only jar: find the jar by one of its classes. */
    private static String lambdasJarFromManifestClasspath() {
        try {
            return Path.of(dev.dslab.lambdas.stream.RecordBatchHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        kinesis.close();
        lambda.close();
        dynamoDb.close();
        s3.close();
        client.stop();
    }
}
