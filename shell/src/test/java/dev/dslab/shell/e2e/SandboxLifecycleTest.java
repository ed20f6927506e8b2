package dev.dslab.shell.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.daemon.ProcessTools;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.local.LocalTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A learner's whole first session against the real local target (daemon, dynalite, kinesis-local, S3Proxy,
 * Lambda environments running the real runtime interface client, the CloudFormation engine), with a real
 * CDK synth: up, use every resource through the AWS SDK, up again, a second learner beside the first, down,
 * and proof that nothing is left, not even a process.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxLifecycleTest {

    /** Created here, not by @TempDir: with a per-class lifecycle Spring starts before static @TempDir fields are set. */
    static final Path home = TestHomes.create("dslab-lifecycle");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CommandLine commandLine;
    @Autowired
    LocalTarget localTarget;

    ShellRunner shell;
    EdgeClients sandbox;

    @Test
    @Order(1)
    void upCreatesTheStackOnAFreshTarget() {
        shell = new ShellRunner(commandLine);
        assertThat(shell.run("local start").expectSuccess().out()).contains("Started the local target on http://127.0.0.1:");
        assertThat(shell.run("local start").expectSuccess().out()).contains("was already running");
        ShellRunner.Run up = shell.run("sandbox up --learner alice").expectSuccess();
        assertThat(up.out()).contains("dslab-alice: created", "TableName", "dslab-alice-").doesNotContain("starting the local target");
        sandbox = EdgeClients.of(localTarget.status().orElseThrow().edge());
    }

    @Test
    @Order(2)
    void theTableTakesItemsAndItsIndexFindsThem() {
        Map<String, String> out = outputs("dslab-alice");
        try (DynamoDbClient dynamoDb = sandbox.dynamoDb()) {
            dynamoDb.putItem(put -> put.tableName(out.get("TableName")).item(Map.of(
                    "pk", s("order#1"), "sk", s("v1"), "gsi1pk", s("customer#7"), "gsi1sk", s("2026-11-26"))));
            // the local target models replication: a strongly consistent read sees the write at once, the GSI catches up later
            assertThat(dynamoDb.getItem(get -> get.tableName(out.get("TableName")).consistentRead(true)
                    .key(Map.of("pk", s("order#1"), "sk", s("v1")))).item()).containsEntry("gsi1pk", s("customer#7"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var found = dynamoDb.query(q -> q.tableName(out.get("TableName")).indexName(out.get("GsiName"))
                        .keyConditionExpression("gsi1pk = :c").expressionAttributeValues(Map.of(":c", s("customer#7"))));
                assertThat(found.items()).extracting(item -> item.get("pk").s()).containsExactly("order#1");
            });
        }
    }

    @Test
    @Order(3)
    void theBucketKeepsEveryVersion() {
        String bucket = outputs("dslab-alice").get("BucketName");
        try (S3Client s3 = sandbox.s3()) {
            String first = s3.putObject(p -> p.bucket(bucket).key("notes.txt"), RequestBody.fromString("one")).versionId();
            String second = s3.putObject(p -> p.bucket(bucket).key("notes.txt"), RequestBody.fromString("two")).versionId();
            assertThat(first).isNotEqualTo(second);
            assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("notes.txt")).asUtf8String()).isEqualTo("two");
            assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("notes.txt").versionId(first)).asUtf8String()).isEqualTo("one");
        }
    }

    @Test
    @Order(4)
    void theStreamDeliversWhatWasPut() {
        String stream = outputs("dslab-alice").get("StreamName");
        try (KinesisClient kinesis = sandbox.kinesis()) {
            var put = kinesis.putRecord(p -> p.streamName(stream).partitionKey("k1").data(SdkBytes.fromUtf8String("hello")));
            String iterator = kinesis.getShardIterator(i -> i.streamName(stream).shardId(put.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            var records = kinesis.getRecords(g -> g.shardIterator(iterator)).records();
            assertThat(records).extracting(r -> r.data().asUtf8String()).contains("hello");
            assertThat(kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary().openShardCount())
                    .isEqualTo(2);
        }
    }

    @Test
    @Order(5)
    void theFunctionStartsColdThenStaysWarm() throws Exception {
        String function = outputs("dslab-alice").get("FunctionName");
        try (LambdaClient lambda = sandbox.lambda()) {
            InvokeResponse cold = lambda.invoke(i -> i.functionName(function).logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"hello\":\"world\"}")));
            InvokeResponse warm = lambda.invoke(i -> i.functionName(function).logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{}")));
            JsonNode first = JSON.readTree(cold.payload().asUtf8String());
            JsonNode second = JSON.readTree(warm.payload().asUtf8String());
            assertThat(cold.functionError()).isNull();
            assertThat(first.get("coldStart").asBoolean()).isTrue();
            assertThat(first.at("/input/hello").asText()).isEqualTo("world");
            assertThat(second.get("coldStart").asBoolean()).isFalse();
            assertThat(second.get("environmentId").asText()).isEqualTo(first.get("environmentId").asText());
            assertThat(logTail(cold)).contains("Init Duration");
            assertThat(logTail(warm)).contains("REPORT RequestId").doesNotContain("Init Duration");
        }
    }

    @Test
    @Order(6)
    void upAgainChangesNothing() {
        ShellRunner.Run again = shell.run("sandbox up --learner alice").expectSuccess();
        assertThat(again.out()).contains("dslab-alice: no changes", "from the synth cache");
    }

    @Test
    @Order(7)
    void statusListsEveryResource() {
        ShellRunner.Run status = shell.run("sandbox status --learner alice").expectSuccess();
        assertThat(status.out()).contains("dslab-alice", "CREATE_COMPLETE", "AWS::DynamoDB::Table", "AWS::S3::Bucket",
                "AWS::Kinesis::Stream", "AWS::Lambda::Function", "AWS::IAM::Role");
    }

    @Test
    @Order(8)
    void twoLearnersHaveSeparateSandboxes() {
        shell.run("sandbox up --learner bob").expectSuccess();
        Map<String, String> alice = outputs("dslab-alice");
        Map<String, String> bob = outputs("dslab-bob");
        assertThat(bob.values()).doesNotContainAnyElementsOf(List.of(alice.get("TableName"), alice.get("BucketName"),
                alice.get("StreamName"), alice.get("FunctionName")));
        assertThat(bob.get("TableName")).startsWith("dslab-bob-");
        try (DynamoDbClient dynamoDb = sandbox.dynamoDb()) {
            assertThat(dynamoDb.scan(s -> s.tableName(bob.get("TableName")).consistentRead(true)).items()).isEmpty();
            assertThat(dynamoDb.scan(s -> s.tableName(alice.get("TableName")).consistentRead(true)).items()).hasSize(1);
        }
        assertThat(shell.run("sandbox list").expectSuccess().out()).contains("alice", "bob", "dslab-alice", "dslab-bob");
    }

    @Test
    @Order(9)
    void downLeavesNothingOfTheLearnerBehind() {
        Map<String, String> alice = outputs("dslab-alice");
        ShellRunner.Run down = shell.run("sandbox down --learner alice").expectSuccess();
        assertThat(down.out()).contains("Deleted dslab-alice");
        try (CloudFormationClient cloudFormation = sandbox.cloudFormation(); DynamoDbClient dynamoDb = sandbox.dynamoDb();
             S3Client s3 = sandbox.s3(); KinesisClient kinesis = sandbox.kinesis(); LambdaClient lambda = sandbox.lambda()) {
            assertThat(cloudFormation.describeStacks().stacks()).extracting(s -> s.stackName()).doesNotContain("dslab-alice");
            assertThatThrownBy(() -> dynamoDb.describeTable(d -> d.tableName(alice.get("TableName"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> s3.headBucket(h -> h.bucket(alice.get("BucketName")))).isInstanceOf(NoSuchBucketException.class);
            assertThat(kinesis.listStreams().streamNames()).doesNotContain(alice.get("StreamName")).contains(outputs("dslab-bob").get("StreamName"));
            assertThat(lambda.listFunctions().functions()).extracting(f -> f.functionName()).doesNotContain(alice.get("FunctionName"));
        }
        assertThat(shell.run("sandbox down --learner alice").expectSuccess().out()).contains("No sandbox of alice");
    }

    @Test
    @Order(10)
    void aStackThatCannotBeCreatedIsRolledBackWithItsReasonShownAndTheNextUpRecovers() {
        String squatted = "dslab-gina-data-000000000000-us-east-1";
        try (S3Client s3 = sandbox.s3(); CloudFormationClient cloudFormation = sandbox.cloudFormation();
             DynamoDbClient dynamoDb = sandbox.dynamoDb()) {
            s3.createBucket(c -> c.bucket(squatted));

            ShellRunner.Run failed = shell.run("sandbox up --learner gina");

            assertThat(failed.exitCode()).isEqualTo(CommandLine.FAILED);
            assertThat(failed.err()).contains("dslab-gina ended ROLLBACK_COMPLETE", "Data666C94C7", squatted);
            assertThat(failed.err().strip().lines()).hasSize(1);
            assertThat(cloudFormation.describeStacks(d -> d.stackName("dslab-gina")).stacks().get(0).stackStatusAsString())
                    .isEqualTo("ROLLBACK_COMPLETE");
            assertThat(dynamoDb.listTables().tableNames()).doesNotContain("dslab-gina-items");

            s3.deleteBucket(d -> d.bucket(squatted));
            assertThat(shell.run("sandbox up --learner gina").expectSuccess().out()).contains("dslab-gina: created");
            shell.run("sandbox down --learner gina").expectSuccess();
        }
    }

    @Test
    @Order(11)
    void localStopEndsEveryProcessOfTheTarget() {
        var components = localTarget.status().orElseThrow().components();
        List<Long> pids = components.stream().map(component -> component.pid()).distinct().toList();
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
        ShellRunner.Run stop = shell.run("local stop").expectSuccess();
        assertThat(stop.out()).contains("The sandboxes of bob are kept");
        // ProcessTools.isAlive: a daemon that exited but that this JVM (its parent) has not reaped yet is a zombie, not alive
        assertThat(pids.stream().filter(ProcessTools::isAlive)
                .collect(Collectors.toList())).as("processes of %s still alive after local stop", components).isEmpty();
        assertThat(shell.run("sandbox status --learner bob").out()).contains("not running", "keeps the sandbox of bob");

        ShellRunner.Run reset = shell.run("local reset").expectSuccess();
        assertThat(reset.out()).contains("Deleted what it kept in", "dynamodb", "kinesis", "s3", "lambda", "cloudformation",
                "The sandboxes of bob are gone");
        assertThat(home.resolve("local").resolve("kinesis")).doesNotExist();
        assertThat(shell.run("sandbox status --learner bob").out()).contains("No sandbox of bob", "not running");
        assertThat(shell.run("local reset").expectSuccess().out()).contains("nothing to delete");
    }

    @AfterAll
    void stopTheTarget() {
        localTarget.stop();
        TestHomes.delete(home);
    }

    private Map<String, String> outputs(String stack) {
        try (CloudFormationClient cloudFormation = sandbox.cloudFormation()) {
            return cloudFormation.describeStacks(d -> d.stackName(stack)).stacks().get(0).outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        }
    }

    private static String logTail(InvokeResponse response) {
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
