package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.engine.ExperimentException;
import dev.dslab.scenarios.engine.RunContext;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A stream of the run's own, {@code <sandbox stream>-<run id>}: created when the run starts and deleted when
 * it ends, however it ends, so that neither earlier runs' records nor a reshard ever touch the sandbox's stream
 * and every run starts from empty shards.
 */
public final class RunStream implements AutoCloseable {

    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(30);
    private static final Duration DELETED_WITHIN = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;

    private final KinesisClient kinesis;
    private final String name;
    private final String arn;
    private final List<Shard> shards;

    private RunStream(KinesisClient kinesis, String name, String arn, List<Shard> shards) {
        this.kinesis = kinesis;
        this.name = name;
        this.arn = arn;
        this.shards = shards;
    }

    /** Creates the stream with {@code shardCount} shards and waits until it is ACTIVE (polling: the SDK waiter polls every 10 s). */
    public static RunStream create(RunContext context, KinesisClient kinesis, int shardCount) throws InterruptedException {
        return create(context, kinesis, shardCount, "");
    }

    /**
     * As {@link #create(RunContext, KinesisClient, int)}, named {@code <sandbox stream>-<run id>-<suffix>}: for a run
     * that needs several streams of its own.
     */
    public static RunStream create(RunContext context, KinesisClient kinesis, int shardCount, String suffix) throws InterruptedException {
        String name = context.sandbox().stream() + "-" + context.runId() + (suffix.isEmpty() ? "" : "-" + suffix);
        context.progress().note("creating stream " + name + " with " + shardCount + " shard" + (shardCount == 1 ? "" : "s"));
        kinesis.createStream(request -> request.streamName(name).shardCount(shardCount));
        RunStream stream = new RunStream(kinesis, name, null, List.of());
        try {
            long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
            String arn;
            while (true) {
                try {
                    StreamDescriptionSummary summary = kinesis.describeStreamSummary(request -> request.streamName(name))
                            .streamDescriptionSummary();
                    if (summary.streamStatus() == StreamStatus.ACTIVE) {
                        arn = summary.streamARN();
                        break;
                    }
                } catch (SdkException notYet) {
                    // a slow answer while the stream is created: ask again
                }
                if (System.nanoTime() > deadline) {
                    throw new ExperimentException("stream " + name + " did not become ACTIVE within " + ACTIVE_WITHIN.toSeconds() + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
            List<Shard> shards = kinesis.listShards(request -> request.streamName(name)).shards();
            return new RunStream(kinesis, name, arn, List.copyOf(shards));
        } catch (InterruptedException | RuntimeException failed) {
            stream.close();
            throw failed;
        }
    }

    public String name() {
        return name;
    }

    /** The stream's ARN, as an event source mapping names its source. */
    public String arn() {
        return arn;
    }

    /** The shards as the stream was created (ordered by their hash key ranges). */
    public List<Shard> shards() {
        return shards;
    }

    /** A deleted stream is DELETING for a moment: the run ends when it is gone (bounded: a slow target leaves it DELETING). */
    private void awaitDeleted() {
        long deadline = System.nanoTime() + DELETED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                kinesis.describeStreamSummary(request -> request.streamName(name));
            } catch (ResourceNotFoundException gone) {
                return;
            } catch (SdkException busy) {
                // ask again
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Deletes the stream, also when the run's thread was interrupted (the interrupt is kept for the caller). */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    kinesis.deleteStream(request -> request.streamName(name).enforceConsumerDeletion(true));
                    awaitDeleted();
                    return;
                } catch (ResourceNotFoundException gone) {
                    return;
                } catch (SdkException retry) {
                    // the target is busy: try again; a stream left behind is named after its run
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
