package dev.dslab.local.cloudformation.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * AWS::Kinesis::Stream on kinesis-local: provisioned (ShardCount) or on-demand streams, retention and
 * tags. Server-side encryption is not modelled locally and fails loudly.
 */
final class KinesisStreamProvider implements ResourceProvider {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int DEFAULT_RETENTION_HOURS = 24;
    private final KinesisClient kinesis;

    KinesisStreamProvider(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    @Override
    public String type() {
        return "AWS::Kinesis::Stream";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("Name", "ShardCount", "StreamModeDetails", "RetentionPeriodHours", "StreamEncryption", "Tags");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("Name");
    }

    @Override
    public String nameProperty() {
        return "Name";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        rejectEncryption(request);
        String name = request.physicalName(nameProperty(), PhysicalNames.Style.KINESIS_STREAM);
        StreamMode mode = mode(request);
        Integer shards = request.integer("ShardCount");
        if (mode == StreamMode.PROVISIONED && shards == null) {
            throw new ProviderException("ShardCount is required for a PROVISIONED stream");
        }
        kinesis.createStream(r -> {
            r.streamName(name).streamModeDetails(d -> d.streamMode(mode));
            if (mode == StreamMode.PROVISIONED) {
                r.shardCount(shards);
            }
        });
        awaitActive(name);
        setRetention(name, DEFAULT_RETENTION_HOURS, retention(request));
        addTags(name, request.tags());
        return provisioned(awaitActive(name));
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        rejectEncryption(request);
        String name = current.physicalId();
        StreamDescriptionSummary stream = awaitActive(name);
        StreamMode mode = mode(request);
        if (mode != mode(previous)) {
            kinesis.updateStreamMode(r -> r.streamARN(stream.streamARN()).streamModeDetails(d -> d.streamMode(mode)));
            awaitActive(name);
        }
        Integer shards = request.integer("ShardCount");
        if (mode == StreamMode.PROVISIONED && shards != null && !shards.equals(stream.openShardCount())) {
            kinesis.updateShardCount(r -> r.streamName(name).targetShardCount(shards)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            awaitActive(name);
        }
        setRetention(name, retention(previous), retention(request));
        Tags tags = Tags.diff(previous.tags(), request.tags());
        if (!tags.toRemove().isEmpty()) {
            kinesis.removeTagsFromStream(r -> r.streamName(name).tagKeys(tags.toRemove()));
        }
        addTags(name, tags.toSet());
        return provisioned(awaitActive(name));
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) throws Exception {
        String name = current.physicalId();
        try {
            kinesis.deleteStream(r -> r.streamName(name).enforceConsumerDeletion(true));
        } catch (ResourceNotFoundException gone) {
            return;
        }
        Polling.until("Deletion of stream " + name, WAIT, () -> {
            try {
                kinesis.describeStreamSummary(r -> r.streamName(name));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        });
    }

    private static void rejectEncryption(ResourceRequest request) throws ProviderException {
        if (request.properties().has("StreamEncryption")) {
            throw new ProviderException("StreamEncryption is not supported by the dslab local target: "
                    + "kinesis-local has no KMS; declare the stream UNENCRYPTED");
        }
    }

    private static StreamMode mode(ResourceRequest request) {
        return StreamMode.fromValue(request.node("StreamModeDetails").path("StreamMode").asText("PROVISIONED"));
    }

    private static int retention(ResourceRequest request) throws ProviderException {
        Integer hours = request.integer("RetentionPeriodHours");
        return hours == null ? DEFAULT_RETENTION_HOURS : hours;
    }

    private void setRetention(String name, int from, int to) {
        if (to > from) {
            kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(to));
        } else if (to < from) {
            kinesis.decreaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(to));
        }
    }

    /** AddTagsToStream takes at most 10 tags per call. */
    private void addTags(String name, Map<String, String> tags) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(tags.entrySet());
        for (int start = 0; start < entries.size(); start += 10) {
            Map<String, String> batch = new LinkedHashMap<>();
            entries.subList(start, Math.min(entries.size(), start + 10))
                    .forEach(entry -> batch.put(entry.getKey(), entry.getValue()));
            kinesis.addTagsToStream(r -> r.streamName(name).tags(batch));
        }
    }

    private StreamDescriptionSummary awaitActive(String name) throws Exception {
        StreamDescriptionSummary[] stream = new StreamDescriptionSummary[1];
        Polling.until("Stream " + name + " becoming ACTIVE", WAIT, () -> {
            stream[0] = kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
            return stream[0].streamStatus() == StreamStatus.ACTIVE;
        });
        return stream[0];
    }

    private static ProvisionedResource provisioned(StreamDescriptionSummary stream) {
        return new ProvisionedResource(stream.streamName(), Map.of("Arn", stream.streamARN()));
    }
}
