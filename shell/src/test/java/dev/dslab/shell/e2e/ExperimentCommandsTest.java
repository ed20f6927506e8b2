package dev.dslab.shell.e2e;

import dev.dslab.local.EdgeClients;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.experiment.RunOwnerHolder;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.StoredRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The experiment commands against the real local target: a real (small) experiment runs on a learner's
 * sandbox, its run lands in the learner store and in its directory, and bad input, a missing sandbox and
 * Ctrl-C (an interrupt of the command's thread) end as the learner is promised.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentCommandsTest {

    static final Path home = TestHomes.create("dslab-experiments");
    static final LearnerName ADA = new LearnerName("ada");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ada");
    }

    @TestConfiguration
    static class TestExperiments {
        @Bean
        @Primary
        ExperimentCatalog testCatalog() {
            return new ExperimentCatalog(List.of(new ProbeExperiment()));
        }
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    LocalTarget localTarget;
    @Autowired
    ExperimentRuns runs;
    @Autowired
    LearnerStore store;

    ShellRunner shell;

    @BeforeAll
    void startTheTarget() {
        shell = new ShellRunner(commandLine);
    }

    @Test
    @Order(1)
    void listAndDescribeShowTheCatalogue() {
        String list = shell.run("experiment list").expectSuccess().out();
        assertThat(list).contains("NAME", ProbeExperiment.NAME, "writes then reads back a key of your table", "~2s", "local");
        assertThat(list.lines()).allMatch(line -> line.length() <= 80);
        String described = shell.run("experiment describe " + ProbeExperiment.NAME).expectSuccess().out();
        assertThat(described).contains("Hypothesis", "How it works", "writes", "an integer from 1 to 100000", "pause",
                "Amazon DynamoDB Developer Guide: Read consistency", "What share of the strongly consistent reads",
                "a) less than half", "b) half or more");
        assertThat(described.lines()).allMatch(line -> line.length() <= 80 || line.contains("http") || line.contains("  "));
    }

    @Test
    @Order(2)
    void badInputIsOneLineAndExitCodeTwo() {
        assertUsage("experiment run no-such-thing", "unknown experiment 'no-such-thing'; known: " + ProbeExperiment.NAME);
        assertUsage("experiment describe no-such-thing", "unknown experiment 'no-such-thing'");
        assertUsage("experiment run " + ProbeExperiment.NAME + " --param colour=red",
                "unknown parameter 'colour' for " + ProbeExperiment.NAME + "; it takes: writes, pause");
        assertUsage("experiment run " + ProbeExperiment.NAME + " --param writes=0",
                "parameter 'writes' must be an integer from 1 to 100000; got '0'");
        assertUsage("experiment run " + ProbeExperiment.NAME + " --param pause=5", "must be a duration");
        assertUsage("experiment run " + ProbeExperiment.NAME + " --param pause", "--param takes name=value");
        assertUsage("experiment export r99", "unknown run 'r99'; 'experiment runs' lists yours");
        assertUsage("experiment export banana", "'banana' is not a run id");
        assertUsage("experiment run", "which experiment?");
    }

    @Test
    @Order(3)
    void aRunWithoutASandboxSaysHowToMakeOne() {
        ShellRunner.Run run = shell.run("experiment run " + ProbeExperiment.NAME + " --learner nobody");
        assertThat(run.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(run.err().strip()).isEqualTo("dslab: no sandbox of nobody on local; run 'sandbox up --learner nobody' first "
                + "(it starts the local target too)");
        assertThat(runs.list(new LearnerName("nobody"))).isEmpty();
    }

    @Test
    @Order(4)
    void aRunCompletesAndIsStored() throws Exception {
        shell.run("sandbox up --learner ada").expectSuccess();

        ShellRunner.Run run = shell.run("experiment run " + ProbeExperiment.NAME + " --seed 7 --param writes=4 --learner ada")
                .expectSuccess();

        assertThat(run.out()).contains("Run r1: " + ProbeExperiment.NAME, "seed 7", "COMPLETED", "8 operations recorded",
                "reads returning the latest write", "100 %", "read-your-writes", "PASS", "'experiment report r1'");
        StoredRun stored = runs.list(ADA).get(0);
        assertThat(stored.runId()).isEqualTo("r1");
        assertThat(stored.status()).isEqualTo("COMPLETED");
        assertThat(stored.seed()).isEqualTo(7);
        assertThat(stored.operations()).isEqualTo(8);
        assertThat(stored.parameters()).containsEntry("writes", "4").containsEntry("pause", "0ms");
        assertThat(stored.observations()).extracting(o -> o.id() + "=" + o.value()).containsExactly("fresh-reads=100.0", "rounds=4.0");
        assertThat(stored.directory()).isEqualTo(home.resolve("runs").resolve("r1"));
        assertThat(Files.readAllLines(stored.directory().resolve(RunRecord.HISTORY_FILE))).hasSize(8);
        RunRecord record = runs.find("latest");
        assertThat(record).isEqualTo(ExperimentRunner.read(stored.directory()));
        assertThat(record.status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    @Order(5)
    void aPredictionReadFromStandardInputIsComparedWithTheOutcome() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("b\n".getBytes(StandardCharsets.UTF_8)));
            ShellRunner.Run run = shell.run("experiment run " + ProbeExperiment.NAME + " --param writes=2 --predict").expectSuccess();
            assertThat(run.out()).contains("What share of the strongly consistent reads", "a) less than half",
                    "Your prediction: b) half or more; observed reads returning the latest write = 100 %", "as you predicted");
            assertThat(runs.find(ADA, "r2").prediction()).isEqualTo(1);

            System.setIn(new ByteArrayInputStream("z\n".getBytes(StandardCharsets.UTF_8)));
            assertUsage("experiment run " + ProbeExperiment.NAME + " --predict", "a prediction is one letter from a-b; got 'z'");
        } finally {
            System.setIn(stdin);
        }
        assertThat(shell.run("experiment run " + ProbeExperiment.NAME + " --param writes=1 --no-predict").expectSuccess().out())
                .doesNotContain("Your prediction");
    }

    @Test
    @Order(6)
    void runsListsTheLearnersRunsAndExportPrintsTheirHistory() throws Exception {
        String table = shell.run("experiment runs").expectSuccess().out();
        assertThat(table).contains("ID", "KEY OBSERVATION", "r1", "r2", "r3", "COMPLETED", ProbeExperiment.NAME,
                "reads returning the latest write: 100 %");
        assertThat(shell.run("experiment runs --learner nobody").expectSuccess().out()).contains("No runs of nobody yet");

        String jsonl = shell.run("experiment export r1 --format jsonl").expectSuccess().out();
        assertThat(jsonl).isEqualTo(Files.readString(home.resolve("runs/r1").resolve(RunRecord.HISTORY_FILE)));
        String edn = shell.run("experiment export latest --format edn").expectSuccess().out();
        assertThat(edn).contains(":type :invoke", ":type :ok", ":f :write", ":f :read");
        assertUsage("experiment export r1 --format xml", "unknown format 'xml'; allowed: jsonl, edn");
    }

    @Test
    @Order(7)
    void ctrlCInterruptsTheRunKeepsItsHistoryAndTheShellGoesOn() throws Exception {
        AtomicReference<ShellRunner.Run> result = new AtomicReference<>();
        Thread command = new Thread(() -> result.set(shell.run("experiment run " + ProbeExperiment.NAME
                + " --param writes=100000 --param pause=5ms")));
        command.start();
        Path history = home.resolve("runs/r4").resolve(RunRecord.HISTORY_FILE);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(history) && Files.readAllLines(history).size() >= 6);
        command.interrupt();
        command.join(20_000);

        ShellRunner.Run run = result.get();
        assertThat(run.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(run.err().strip()).startsWith("dslab: run r4 interrupted: stopped by the learner after").hasLineCount(1);
        assertThat(run.out()).contains("INTERRUPTED", "the partial history is kept");
        StoredRun stored = runs.stored(ADA, "r4");
        assertThat(stored.status()).isEqualTo("INTERRUPTED");
        assertThat(stored.operations()).isGreaterThanOrEqualTo(6).isEqualTo(Files.readAllLines(history).size());
        assertThat(runs.find(ADA, "r4").status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(shell.run("experiment runs").expectSuccess().out()).contains("r4", "INTERRUPTED");
    }

    @Test
    @Order(8)
    void theS3ConsistencyModeIsShownAndSet() {
        assertThat(shell.run("local s3-consistency").expectSuccess().out()).contains("S3 consistency:", "mode", "strong",
                "lag-median", "lag-p99");

        String changed = shell.run("local s3-consistency legacy-2019 --lag-median 50ms --lag-p99 1.5s").expectSuccess().out();

        assertThat(changed).contains("S3 consistency now:", "legacy-2019", "50ms", "1.5s");
        assertThat(localTarget.control("s3/consistency", null)).containsEntry("mode", "legacy-2019")
                .containsEntry("lagMedianMillis", 50).containsEntry("lagP99Millis", 1500);
        assertUsage("local s3-consistency eventual", "unknown value 'eventual' for the mode; allowed: strong, legacy-2019");
        assertUsage("local s3-consistency --lag-median 50", "--lag-median: '50' is not a duration");
        assertThat(shell.run("local s3-consistency strong").expectSuccess().out()).contains("strong");
        assertThat(localTarget.control("s3/consistency", null)).containsEntry("mode", "strong");
    }

    @Test
    @Order(9)
    void dynamoDbReplicationIsShownAndSet() {
        Map<String, Object> before = localTarget.control("dynamodb/replication", null);
        try {
            assertThat(shell.run("local replication").expectSuccess().out()).contains("DynamoDB replication:", "lag-median",
                    "lag-p99", "gsi-lag-median", "gsi-lag-p99", "ack", "election", "seed");

            String changed = shell.run("local replication --lag-median 40ms --lag-p99 0.4s --gsi-lag-p99 2s --ack leader --seed 3")
                    .expectSuccess().out();

            assertThat(changed).contains("DynamoDB replication now:", "40ms", "400ms", "2s", "leader");
            assertThat(localTarget.control("dynamodb/replication", null)).containsEntry("lagMedianMillis", 40)
                    .containsEntry("lagP99Millis", 400).containsEntry("gsiLagP99Millis", 2000).containsEntry("ack", "leader")
                    .containsEntry("seed", 3);
            assertUsage("local replication --lag-median 40", "--lag-median: '40' is not a duration");
        } finally {
            localTarget.control("dynamodb/replication", before);
        }
    }

    @Test
    @Order(10)
    void faultsAreInjectedShownAndHealed() {
        String isolated = shell.run("local fault dynamodb isolate-replica 2").expectSuccess().out();
        assertThat(isolated).contains("Applied isolate-replica 2", "dslab-ada-items", "leader", "follower");
        assertThat(isolated.lines().filter(line -> line.contains("dslab-ada-items")).filter(line -> line.matches(".*\\bno\\b.*")))
                .hasSize(1);
        assertThat(shell.run("local fault").expectSuccess().out()).contains("dslab-ada-items").containsPattern("2\\s+follower\\s+no");

        ShellRunner.Run refused = shell.run("local fault dynamodb isolate-replica 7");
        assertThat(refused.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(refused.err()).contains("1, 2 or 3").hasLineCount(1);

        String healed = shell.run("local fault dynamodb heal").expectSuccess().out();
        assertThat(healed.lines().filter(line -> line.contains("dslab-ada-items")).filter(line -> line.matches(".*\\bno\\b.*")))
                .isEmpty();
    }

    @Test
    @Order(10)
    void kinesisLimitsAreShownCountedAndSwitched() {
        assertThat(shell.run("local kinesis-limits").expectSuccess().out()).contains("Kinesis limits: on", "1,000 records");
        try (KinesisClient kinesis = EdgeClients.of(localTarget.status().orElseThrow().edge()).kinesis()) {
            kinesis.putRecord(put -> put.streamName("dslab-ada-events").partitionKey("k").data(SdkBytes.fromUtf8String("x")));
        }
        assertThat(shell.run("local kinesis-limits").expectSuccess().out()).contains("STREAM", "THROTTLED", "dslab-ada-events", "shardId-");
        try {
            assertThat(shell.run("local kinesis-limits off").expectSuccess().out()).contains("Kinesis limits now: off");
            assertThat(localTarget.control("kinesis/limits", null)).containsEntry("enabled", false);
            assertUsage("local kinesis-limits maybe", "unknown value 'maybe' for the setting; allowed: on, off");
        } finally {
            assertThat(shell.run("local kinesis-limits ON").expectSuccess().out()).contains("Kinesis limits now: on");
        }
        assertThat(localTarget.control("kinesis/limits", null)).containsEntry("enabled", true);
    }

    @Test
    @Order(11)
    void theNextRunRemovesWhatADeadRunLeftAndKeepsWhatALiveRunMade() throws Exception {
        // two shells' runs, as their rows and locks look: one shell killed -9 mid-run, one still running
        Path owners = home.resolve("runs").resolve("owners");
        RunOwnerHolder.Held killed = RunOwnerHolder.start(owners);
        RunOwnerHolder.Held running = RunOwnerHolder.start(owners);
        String dead = store.startRun(ADA, ProbeExperiment.NAME, 1, "local", Map.of(), null, home.resolve("runs"), killed.owner()).runId();
        String live = store.startRun(ADA, ProbeExperiment.NAME, 2, "local", Map.of(), null, home.resolve("runs"), running.owner()).runId();
        EdgeClients edge = EdgeClients.of(localTarget.status().orElseThrow().edge());
        try (KinesisClient kinesis = edge.kinesis(); LambdaClient lambda = edge.lambda(); DynamoDbClient dynamoDb = edge.dynamoDb();
             S3Client s3 = edge.s3()) {
            String bucket = s3.listBuckets().buckets().stream().map(Bucket::name).filter(name -> name.startsWith("dslab-ada-data-"))
                    .findFirst().orElseThrow();
            byte[] code = lambdasJar();
            // what lambda-kinesis-esm makes per strategy, and a Kinesis experiment's stream
            for (String run : List.of(dead, live)) {
                String strategy = run.equals(dead) ? "retry" : "bisect";
                createStream(kinesis, "dslab-ada-events-" + run + "-" + strategy);
                dynamoDb.createTable(table -> table.tableName("dslab-ada-items-" + run + "-" + strategy).billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
                String function = "dslab-ada-stream-batch-" + run + "-" + strategy;
                lambda.createFunction(create -> create.functionName(function).runtime(Runtime.JAVA17)
                        .role("arn:aws:iam::000000000000:role/probe").handler("dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
                lambda.waiter().waitUntilFunctionActiveV2(get -> get.functionName(function));
                String streamArn = kinesis.describeStreamSummary(d -> d.streamName("dslab-ada-events-" + run + "-" + strategy))
                        .streamDescriptionSummary().streamARN();
                lambda.createEventSourceMapping(m -> m.functionName(function).eventSourceArn(streamArn)
                        .startingPosition(EventSourcePosition.LATEST).batchSize(10));
                createStream(kinesis, "dslab-ada-events-" + run);
                s3.putObject(put -> put.bucket(bucket).key("lambda-kinesis-esm/" + run + "/dslab-ada-stream-batch.zip"),
                        RequestBody.fromString("code"));
            }
            // the dead run's id in another learner's names and in a name of ada's that no run makes: not ada's runs
            createStream(kinesis, "dslab-bob-events-" + dead);
            createStream(kinesis, "dslab-ada-events-" + dead + "-extra");
            killed.process().destroyForcibly().waitFor();

            ShellRunner.Run run = shell.run("experiment run " + ProbeExperiment.NAME + " --param writes=1").expectSuccess();

            assertThat(run.out().lines().filter(line -> line.startsWith("Removed"))).containsExactly("Removed what run " + dead
                    + " left behind (ended without cleaning up): 1 event source mapping, 1 function, 1 table, 2 streams, 1 object version");
            // a deleted stream or table is listed (DELETING) for a moment
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(kinesis.listStreams().streamNames())
                    .doesNotContain("dslab-ada-events-" + dead + "-retry", "dslab-ada-events-" + dead));
            assertThat(kinesis.listStreams().streamNames()).contains("dslab-ada-events-" + live + "-bisect", "dslab-ada-events-" + live,
                    "dslab-bob-events-" + dead, "dslab-ada-events-" + dead + "-extra");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(dynamoDb.listTables().tableNames())
                    .doesNotContain("dslab-ada-items-" + dead + "-retry"));
            assertThat(dynamoDb.listTables().tableNames()).contains("dslab-ada-items-" + live + "-bisect");
            assertThat(lambda.listFunctions().functions()).extracting(FunctionConfiguration::functionName)
                    .doesNotContain("dslab-ada-stream-batch-" + dead + "-retry").contains("dslab-ada-stream-batch-" + live + "-bisect");
            assertThat(lambda.listEventSourceMappings().eventSourceMappings()).extracting(EventSourceMappingConfiguration::functionArn)
                    .singleElement().asString().endsWith(":dslab-ada-stream-batch-" + live + "-bisect");
            assertThat(s3.listObjectVersions(list -> list.bucket(bucket).prefix("lambda-kinesis-esm/")).versions())
                    .extracting(ObjectVersion::key).containsExactly("lambda-kinesis-esm/" + live + "/dslab-ada-stream-batch.zip");
            assertThat(runs.stored(ADA, dead).status()).isEqualTo("FAILED");
            assertThat(runs.stored(ADA, dead).reason()).startsWith("the process running it ended before the run did");
            assertThat(runs.stored(ADA, live).status()).isEqualTo("RUNNING");

            // the other shell is killed too: the next run removes what its run made
            running.process().destroyForcibly().waitFor();
            assertThat(shell.run("experiment run " + ProbeExperiment.NAME + " --param writes=1").expectSuccess().out())
                    .contains("Removed what run " + live + " left behind");
            assertThat(lambda.listEventSourceMappings().eventSourceMappings()).isEmpty();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(kinesis.listStreams().streamNames())
                    .noneMatch(name -> name.startsWith("dslab-ada-events-" + live)));
            kinesis.deleteStream(delete -> delete.streamName("dslab-bob-events-" + dead));
            kinesis.deleteStream(delete -> delete.streamName("dslab-ada-events-" + dead + "-extra"));
        } finally {
            killed.process().destroyForcibly();
            running.process().destroyForcibly();
        }
    }

    private static byte[] lambdasJar() throws java.io.IOException {
        try (InputStream in = ExperimentCommandsTest.class.getClassLoader().getResourceAsStream("dslab-assets/lambdas.jar")) {
            return in.readAllBytes();
        }
    }

    private static void createStream(KinesisClient kinesis, String name) {
        kinesis.createStream(create -> create.streamName(name).shardCount(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> kinesis.describeStreamSummary(d -> d.streamName(name))
                .streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
    }

    @Test
    @Order(12)
    void aLocalTargetThatDiesMidRunFailsTheRunWithItsReasonAndKeepsTheHistory() throws Exception {
        AtomicReference<ShellRunner.Run> result = new AtomicReference<>();
        Thread command = new Thread(() -> result.set(shell.run("experiment run " + ProbeExperiment.NAME
                + " --param writes=100000 --param pause=5ms")));
        command.start();
        String runId = "r" + (runs.list(ADA).size() + 1);
        Path history = home.resolve("runs").resolve(runId).resolve(RunRecord.HISTORY_FILE);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(history) && Files.readAllLines(history).size() >= 6);
        ProcessHandle.of(localTarget.status().orElseThrow().pid()).orElseThrow().destroyForcibly();
        command.join(30_000);

        ShellRunner.Run run = result.get();
        assertThat(run).as("the run ended by itself, without an interrupt").isNotNull();
        assertThat(run.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(run.out()).contains("FAILED");
        assertThat(runs.find(ADA, runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.find(ADA, runId).reason()).startsWith("the local target stopped during the run");
        assertThat(runs.stored(ADA, runId).operations()).isGreaterThanOrEqualTo(6);
    }

    @AfterAll
    void stopTheTarget() {
        localTarget.stop();
        TestHomes.delete(home);
    }

    private void assertUsage(String line, String message) {
        ShellRunner.Run run = shell.run(line);
        assertThat(run.exitCode()).as(line).isEqualTo(CommandLine.USAGE);
        assertThat(run.err()).as(line).contains(message);
        assertThat(run.err().strip().lines()).as(line).hasSize(1);
    }
}
