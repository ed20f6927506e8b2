package dev.dslab.kcl;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.scenarios.engine.TargetAccess;
import dev.dslab.scenarios.kinesis.KclWorkerSettings;
import dev.dslab.scenarios.kinesis.KclWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A real local target (daemon with dynalite and kinesis-local) with what the sandbox stack gives KCL: a
 * stream and a lease table with KCL 3's owner index. One for all the IT classes of a run ({@link #shared()}).
 */
final class LocalKclTarget implements AutoCloseable {

    private static LocalKclTarget shared;

    /**
     * The one target of this JVM, started by the first class that asks and stopped when the JVM exits: a daemon start
     * and stop cost 6-8 s, and each class used to pay them. The classes use streams and tables of their own names, or
     * (the experiments, which share the sandbox's lease table) clear them first, as `experiment run` does.
     */
    static synchronized LocalKclTarget shared() {
        if (shared == null) {
            try {
                Path home = Files.createTempDirectory("dslab-kcl-it");
                LocalKclTarget target = new LocalKclTarget(home.resolve("local"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    target.close();
                    deleteTree(home);
                }, "dslab-kcl-it-target-stop"));
                shared = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the run for
        }
    }

    private final Set<String> tables = ConcurrentHashMap.newKeySet();

    static final Path WORKER_JAR = Path.of(System.getProperty("dslab.kclWorkerJar",
            "target/dslab-kcl-consumers-0.1.0-SNAPSHOT-worker.jar"));

    final LocalTargetClient local;
    final URI edge;
    final TargetAccess access;

    LocalKclTarget(Path home) {
        local = new LocalTargetClient(home);
        edge = local.ensureRunning(0).edge();
        access = new TargetAccess("local", edge, Region.of(LocalTargetContext.DEFAULT_REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalTargetContext.ACCESS_KEY_ID,
                        LocalTargetContext.SECRET_ACCESS_KEY)));
    }

    /** The same lease table the sandbox stack creates (SandboxStack: leaseKey, owner index KEYS_ONLY), once per name. */
    void createLeaseTable(String name) {
        if (!tables.add(name)) {
            return;
        }
        try (DynamoDbClient dynamoDb = EdgeClients.of(edge).dynamoDb()) {
            dynamoDb.createTable(table -> table.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(string("leaseKey"), string("leaseOwner"))
                    .keySchema(key("leaseKey", KeyType.HASH))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("LeaseOwnerToLeaseKeyIndex")
                            .keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
                            .projection(projection -> projection.projectionType(ProjectionType.KEYS_ONLY)).build()));
            dynamoDb.waiter().waitUntilTableExists(describe -> describe.tableName(name));
        }
    }

    /** The sandbox stack's item table as the leader-election experiment needs it: string keys pk and sk; once per name. */
    void createItemTable(String name) {
        if (!tables.add(name)) {
            return;
        }
        try (DynamoDbClient dynamoDb = EdgeClients.of(edge).dynamoDb()) {
            dynamoDb.createTable(table -> table.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(string("pk"), string("sk"))
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
            dynamoDb.waiter().waitUntilTableExists(describe -> describe.tableName(name));
        }
    }

    void createStream(String name, int shards) throws InterruptedException {
        try (KinesisClient kinesis = EdgeClients.of(edge).kinesis()) {
            kinesis.createStream(stream -> stream.streamName(name).shardCount(shards));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // SDK waiters poll every 10 s; the stream is active in about half a second
            while (kinesis.describeStreamSummary(describe -> describe.streamName(name)).streamDescriptionSummary().streamStatus()
                    != StreamStatus.ACTIVE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stream " + name + " not active after 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Puts records "r-from" .. "r-(to-1)" with partition keys over {@code keys} keys; returns their data. */
    List<String> put(String stream, int from, int to, int keys) {
        List<String> data = new ArrayList<>();
        try (KinesisClient kinesis = EdgeClients.of(edge).kinesis()) {
            for (int start = from; start < to; start += 100) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (int i = start; i < Math.min(to, start + 100); i++) {
                    data.add("r-" + i);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey("k-" + (i % keys))
                            .data(SdkBytes.fromUtf8String("r-" + i)).build());
                }
                var response = kinesis.putRecords(put -> put.streamName(stream).records(entries));
                if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                    throw new IllegalStateException(response.failedRecordCount() + " records not put");
                }
            }
        }
        return data;
    }

    KclWorkers workers(Path directory) {
        return new KclWorkers(WORKER_JAR, access, directory);
    }

    /**
     * KCL's defaults but for lease assignment every second (the first assignment waits for the worker's first
     * metrics report), a 10 s leader lease (a worker that stopped while leader keeps the lock that long) and metrics
     * every 2 s (a dead worker counts as alive for two intervals).
     */
    static KclWorkerSettings settings(String stream, String application) {
        return KclWorkerSettings.of(stream, application).failover(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10))
                .metricsInterval(Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        local.stop();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
