package dev.dslab.shell.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.scenarios.Experiments;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.Progress;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.scenarios.engine.TargetAccess;
import dev.dslab.local.EdgeClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stream experiments on a real local target (kinesis-local behind the edge, the Lambda service running
 * the real probe and stream batch functions). Each Kinesis experiment makes and deletes a stream of its own, so the
 * sandbox needs no stream here; the probe and the stream batch handler are created as the sandbox's functions, and
 * the sandbox's bucket receives lambda-kinesis-esm's on-failure records. Short durations: these check what each
 * experiment observes; bench/consistency times the default runs.
 */
class StreamExperimentsOnLocalTargetTest {

    static final SandboxNames SANDBOX = new SandboxNames("dslab-test-items", "gsi1", "dslab-test-data", "dslab-test-events",
            "dslab-test-probe", "dslab-test-kcl-leases", "dslab-test-stream-batch");

    @TempDir
    static Path home;

    static LocalTargetClient local;
    static TargetAccess access;
    static final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void startTargetWithTheProbe() throws IOException {
        local = new LocalTargetClient(home.resolve("local"));
        URI edge = local.ensureRunning(0).edge();
        access = new TargetAccess("local", edge, Region.of(LocalTargetContext.DEFAULT_REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("dslab", "dslab")));
        byte[] jar;
        try (InputStream in = StreamExperimentsOnLocalTargetTest.class.getClassLoader().getResourceAsStream("dslab-assets/lambdas.jar")) {
            jar = in.readAllBytes();
        }
        try (LambdaClient lambda = EdgeClients.of(edge).lambda()) {
            lambda.createFunction(function -> function.functionName(SANDBOX.function()).runtime(Runtime.JAVA17)
                    .role("arn:aws:iam::" + LocalTargetContext.DEFAULT_ACCOUNT_ID + ":role/probe")
                    .handler("dev.dslab.lambdas.probe.ProbeHandler::handleRequest").memorySize(256).timeout(20)
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(jar))));
            lambda.waiter().waitUntilFunctionActiveV2(request -> request.functionName(SANDBOX.function()));
            lambda.createFunction(function -> function.functionName(SANDBOX.streamFunction()).runtime(Runtime.JAVA17)
                    .role("arn:aws:iam::" + LocalTargetContext.DEFAULT_ACCOUNT_ID + ":role/probe")
                    .handler("dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest").memorySize(256).timeout(30)
                    .environment(e -> e.variables(Map.of("PROCESSED_TABLE", SANDBOX.table(), "BATCH_FAILURE_MODE", "report")))
                    .code(code -> code.zipFile(SdkBytes.fromByteArray(jar))));
        }
        try (S3Client s3 = EdgeClients.of(edge).s3()) {
            s3.createBucket(bucket -> bucket.bucket(SANDBOX.bucket()));
        }
    }

    @AfterAll
    static void stopTarget() {
        if (local != null) {
            local.stop();
        }
    }

    @Test
    void orderingHoldsPerKeyNotGloballyAndRetriedPutsLeaveDuplicates() {
        RunRecord record = run("kinesis-ordering", Map.of("duration", "3s", "consumer-delay", "1s", "producers", "4", "rate", "40", "lost-answers", "30",
                "max-attempts", "4"));

        Observations observations = new Observations(record.result().observations());
        assertThat(observations.value("records-read")).hasValueSatisfying(read -> assertThat(read).isGreaterThan(10));
        assertThat(observations.value("out-of-order-within-keys")).contains(0.0);
        assertThat(observations.value("out-of-order-global")).as("observations %s", record.result().observations())
                .hasValueSatisfying(pairs -> assertThat(pairs).isGreaterThan(0));
        assertThat(observations.value("lost")).contains(0.0);
        assertThat(observations.value("unexpected")).contains(0.0);
        assertThat(observations.value("put-attempts-indeterminate")).hasValueSatisfying(timeouts -> assertThat(timeouts).isGreaterThan(0));
        assertThat(observations.value("producer-duplicates")).hasValueSatisfying(copies -> assertThat(copies).isGreaterThan(0));
        assertThat(record.result().checks()).extracting(Check::scope, Check::verdict).contains(
                Tuple.tuple("within each partition key", Check.Verdict.PASS),
                Tuple.tuple("across keys (global)", Check.Verdict.FAIL),
                Tuple.tuple("within each shard", Check.Verdict.PASS));
        assertThat(record.result().marks()).isNotEmpty();
        assertThat(ExperimentsOnLocalTargetTest.quizFor(record)).isEqualTo(4);
        assertRunStreamDeleted(record);
    }

    @Test
    void aHotKeyThrottlesItsShardAndSaltingSpreadsTheLoad() {
        // 8 producers of 500 records: one round of their calls puts 3,600 records on the hot shard, so it throttles even
        // when a loaded machine spreads those calls over 3 s (8 x 250 did not, once, at load 8); 3,000 records/s stay
        // under the 4 shards' 4,000, so salting has room to spread them (at 4,000 with 16 x 500 it throttled as much)
        RunRecord record = run("kinesis-hot-shard", Map.of("phase", "3s", "shards", "4", "rate", "3000", "hot-share", "90",
                "producers", "8", "batch-size", "500"));

        Observations observations = new Observations(record.result().observations());
        assertThat(observations.value("target-throttled-skewed")).hasValueSatisfying(throttled -> assertThat(throttled).isGreaterThan(0));
        assertThat(observations.value("target-throttled-salted")).hasValueSatisfying(throttled -> assertThat(throttled)
                .isLessThan(observations.value("target-throttled-skewed").orElseThrow()));
        assertThat(observations.value("busiest-shard-share-skewed")).hasValueSatisfying(share -> assertThat(share).isGreaterThan(70));
        assertThat(observations.value("busiest-shard-share-salted")).hasValueSatisfying(share -> assertThat(share).isLessThan(70));
        assertThat(record.result().checks()).extracting(Check::verdict).containsOnly(Check.Verdict.PASS);
        assertThat(ExperimentsOnLocalTargetTest.quizFor(record)).isEqualTo(4);
        assertThat(local.control("kinesis/limits", null).path("enabled").asBoolean()).as("limits as before the run").isTrue();
        assertRunStreamDeleted(record);
    }

    @Test
    void coldStartsThenWarmReuseThenReservedThrottlesThenColdAgainAfterReaping() {
        RunRecord record = run("lambda-cold-starts", Map.of("burst", "3", "reserved", "1", "work", "400ms", "reap-after", "1s"));

        Observations observations = new Observations(record.result().observations());
        assertThat(observations.value("cold-first")).contains(3.0);
        assertThat(observations.value("environments-first")).contains(3.0);
        assertThat(observations.value("cold-again")).contains(0.0);
        assertThat(observations.value("throttled-reserved")).hasValueSatisfying(throttled -> assertThat(throttled).isBetween(1.0, 2.0));
        assertThat(observations.value("cold-after-reap")).hasValueSatisfying(cold -> assertThat(cold).isGreaterThanOrEqualTo(1.0));
        assertThat(observations.value("warm-after-reap")).contains(0.0);
        assertThat(observations.value("init-duration-p50-ms")).hasValueSatisfying(init -> assertThat(init).isPositive());
        assertThat(record.result().checks()).extracting(Check::verdict).containsOnly(Check.Verdict.PASS);
        assertThat(ExperimentsOnLocalTargetTest.quizFor(record)).isEqualTo(4);
        try (LambdaClient lambda = EdgeClients.of(access.endpoint()).lambda()) {
            assertThat(lambda.getFunctionConcurrency(request -> request.functionName(SANDBOX.function())).reservedConcurrentExecutions())
                    .as("reserved concurrency removed after the run").isNull();
        }
        assertThat(local.control("lambda/settings", null).path("idleReapMillis").asLong()).as("idle lifetime restored").isEqualTo(600_000);
    }

    @Test
    void aPoisonRecordCostsEachStrategyWhatTheDeveloperGuideSays() {
        RunRecord record = run("lambda-kinesis-esm", Map.of("records", "40", "poison-at", "17", "batch-size", "5", "retries", "2"));

        Observations observations = new Observations(record.result().observations());
        assertThat(observations.value("poison-deliveries-retry")).contains(3.0);
        assertThat(observations.value("good-lost-retry")).hasValueSatisfying(lost -> assertThat(lost).isGreaterThan(0));
        assertThat(observations.value("to-destination-bisect")).contains(1.0);
        assertThat(observations.value("poison-deliveries-bisect")).hasValueSatisfying(deliveries -> assertThat(deliveries).isGreaterThan(3));
        assertThat(observations.value("good-lost-bisect")).contains(0.0);
        assertThat(observations.value("good-lost-report")).contains(0.0);
        assertThat(observations.value("duplicates-report")).hasValueSatisfying(duplicates -> assertThat(duplicates).isGreaterThan(0));
        assertThat(observations.value("blocked-ms-retry")).hasValueSatisfying(blocked -> assertThat(blocked).isPositive());
        assertThat(observations.value("invocations-bisect")).hasValueSatisfying(invocations -> assertThat(invocations)
                .isGreaterThan(observations.value("invocations-retry").orElseThrow()));
        assertThat(record.result().checks()).extracting(Check::verdict).containsOnly(Check.Verdict.PASS);
        assertThat(record.result().marks()).hasSize(1);
        assertThat(ExperimentsOnLocalTargetTest.quizFor(record)).isEqualTo(5);
        try (LambdaClient lambda = EdgeClients.of(access.endpoint()).lambda(); DynamoDbClient dynamoDb = EdgeClients.of(access.endpoint()).dynamoDb()) {
            assertThat(lambda.listEventSourceMappings().eventSourceMappings()).as("the run's mappings deleted").isEmpty();
            assertThat(lambda.listFunctions().functions()).extracting(FunctionConfiguration::functionName)
                    .as("the run's function copies deleted").containsExactlyInAnyOrder(SANDBOX.function(), SANDBOX.streamFunction());
            assertThat(dynamoDb.listTables().tableNames()).as("the run's tables deleted").noneMatch(name -> name.contains(record.runId()));
        }
        try (KinesisClient kinesis = access.kinesis(); S3Client s3 = EdgeClients.of(access.endpoint()).s3()) {
            assertThat(kinesis.listStreams().streamNames()).noneMatch(name -> name.contains("-" + record.runId() + "-"));
            assertThat(s3.listObjectVersions(request -> request.bucket(SANDBOX.bucket()).prefix("lambda-kinesis-esm/")).versions())
                    .as("the copied code deleted").isEmpty();
            assertThat(s3.listObjectsV2(request -> request.bucket(SANDBOX.bucket()).prefix("aws/lambda/")).contents())
                    .as("one on-failure record per strategy, kept").hasSize(3);
        }
    }

    static void assertRunStreamDeleted(RunRecord record) {
        try (KinesisClient kinesis = access.kinesis()) {
            assertThat(kinesis.listStreams().streamNames()).noneMatch(name -> name.endsWith("-" + record.runId()));
        }
    }

    static RunRecord run(String name, Map<String, String> parameters) {
        Experiment experiment = Experiments.catalog().get(name);
        String runId = "s" + runs.incrementAndGet();
        RunRecord record = new ExperimentRunner().run(experiment, new ExperimentRunner.Request(runId, 7, parameters, null),
                new ExperimentRunner.Environment(access, SANDBOX, new ExperimentsOnLocalTargetTest.DaemonControls(local),
                        home.resolve("runs").resolve(runId)), Progress.NONE);
        assertThat(record.status()).as(Objects.toString(record.reason())).isEqualTo(RunStatus.COMPLETED);
        // what the run observed, for a failing assertion's reader
        System.out.println(name + " " + parameters + ": " + record.result().observations().stream()
                .map(observation -> observation.id() + "=" + observation.formatted()).toList());
        return record;
    }
}
