package dev.dslab.local.lambda.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.daemon.ProcessTools;
import dev.dslab.local.LocalTargetStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * A learner's sandbox survives restarts of the local target: one home, one daemon after another. A stream,
 * a function and an event source mapping with its idempotency table, a versioned bucket; the daemon is
 * stopped (graceful), then killed -9 in the middle of processing. After each restart the mapping resumes
 * from its checkpoint: every record is processed, none checkpointed before the restart is processed again,
 * and a kill -9 replays at most the batches that were in flight.
 */
class LocalTargetPersistenceTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int BATCH = 10;
    private static final int SHARDS = 2;

    @TempDir
    static Path home;
    static EsmTestTarget target;

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aSandboxSurvivesAStopAndAKillAndItsMappingResumesFromItsCheckpoint() {
        target = new EsmTestTarget(home);
        String stream = target.stream("kept-events", SHARDS);
        target.table("kept-records");
        target.function("kept-batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "kept-records"));
        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("kept-batch").eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(BATCH)).uuid();
        target.s3.createBucket(b -> b.bucket("kept-bucket"));
        target.s3.putBucketVersioning(b -> b.bucket("kept-bucket").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        target.s3.putObject(p -> p.bucket("kept-bucket").key("note"), RequestBody.fromString("first"));
        target.s3.putObject(p -> p.bucket("kept-bucket").key("note"), RequestBody.fromString("second"));
        List<String> versionsBefore = versions();
        assertThat(versionsBefore).hasSize(2);

        List<String> sequenceNumbers = new ArrayList<>(put(0, 40));
        await().atMost(WAIT).until(() -> processed().size() == 40);
        await().atMost(WAIT).until(() -> checkpointsAtTheEnd(sequenceNumbers));

        // a graceful stop with nothing in flight: nothing may be processed twice after it
        target.close();
        target = new EsmTestTarget(home);
        assertThat(target.lambda.getFunction(r -> r.functionName("kept-batch")).configuration().handler())
                .isEqualTo(EsmTestTarget.BATCH_HANDLER);
        await().atMost(WAIT).until(() -> target.lambda.getEventSourceMapping(r -> r.uuid(uuid)).state().equals("Enabled"));
        assertThat(versions()).isEqualTo(versionsBefore);
        assertThat(target.s3.getObjectAsBytes(g -> g.bucket("kept-bucket").key("note")).asUtf8String()).isEqualTo("second");
        assertThat(processed()).hasSize(40);
        assertThat(target.kinesis.listShards(r -> r.streamName("kept-events")).shards()).hasSize(SHARDS);

        List<String> afterStop = put(40, 40);
        assertThat(afterStop).doesNotContainAnyElementsOf(sequenceNumbers);
        sequenceNumbers.addAll(afterStop);
        await().atMost(WAIT).until(() -> processed().size() == 80);
        await().atMost(WAIT).until(() -> checkpointsAtTheEnd(sequenceNumbers));
        assertThat(duplicates()).as("records processed again after a graceful stop").isEmpty();

        // a kill -9 while batches are in flight: those may come again, nothing may be skipped
        sequenceNumbers.addAll(put(80, 60));
        await().atMost(WAIT).until(() -> processed().size() >= 90);
        LocalTargetStatus running = target.client.status();
        ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> running.components().stream()
                .noneMatch(component -> ProcessTools.isAlive(component.pid())));
        target.close();
        target = new EsmTestTarget(home);

        sequenceNumbers.addAll(put(140, 20));
        await().atMost(WAIT).until(() -> processed().size() == 160);
        await().atMost(WAIT).until(() -> checkpointsAtTheEnd(sequenceNumbers));
        assertThat(processed()).containsExactlyInAnyOrderElementsOf(sequenceNumbers);
        long replayed = duplicates().values().stream().mapToLong(Long::longValue).sum();
        assertThat(replayed).as("records replayed after the kill: at most one batch per shard").isLessThanOrEqualTo(BATCH * SHARDS);
        assertThat(versions()).isEqualTo(versionsBefore);
    }

    private static List<String> put(int from, int count) {
        return target.put("kept-events", count, i -> "k" + ((from + i) % 7), i -> "{\"n\":" + (from + i) + "}");
    }

    private static List<String> versions() {
        return target.s3.listObjectVersions(r -> r.bucket("kept-bucket")).versions().stream().map(ObjectVersion::versionId).toList();
    }

    /** The sequence numbers the handler processed (its idempotency table, read through the DynamoDB front). */
    private static List<String> processed() {
        return target.items("kept-records", "processed#").stream().map(item -> item.get("sk").s()).toList();
    }

    /** Sequence number -> how often the handler saw it again. */
    private static Map<String, Long> duplicates() {
        Map<String, Long> duplicates = new HashMap<>();
        for (Map<String, AttributeValue> item : target.items("kept-records", "processed#")) {
            if (item.containsKey("duplicates")) {
                duplicates.put(item.get("sk").s(), Long.parseLong(item.get("duplicates").n()));
            }
        }
        return duplicates;
    }

    /**
     * All {@code expected} records are processed and every shard's checkpoint is the last record of that shard
     * the handler processed (its items are keyed processed#shardId / sequence number): nothing is in flight.
     */
    private static boolean checkpointsAtTheEnd(List<String> expected) {
        List<Map<String, AttributeValue>> items = target.items("kept-records", "processed#");
        if (items.size() != expected.size()) {
            return false;
        }
        Map<String, BigInteger> lastPerShard = new HashMap<>();
        items.forEach(item -> lastPerShard.merge(item.get("pk").s().substring("processed#".length()),
                new BigInteger(item.get("sk").s()), BigInteger::max));
        JsonNode mapping = target.client.control("lambda/esm", null).path("EventSourceMappings").path(0);
        int shardsAtTheEnd = 0;
        for (JsonNode shard : mapping.path("Shards")) {
            BigInteger last = lastPerShard.get(shard.path("shardId").asText());
            if (last != null && shard.path("checkpoint").asText("").equals(last.toString())) {
                shardsAtTheEnd++;
            }
        }
        return shardsAtTheEnd == lastPerShard.size();
    }
}
