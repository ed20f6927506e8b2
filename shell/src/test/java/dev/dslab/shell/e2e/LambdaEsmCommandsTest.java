package dev.dslab.shell.e2e;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.target.TargetConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `lambda esm list` and `lambda esm describe` against a real local target: a mapping from the learner's
 * stream to the stream batch function, after it processed records, with bad input as one line.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaEsmCommandsTest {

    static final Path home = TestHomes.create("dslab-esm");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ada");
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    LocalTarget localTarget;

    ShellRunner shell;
    String uuid;

    @BeforeAll
    void aMappingThatProcessedRecords() throws IOException {
        shell = new ShellRunner(commandLine);
        TargetConnection connection = localTarget.connect(new PrintWriter(new StringWriter()));
        byte[] jar;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dslab-assets/lambdas.jar")) {
            jar = in.readAllBytes();
        }
        EdgeClients edge = EdgeClients.of(connection.endpoint());
        try (LambdaClient lambda = connection.lambda(); KinesisClient kinesis = edge.kinesis(); DynamoDbClient dynamoDb = edge.dynamoDb()) {
            dynamoDb.createTable(r -> r.tableName("dslab-ada-items").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
            kinesis.createStream(r -> r.streamName("dslab-ada-events").shardCount(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> kinesis.describeStreamSummary(r -> r.streamName("dslab-ada-events"))
                    .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
            lambda.createFunction(r -> r.functionName("dslab-ada-stream-batch").runtime(Runtime.JAVA17)
                    .role("arn:aws:iam::" + LocalTargetContext.DEFAULT_ACCOUNT_ID + ":role/stream")
                    .handler("dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest").memorySize(512).timeout(30)
                    .environment(e -> e.variables(Map.of("PROCESSED_TABLE", "dslab-ada-items")))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
            for (int i = 0; i < 5; i++) {
                int n = i;
                kinesis.putRecord(r -> r.streamName("dslab-ada-events").partitionKey("k").data(SdkBytes.fromUtf8String("{\"n\":" + n + "}")));
            }
            uuid = lambda.createEventSourceMapping(r -> r.functionName("dslab-ada-stream-batch")
                    .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/dslab-ada-events")
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10).maximumRetryAttempts(3)).uuid();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> succeeded() == 5);
    }

    @AfterAll
    void stopTheTarget() {
        localTarget.stop();
        TestHomes.delete(home);
    }

    @Test
    void listAndDescribeShowTheMappingItsSettingsAndItsShard() {
        ShellRunner.Run list = shell.run("lambda esm list").expectSuccess();
        assertThat(list.out()).contains(uuid, "dslab-ada-stream-batch", "dslab-ada-events", "Enabled", "OK");

        ShellRunner.Run describe = shell.run("lambda esm describe " + uuid).expectSuccess();
        assertThat(describe.out()).contains("batch size", "10", "maximum retries", "3", "TRIM_HORIZON",
                "shardId-000000000000", "polling");
        assertThat(describe.out().lines().filter(line -> line.startsWith("shardId-000000000000")).findFirst().orElseThrow())
                .matches(".*\\b5\\s+5\\s+\\d+\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\b.*");

        assertThat(shell.run("lambda esm list --learner bob").expectSuccess().out()).contains("No event source mappings of bob");
    }

    @Test
    void badInputIsOneLine() {
        ShellRunner.Run notUuid = shell.run("lambda esm describe nope");
        assertThat(notUuid.exitCode()).isEqualTo(2);
        assertThat(notUuid.err()).contains("'nope' is not a UUID").doesNotContain("Exception");
        ShellRunner.Run missing = shell.run("lambda esm describe 00000000-0000-0000-0000-000000000000");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).contains("no event source mapping 00000000-0000-0000-0000-000000000000").doesNotContain("\n");
    }

    private long succeeded() {
        Object mappings = localTarget.control("lambda/esm", null).get("EventSourceMappings");
        long total = 0;
        for (Object mapping : (List<?>) mappings) {
            for (Object shard : (List<?>) ((Map<?, ?>) mapping).get("Shards")) {
                total += ((Number) ((Map<?, ?>) shard).get("recordsSucceeded")).longValue();
            }
        }
        return total;
    }
}
