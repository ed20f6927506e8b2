package dev.dslab.local.lambda.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Kinesis event source mappings on a real daemon: real kinesis-local read through the edge, the real
 * stream handlers of the lambdas module in child-JVM environments, their idempotency table in dynalite.
 */
class KinesisEventSourceMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on 2 cores shared with other builds a cold environment alone can take 10 s. */
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    static Path home;
    static EsmTestTarget target;

    @BeforeAll
    static void startTarget() {
        target = new EsmTestTarget(home);
    }

    @AfterAll
    static void stopTarget() {
        target.close();
    }

    @Test
    void theApiAnswersAsLambdaDoesAndRefusesBadParametersWithItsMessages() {
        String stream = target.stream("api-events", 1);
        target.table("api-records");
        String function = target.function("api-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "api-records"));

        CreateEventSourceMappingResponse created = target.lambda.createEventSourceMapping(r -> r.functionName("api-batch")
                .eventSourceArn(stream).startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(50).enabled(false));
        assertThat(created.state()).isEqualTo("Creating");
        assertThat(created.functionArn()).isEqualTo(function);
        assertThat(created.batchSize()).isEqualTo(50);
        assertThat(created.parallelizationFactor()).isEqualTo(1);
        assertThat(created.maximumRetryAttempts()).isEqualTo(-1);
        assertThat(created.maximumRecordAgeInSeconds()).isEqualTo(-1);
        assertThat(created.lastProcessingResult()).isEqualTo("No records processed");
        await().atMost(WAIT).until(() -> state(created.uuid()).equals("Disabled"));

        var updated = target.lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).parallelizationFactor(4)
                .bisectBatchOnFunctionError(true).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:s3:::api-failures"))));
        assertThat(updated.state()).isEqualTo("Updating");
        await().atMost(WAIT).until(() -> state(created.uuid()).equals("Disabled"));
        var read = target.lambda.getEventSourceMapping(r -> r.uuid(created.uuid()));
        assertThat(read.parallelizationFactor()).isEqualTo(4);
        assertThat(read.bisectBatchOnFunctionError()).isTrue();
        assertThat(read.functionResponseTypes()).containsExactly(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES);
        assertThat(read.destinationConfig().onFailure().destination()).isEqualTo("arn:aws:s3:::api-failures");

        assertThat(target.lambda.listEventSourceMappings(r -> r.functionName("api-batch")).eventSourceMappings())
                .extracting(EventSourceMappingConfiguration::uuid).containsExactly(created.uuid());
        assertThat(target.lambda.listEventSourceMappings(r -> r.eventSourceArn(stream)).eventSourceMappings()).hasSize(1);
        assertThat(target.lambda.listEventSourceMappings(r -> r.functionName("other")).eventSourceMappings()).isEmpty();

        assertThatThrownBy(() -> target.lambda.createEventSourceMapping(r -> r.functionName("api-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST)))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("provided mapping already exists. Please update or delete the existing mapping with UUID " + created.uuid());
        assertThatThrownBy(() -> target.lambda.createEventSourceMapping(r -> r.functionName("api-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST).batchSize(10_001)))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 10000");
        assertThatThrownBy(() -> target.lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).maximumRecordAgeInSeconds(30)))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)");
        assertThatThrownBy(() -> target.lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).parallelizationFactor(11)))
                .hasMessageContaining("Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10");
        assertThatThrownBy(() -> target.lambda.createEventSourceMapping(r -> r.functionName("api-batch")
                .eventSourceArn(stream.replace("api-events", "api-other")).startingPosition(EventSourcePosition.AT_TIMESTAMP)))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Need to specify a timestamp");
        assertThatThrownBy(() -> target.lambda.createEventSourceMapping(r -> r.functionName("missing").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.LATEST)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Function not found");
        assertThatThrownBy(() -> target.lambda.getEventSourceMapping(r -> r.uuid("0f3c5d0e-0000-0000-0000-000000000000")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("The resource you requested does not exist.");

        assertThat(target.lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid())).state()).isEqualTo("Deleting");
        await().atMost(WAIT).until(() -> target.lambda.listEventSourceMappings(r -> r.functionName("api-batch")).eventSourceMappings().isEmpty());
    }

    @Test
    void reportBatchItemFailuresRetriesFromThePoisonRecordAndTheIdempotentHandlerAbsorbsTheRedeliveries() throws Exception {
        String stream = target.stream("rbif-events", 1);
        target.table("rbif-records");
        target.s3.createBucket(b -> b.bucket("rbif-failures"));
        target.function("rbif-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "rbif-records"));
        List<String> sequence = target.put("rbif-events", 20, i -> "key-" + (i % 4), i -> "{\"n\":" + i + ",\"poison\":" + (i == 7) + "}");

        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("rbif-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(20).maximumBatchingWindowInSeconds(1).maximumRetryAttempts(2)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:s3:::rbif-failures")))).uuid();

        await().atMost(WAIT).until(() -> listFailures("rbif-failures").size() == 1);
        Map<String, Long> duplicates = target.numbers("rbif-records", "processed#", "duplicates");
        assertThat(duplicates.keySet()).hasSize(19).doesNotContain(sequence.get(7));
        // the retries (from the poison record on) redelivered the 12 records after it twice; none was processed again
        assertThat(sequence.subList(8, 20)).allSatisfy(seq -> assertThat(duplicates.get(seq)).isEqualTo(2));
        assertThat(sequence.subList(0, 7)).allSatisfy(seq -> assertThat(duplicates.get(seq)).isZero());
        assertThat(target.numbers("rbif-records", "poison#", "deliveries")).containsExactly(Map.entry(sequence.get(7), 3L));

        JsonNode record = JSON.readTree(target.s3.getObjectAsBytes(r -> r.bucket("rbif-failures")
                .key(listFailures("rbif-failures").get(0).key())).asByteArray());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.at("/KinesisBatchInfo/startSequenceNumber").asText()).isEqualTo(sequence.get(7));
        assertThat(record.at("/KinesisBatchInfo/endSequenceNumber").asText()).isEqualTo(sequence.get(19));
        assertThat(record.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(13);
        assertThat(record.at("/KinesisBatchInfo/streamArn").asText()).isEqualTo(stream);
        assertThat(record.at("/payload/Records/0/eventID").asText()).isEqualTo("shardId-000000000000:" + sequence.get(7));
        assertThat(listFailures("rbif-failures").get(0).key()).startsWith("aws/lambda/" + uuid + "/shardId-000000000000/");

        JsonNode shard = shardStats(uuid, "shardId-000000000000");
        await().atMost(WAIT).until(() -> sequence.get(19).equals(shardStats(uuid, "shardId-000000000000").path("checkpoint").asText()));
        assertThat(shard.path("partialFailures").asLong()).isEqualTo(3);
        assertThat(shard.path("recordsDiscarded").asLong()).isEqualTo(13);
        assertThat(target.lambda.getEventSourceMapping(r -> r.uuid(uuid)).lastProcessingResult()).isEqualTo("OK");
    }

    @Test
    void bisectIsolatesThePoisonRecordAndOnlyItIsDiscardedToTheFunctionDestination() {
        String stream = target.stream("bisect-events", 1);
        target.table("bisect-records");
        target.function("bisect-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "bisect-records", "BATCH_FAILURE_MODE", "throw"));
        target.function("bisect-discarded", EsmTestTarget.DISCARDED_HANDLER, Map.of("PROCESSED_TABLE", "bisect-records"));
        List<String> sequence = target.put("bisect-events", 16, i -> "key-" + i, i -> "{\"n\":" + i + ",\"poison\":" + (i == 5) + "}");

        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("bisect-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(16).maximumBatchingWindowInSeconds(1).maximumRetryAttempts(1)
                .bisectBatchOnFunctionError(true)
                .destinationConfig(d -> d.onFailure(f -> f.destination(target.lambda.getFunction(g -> g.functionName("bisect-discarded"))
                        .configuration().functionArn())))).uuid();

        await().atMost(WAIT).until(() -> sequence.get(15).equals(shardStats(uuid, "shardId-000000000000").path("checkpoint").asText()));
        Map<String, Long> processed = target.numbers("bisect-records", "processed#", "duplicates");
        assertThat(processed.keySet()).hasSize(15).doesNotContain(sequence.get(5));
        // 16 -> 8 -> 4 -> 2 -> 1, then one retry of the single record
        assertThat(target.numbers("bisect-records", "poison#", "deliveries")).containsExactly(Map.entry(sequence.get(5), 6L));
        JsonNode shard = shardStats(uuid, "shardId-000000000000");
        assertThat(shard.path("bisections").asLong()).isEqualTo(4);
        assertThat(shard.path("recordsDiscarded").asLong()).isEqualTo(1);
        assertThat(shard.path("retries").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !target.items("bisect-records", "discarded#").isEmpty());
        Map<String, AttributeValue> discarded = target.items("bisect-records", "discarded#").get(0);
        assertThat(discarded.get("sk").s()).isEqualTo(sequence.get(5));
        assertThat(discarded.get("batchSize").n()).isEqualTo("1");
        assertThat(discarded.get("condition").s()).isEqualTo("RetryAttemptsExhausted");
    }

    @Test
    void parallelizationRunsLanesPerShardAndKeepsTheOrderOfEachPartitionKey() {
        String stream = target.stream("order-events", 2);
        target.table("order-records");
        target.function("order-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "order-records"));
        List<String> sequence = target.put("order-events", 96, i -> "key-" + (i % 8), i -> "{\"n\":" + i + "}");

        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("order-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(5).parallelizationFactor(2)).uuid();

        await().atMost(WAIT).until(() -> target.items("order-records", "processed#").size() == 96);
        List<Map<String, AttributeValue>> items = target.items("order-records", "processed#");
        assertThat(items).allSatisfy(item -> assertThat(item).doesNotContainKey("duplicates"));
        Map<String, List<Map<String, AttributeValue>>> byKey = items.stream()
                .collect(Collectors.groupingBy(item -> item.get("partitionKey").s()));
        assertThat(byKey).hasSize(8);
        byKey.forEach((key, records) -> {
            List<Map<String, AttributeValue>> inStreamOrder = new ArrayList<>(records);
            inStreamOrder.sort(Comparator.comparing(item -> new java.math.BigInteger(item.get("sk").s())));
            List<Long> processedAt = inStreamOrder.stream().map(item -> Long.parseLong(item.get("processedAt").n())).toList();
            assertThat(processedAt).as("processing times of %s in sequence order", key).isSorted();
        });
        JsonNode mapping = mappingStats(uuid);
        assertThat(mapping.path("Shards")).hasSize(2)
                .allSatisfy(shard -> assertThat(shard.path("invocations").asLong()).isGreaterThanOrEqualTo(2));
        assertThat(sequence).hasSize(96);
    }

    @Test
    void aTumblingWindowPassesItsStateFromInvokeToInvokeAndEndsWithAFinalInvoke() {
        String stream = target.stream("window-events", 1);
        target.table("window-records");
        target.function("window-count", EsmTestTarget.WINDOW_HANDLER, Map.of("PROCESSED_TABLE", "window-records"));
        target.put("window-events", 24, i -> i % 3 == 0 ? "a" : "b", i -> "{\"n\":" + i + "}");

        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("window-count").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(4).tumblingWindowInSeconds(2)).uuid();

        await().atMost(WAIT).until(() -> target.items("window-records", "window#").stream()
                .mapToLong(item -> Long.parseLong(item.get("counts").m().get("_records").n())).sum() == 24);
        List<Map<String, AttributeValue>> windows = target.items("window-records", "window#");
        long a = windows.stream().mapToLong(item -> Long.parseLong(item.get("counts").m().getOrDefault("a", AttributeValue.fromN("0")).n())).sum();
        assertThat(a).isEqualTo(8);
        // 24 records in batches of 4: the counts of one window add up over several invokes, through the state
        assertThat(windows).anySatisfy(item -> assertThat(Long.parseLong(item.get("counts").m().get("_invokes").n())).isGreaterThanOrEqualTo(2));
        assertThat(windows).allSatisfy(item -> assertThat(Instant.parse(item.get("windowEnd").s()).toEpochMilli()
                - Instant.parse(item.get("sk").s()).toEpochMilli()).isEqualTo(2000));
        // the handler writes the window during its final invoke; the mapping counts it once the invoke returns
        await().atMost(WAIT).until(() -> mappingStats(uuid).at("/Shards/0/windowsClosed").asLong() == windows.size());
    }

    @Test
    void aDisabledMappingResumesFromItsCheckpointNeitherReplayingNorSkipping() throws Exception {
        String stream = target.stream("resume-events", 1);
        target.table("resume-records");
        target.function("resume-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "resume-records"));
        List<String> first = target.put("resume-events", 30, i -> "k" + (i % 3), i -> "{\"n\":" + i + "}");
        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("resume-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10)).uuid();
        await().atMost(WAIT).until(() -> target.items("resume-records", "processed#").size() == 30);
        await().atMost(WAIT).until(() -> first.get(29).equals(mappingStats(uuid).at("/Shards/0/checkpoint").asText()));

        assertThat(target.lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(false)).state()).isEqualTo("Disabling");
        await().atMost(WAIT).until(() -> state(uuid).equals("Disabled"));
        Path checkpoints;
        try (var files = Files.walk(home)) {
            checkpoints = files.filter(file -> file.getFileName().toString().equals(uuid + ".json")).findFirst().orElseThrow();
        }
        assertThat(JSON.readTree(checkpoints.toFile()).at("/shards/shardId-000000000000/sequenceNumber").asText()).isEqualTo(first.get(29));

        List<String> second = target.put("resume-events", 30, i -> "k" + (i % 3), i -> "{\"n\":" + (30 + i) + "}");
        EsmTestTarget.sleep(1500);
        assertThat(target.items("resume-records", "processed#")).hasSize(30);

        assertThat(target.lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(true)).state()).isEqualTo("Enabling");
        await().atMost(WAIT).until(() -> target.items("resume-records", "processed#").size() == 60);
        assertThat(target.items("resume-records", "processed#")).allSatisfy(item -> assertThat(item).doesNotContainKey("duplicates"));
        await().atMost(WAIT).until(() -> second.get(29).equals(mappingStats(uuid).at("/Shards/0/checkpoint").asText()));
    }

    @Test
    void aCloudFormationStackDeploysTheMappingAndDeletesIt() {
        target.table("cfn-records");
        target.s3.createBucket(b -> b.bucket("cfn-assets"));
        target.s3.putObject(p -> p.bucket("cfn-assets").key("lambdas.jar"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(EsmTestTarget.lambdasJar()));
        String template = """
                {"Resources": {
                  "Events": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "cfn-events", "ShardCount": 1}},
                  "Batch": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "cfn-batch", "Runtime": "java17",
                    "Handler": "%s", "Role": "%s", "MemorySize": 512, "Timeout": 30,
                    "Environment": {"Variables": {"PROCESSED_TABLE": "cfn-records"}},
                    "Code": {"S3Bucket": "cfn-assets", "S3Key": "lambdas.jar"}}},
                  "Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": {"Ref": "Batch"},
                    "EventSourceArn": {"Fn::GetAtt": ["Events", "Arn"]}, "StartingPosition": "TRIM_HORIZON", "BatchSize": 10,
                    "MaximumRetryAttempts": 3, "BisectBatchOnFunctionError": true}}},
                 "Outputs": {"MappingId": {"Value": {"Ref": "Mapping"}},
                             "MappingArn": {"Value": {"Fn::GetAtt": ["Mapping", "EventSourceMappingArn"]}}}}
                """.formatted(EsmTestTarget.BATCH_HANDLER, EsmTestTarget.ROLE);
        try (var cloudFormation = dev.dslab.local.EdgeClients.of(target.edge).cloudFormation()) {
            cloudFormation.createStack(r -> r.stackName("esm-stack").templateBody(template));
            await().atMost(WAIT).until(() -> !cloudFormation.describeStacks(r -> r.stackName("esm-stack")).stacks().get(0)
                    .stackStatusAsString().endsWith("_IN_PROGRESS"));
            var stack = cloudFormation.describeStacks(r -> r.stackName("esm-stack")).stacks().get(0);
            assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
            Map<String, String> outputs = stack.outputs().stream()
                    .collect(Collectors.toMap(o -> o.outputKey(), o -> o.outputValue()));
            var mapping = target.lambda.getEventSourceMapping(r -> r.uuid(outputs.get("MappingId")));
            assertThat(mapping.state()).isEqualTo("Enabled");
            assertThat(mapping.batchSize()).isEqualTo(10);
            assertThat(mapping.maximumRetryAttempts()).isEqualTo(3);
            assertThat(outputs.get("MappingArn")).endsWith(":event-source-mapping:" + outputs.get("MappingId"));

            target.put("cfn-events", 5, i -> "k", i -> "{\"n\":" + i + "}");
            await().atMost(WAIT).until(() -> target.items("cfn-records", "processed#").size() == 5);

            cloudFormation.deleteStack(r -> r.stackName("esm-stack"));
            await().atMost(WAIT).until(() -> {
                try {
                    return cloudFormation.describeStacks(r -> r.stackName("esm-stack")).stacks().stream()
                            .allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
                } catch (software.amazon.awssdk.services.cloudformation.model.CloudFormationException gone) {
                    return gone.getMessage().contains("does not exist");
                }
            });
            assertThatThrownBy(() -> target.lambda.getEventSourceMapping(r -> r.uuid(outputs.get("MappingId"))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void throttledInvokesAreRetriedWithoutCountingAsFunctionErrors() {
        String stream = target.stream("throttle-events", 1);
        target.table("throttle-records");
        target.function("throttle-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "throttle-records"));
        target.lambda.putFunctionConcurrency(r -> r.functionName("throttle-batch").reservedConcurrentExecutions(0));
        target.put("throttle-events", 10, i -> "k", i -> "{\"n\":" + i + "}");
        // no retries: a throttle counted as a failed attempt would discard the batch at once
        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("throttle-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10).maximumRetryAttempts(0)).uuid();

        await().atMost(WAIT).until(() -> shardStats(uuid, "shardId-000000000000").path("throttles").asLong() >= 3);
        target.lambda.deleteFunctionConcurrency(r -> r.functionName("throttle-batch"));
        await().atMost(WAIT).until(() -> target.items("throttle-records", "processed#").size() == 10);
        // the handler's writes are visible before its invoke returns and is counted
        await().atMost(WAIT).until(() -> shardStats(uuid, "shardId-000000000000").path("invocations").asLong() == 1);
        JsonNode shard = shardStats(uuid, "shardId-000000000000");
        assertThat(shard.path("functionErrors").asLong()).isZero();
        assertThat(shard.path("recordsDiscarded").asLong()).isZero();
        assertThat(shard.path("invocations").asLong()).isEqualTo(1);
    }

    private String state(String uuid) {
        return target.lambda.getEventSourceMapping(r -> r.uuid(uuid)).state();
    }

    private List<S3Object> listFailures(String bucket) {
        return target.s3.listObjectsV2(r -> r.bucket(bucket)).contents();
    }

    private static JsonNode mappingStats(String uuid) {
        for (JsonNode mapping : target.client.control("lambda/esm", null).path("EventSourceMappings")) {
            if (mapping.path("UUID").asText().equals(uuid)) {
                return mapping;
            }
        }
        return JSON.createObjectNode();
    }

    private static JsonNode shardStats(String uuid, String shardId) {
        for (JsonNode shard : mappingStats(uuid).path("Shards")) {
            if (shard.path("shardId").asText().equals(shardId)) {
                return shard;
            }
        }
        return JSON.createObjectNode();
    }
}
