package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One event source mapping: its settings, its state as Lambda reports it (Creating, Enabling, Enabled,
 * Disabling, Disabled, Updating, Deleting), what its last invoke did, and each shard's counts.
 */
final class EventSourceMapping implements ShardProcessor.MappingEvents {

    private final String uuid;
    private final String arn;
    private final Instant latestFrom;
    private final Map<String, ShardStats> shards = new ConcurrentSkipListMap<>();
    private volatile MappingSettings settings;
    private volatile String state;
    private volatile Instant lastModified = Instant.now();
    private volatile String lastProcessingResult = "No records processed";
    /** Touched only by the service's control thread. */
    StreamConsumer consumer;

    EventSourceMapping(String uuid, String arn, MappingSettings settings, Instant latestFrom) {
        this.uuid = uuid;
        this.arn = arn;
        this.settings = settings;
        this.latestFrom = latestFrom;
        this.state = "Creating";
    }

    String uuid() {
        return uuid;
    }

    String arn() {
        return arn;
    }

    MappingSettings settings() {
        return settings;
    }

    String state() {
        return state;
    }

    Instant latestFrom() {
        return latestFrom;
    }

    synchronized void transition(String newState) {
        state = newState;
        lastModified = Instant.now();
    }

    synchronized void update(MappingSettings newSettings, String newState) {
        settings = newSettings;
        transition(newState);
    }

    ShardStats stats(String shardId) {
        return shards.computeIfAbsent(shardId, ShardStats::new);
    }

    @Override
    public void processed(String result) {
        lastProcessingResult = result;
    }

    @Override
    public void shardFinished(String shardId) {
        // the consumer's next discovery round starts the children
    }

    ObjectNode configuration(ObjectMapper json) {
        MappingSettings current = settings;
        ObjectNode node = json.createObjectNode();
        node.put("UUID", uuid);
        node.put("StartingPosition", current.startingPosition().name());
        if (current.startingPositionTimestamp() != null) {
            node.put("StartingPositionTimestamp", BigDecimal.valueOf(current.startingPositionTimestamp().toEpochMilli()).movePointLeft(3));
        }
        node.put("BatchSize", current.batchSize());
        node.put("MaximumBatchingWindowInSeconds", current.maximumBatchingWindowInSeconds());
        node.put("ParallelizationFactor", current.parallelizationFactor());
        node.put("EventSourceArn", current.eventSourceArn());
        node.put("FunctionArn", current.functionArn());
        node.put("LastModified", BigDecimal.valueOf(lastModified.toEpochMilli()).movePointLeft(3));
        node.put("LastProcessingResult", lastProcessingResult);
        node.put("State", state);
        node.put("StateTransitionReason", "User action");
        ObjectNode onFailure = node.putObject("DestinationConfig").putObject("OnFailure");
        if (current.onFailureDestination() != null) {
            onFailure.put("Destination", current.onFailureDestination());
        }
        node.put("MaximumRecordAgeInSeconds", current.maximumRecordAgeInSeconds());
        node.put("BisectBatchOnFunctionError", current.bisectBatchOnFunctionError());
        node.put("MaximumRetryAttempts", current.maximumRetryAttempts());
        node.put("TumblingWindowInSeconds", current.tumblingWindowInSeconds());
        ArrayNode types = node.putArray("FunctionResponseTypes");
        if (current.reportBatchItemFailures()) {
            types.add("ReportBatchItemFailures");
        }
        node.put("EventSourceMappingArn", arn);
        return node;
    }

    /** The admin view: the configuration plus each shard's position and counts. */
    ObjectNode describe(ObjectMapper json) {
        ObjectNode node = configuration(json);
        ArrayNode list = node.putArray("Shards");
        shards.values().forEach(stats -> stats.writeTo(list.addObject()));
        return node;
    }
}
