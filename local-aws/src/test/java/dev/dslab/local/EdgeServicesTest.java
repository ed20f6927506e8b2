package dev.dslab.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/** One real daemon (real dynalite, kinesis-local and S3Proxy) driven through its edge by SDK v2 clients. */
class EdgeServicesTest {

    @TempDir
    static Path home;

    static LocalTargetClient client;
    static URI edge;

    @BeforeAll
    static void startTarget() {
        client = new LocalTargetClient(home);
        edge = client.ensureRunning(0).edge();
    }

    @AfterAll
    static void stopTarget() {
        client.stop();
    }

    @Test
    void dynamoDbTableWithGsiPutGetAndIndexQuery() {
        try (DynamoDbClient dynamo = EdgeClients.of(edge).dynamoDb()) {
            dynamo.createTable(table -> table.tableName("orders")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk"), attribute("sk"), attribute("customer"))
                    .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-customer")
                            .keySchema(key("customer", KeyType.HASH))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    dynamo.describeTable(d -> d.tableName("orders")).table().tableStatus() == TableStatus.ACTIVE);

            dynamo.putItem(put -> put.tableName("orders").item(Map.of("pk", s("order-1"), "sk", s("v1"), "customer", s("ada"))));
            dynamo.putItem(put -> put.tableName("orders").item(Map.of("pk", s("order-2"), "sk", s("v1"), "customer", s("bob"))));

            Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName("orders").consistentRead(true)
                    .key(Map.of("pk", s("order-1"), "sk", s("v1")))).item();
            assertThat(item).containsEntry("customer", s("ada"));

            // GSIs are eventually consistent: the front's GSI table receives the write after the GSI lag
            await().atMost(Duration.ofSeconds(10)).until(() -> dynamo.query(query -> query.tableName("orders")
                    .indexName("by-customer").keyConditionExpression("customer = :c")
                    .expressionAttributeValues(Map.of(":c", s("bob")))).count() == 1);
            QueryResponse byCustomer = dynamo.query(query -> query.tableName("orders").indexName("by-customer")
                    .keyConditionExpression("customer = :c").expressionAttributeValues(Map.of(":c", s("bob"))));
            assertThat(byCustomer.items()).singleElement().satisfies(found -> assertThat(found).containsEntry("pk", s("order-2")));

            // the emulator's own errors reach the client as the SDK's modelled exception
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dynamo.describeTable(d -> d.tableName("missing")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void concurrentRequestsThroughTheEdgeAreAllServed() throws Exception {
        try (DynamoDbClient dynamo = EdgeClients.of(edge).dynamoDb()) {
            dynamo.createTable(table -> table.tableName("counters")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attribute("pk"))
                    .keySchema(key("pk", KeyType.HASH)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    dynamo.describeTable(d -> d.tableName("counters")).table().tableStatus() == TableStatus.ACTIVE);

            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    String pk = "item-" + i;
                    writes.add(writers.submit(() -> dynamo.putItem(put -> put.tableName("counters").item(Map.of("pk", s(pk))))));
                }
                for (java.util.concurrent.Future<?> write : writes) {
                    write.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            // an eventually consistent scan may go to a replica that has not applied the last writes yet
            assertThat(dynamo.scan(scan -> scan.tableName("counters").consistentRead(true)).count()).isEqualTo(400);
        }
    }

    @Test
    void kinesisTwoShardStreamPutAndGetRecords() {
        try (KinesisClient kinesis = EdgeClients.of(edge).kinesis()) {
            kinesis.createStream(create -> create.streamName("events").shardCount(2));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    kinesis.describeStreamSummary(d -> d.streamName("events")).streamDescriptionSummary().streamStatus()
                            == StreamStatus.ACTIVE);

            for (int i = 0; i < 10; i++) {
                int n = i;
                kinesis.putRecord(put -> put.streamName("events").partitionKey("key-" + n)
                        .data(SdkBytes.fromString("record-" + n, StandardCharsets.UTF_8)));
            }

            List<Shard> shards = kinesis.listShards(list -> list.streamName("events")).shards();
            assertThat(shards).hasSize(2);
            List<String> received = new ArrayList<>();
            for (Shard shard : shards) {
                String iterator = kinesis.getShardIterator(it -> it.streamName("events").shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                for (Record record : kinesis.getRecords(get -> get.shardIterator(iterator)).records()) {
                    received.add(record.data().asUtf8String());
                }
            }
            assertThat(received).hasSize(10).contains("record-0", "record-9");
        }
    }

    @Test
    void s3VersionedBucketKeepsBothVersionsAndServesPresignedGet() throws Exception {
        try (S3Client s3 = EdgeClients.of(edge).s3(); S3Presigner presigner = EdgeClients.of(edge).s3Presigner()) {
            s3.createBucket(create -> create.bucket("lab-bucket"));
            s3.putBucketVersioning(versioning -> versioning.bucket("lab-bucket")
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));

            PutObjectResponse first = s3.putObject(put -> put.bucket("lab-bucket").key("notes.txt"), RequestBody.fromString("first"));
            PutObjectResponse second = s3.putObject(put -> put.bucket("lab-bucket").key("notes.txt"), RequestBody.fromString("second!"));
            assertThat(first.versionId()).isNotBlank().isNotEqualTo(second.versionId());

            List<ObjectVersion> versions = s3.listObjectVersions(list -> list.bucket("lab-bucket")).versions();
            assertThat(versions).extracting(ObjectVersion::versionId).containsExactlyInAnyOrder(first.versionId(), second.versionId());

            ResponseBytes<GetObjectResponse> old = s3.getObjectAsBytes(get -> get.bucket("lab-bucket").key("notes.txt")
                    .versionId(first.versionId()));
            assertThat(old.asUtf8String()).isEqualTo("first");

            HeadObjectResponse head = s3.headObject(h -> h.bucket("lab-bucket").key("notes.txt"));
            assertThat(head.contentLength()).isEqualTo(7L);

            PresignedGetObjectRequest presigned = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(get -> get.bucket("lab-bucket").key("notes.txt")));
            HttpResponse<String> fetched = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(presigned.url().toURI()).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo("second!");
        }
    }

    @Test
    void s3StreamsUploadsOfUnknownLengthAndRelaysBodilessAnswers() throws Exception {
        try (S3Client s3 = EdgeClients.of(edge).s3()) {
            s3.createBucket(create -> create.bucket("stream-bucket"));
            byte[] large = new byte[3 * 1024 * 1024 + 17];
            new java.util.Random(7).nextBytes(large);

            // no length known up front: the SDK sends Transfer-Encoding: chunked through the edge
            s3.putObject(put -> put.bucket("stream-bucket").key("large.bin"),
                    RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(large), "application/octet-stream"));
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket("stream-bucket").key("large.bin"));
            assertThat(stored.asByteArray()).isEqualTo(large);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<byte[]> notModified = http.send(HttpRequest.newBuilder(edge.resolve("/stream-bucket/large.bin"))
                    .timeout(Duration.ofSeconds(10)).header("If-None-Match", stored.response().eTag()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(notModified.statusCode()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();

            HttpResponse<byte[]> deleted = http.send(HttpRequest.newBuilder(edge.resolve("/stream-bucket/large.bin"))
                    .timeout(Duration.ofSeconds(10)).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.headers().firstValue("Content-Length")).isEmpty();
            assertThat(s3.listObjectsV2(list -> list.bucket("stream-bucket")).contents()).isEmpty();
        }
    }

    @Test
    void statusListsEveryComponentWithPidAndMemory() throws IOException {
        LocalTargetStatus status = client.status();

        assertThat(status.edge()).isEqualTo(edge);
        assertThat(status.components()).extracting(LocalTargetStatus.Component::name)
                .containsExactly("daemon", "dynalite", "kinesis-local", "s3proxy");
        for (LocalTargetStatus.Component component : status.components()) {
            assertThat(component.port()).as(component.name()).isPositive();
            assertThat(ProcessHandle.of(component.pid())).as(component.name()).isPresent();
            assertThat(component.state()).as(component.name()).isIn("running", "started");
            if (!component.kind().equals("embedded")) {
                assertThat(component.rssBytes()).as(component.name()).isGreaterThan(10L * 1024 * 1024);
            }
        }
        assertThat(status.totalRssBytes()).isGreaterThan(100L * 1024 * 1024);
        assertThat(Files.getPosixFilePermissions(home.resolve("admin-token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void adminEndpointsRefuseRequestsWithoutTheToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (HttpRequest request : List.of(
                HttpRequest.newBuilder(edge.resolve("/_dslab/status")).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpRequest.newBuilder(edge.resolve("/_dslab/stop")).timeout(Duration.ofSeconds(5))
                        .header("X-Dslab-Token", "guessed").POST(HttpRequest.BodyPublishers.noBody()).build())) {
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        }
        assertThat(client.isRunning()).isTrue();
    }

    @Test
    void aServiceTheTargetDoesNotServeGetsAnAwsShapedError() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                HttpRequest.newBuilder(edge.resolve("/")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=dslab/20260101/us-east-1/sqs/aws4_request, "
                                + "SignedHeaders=host, Signature=00")
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownService");
        assertThat(response.body()).contains("\"__type\":\"UnknownService\"").contains("'sqs'").contains("dynamodb");
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
