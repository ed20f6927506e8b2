package dev.dslab.local.lambda.esm;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An enabled mapping at work: lists the stream's shards every second and runs a {@link ShardProcessor} for
 * each shard whose parents are finished, so that after a split or merge the parent's records are all
 * processed before any of its children's ("Lambda processes the parent shard before the child shards",
 * https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html).
 */
final class StreamConsumer {

    private static final Logger LOG = Logger.getLogger(StreamConsumer.class.getName());
    private static final long DISCOVERY_MILLIS = 1000;
    private static final long STOP_MILLIS = 5000;

    private final EventSourceMapping mapping;
    private final MappingSettings settings;
    private final Checkpoints checkpoints;
    private final KinesisClient kinesis;
    private final LambdaClient lambda;
    private final BatchInvoker invoker;
    private final FailureDestination destination;
    private final Map<String, ShardProcessor> processors = new ConcurrentHashMap<>();
    private final Thread discovery;
    private volatile boolean running = true;
    private String roleArn;

    StreamConsumer(EventSourceMapping mapping, Checkpoints checkpoints, KinesisClient kinesis, LambdaClient lambda,
                   BatchInvoker invoker, FailureDestination destination) {
        this.mapping = mapping;
        this.settings = mapping.settings();
        this.checkpoints = checkpoints;
        this.kinesis = kinesis;
        this.lambda = lambda;
        this.invoker = invoker;
        this.destination = destination;
        this.discovery = new Thread(this::discover, "esm-" + mapping.uuid().substring(0, 8) + "-shards");
        discovery.setDaemon(true);
    }

    void start() {
        discovery.start();
    }

    /** Stops every shard's threads, waiting at most {@value #STOP_MILLIS} ms in all. */
    void stop() {
        running = false;
        long deadline = System.nanoTime() + STOP_MILLIS * 1_000_000;
        discovery.interrupt();
        try {
            discovery.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        processors.values().forEach(ShardProcessor::requestStop);
        processors.values().forEach(processor -> processor.awaitStop(deadline));
        processors.clear();
    }

    private void discover() {
        while (running) {
            try {
                startReadyShards();
            } catch (SdkException e) {
                LOG.log(Level.FINE, "listing the shards of " + settings.eventSourceArn() + " failed", e);
            }
            try {
                Thread.sleep(DISCOVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void startReadyShards() {
        if (roleArn == null) {
            roleArn = lambda.getFunctionConfiguration(r -> r.functionName(settings.functionArn())).role();
        }
        Map<String, Shard> shards = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            ListShardsResponse page = kinesis.listShards(r -> {
                if (next == null) {
                    r.streamName(settings.streamName());
                } else {
                    r.nextToken(next);
                }
            });
            page.shards().forEach(shard -> shards.put(shard.shardId(), shard));
            token = page.nextToken();
        } while (token != null);
        if (!checkpoints.hasInitialShards()) {
            Set<String> open = new LinkedHashSet<>();
            shards.values().forEach(shard -> open.add(shard.shardId()));
            checkpoints.setInitialShards(open);
        }
        Set<String> initial = checkpoints.initialShards();
        Instant latestFrom = mapping.latestFrom();
        List<Shard> ready = new ArrayList<>();
        for (Shard shard : shards.values()) {
            if (processors.containsKey(shard.shardId()) || checkpoints.position(shard.shardId()).finished()) {
                continue;
            }
            if (parentDone(shard.parentShardId(), shards) && parentDone(shard.adjacentParentShardId(), shards)) {
                ready.add(shard);
            } else {
                mapping.stats(shard.shardId()).state = "waiting for parent";
            }
        }
        for (Shard shard : ready) {
            if (!running) {
                return;
            }
            ShardProcessor processor = new ShardProcessor(mapping.uuid(), settings, shard.shardId(), initial.contains(shard.shardId()),
                    latestFrom, checkpoints, mapping.stats(shard.shardId()), kinesis, invoker, destination, roleArn, mapping);
            processors.put(shard.shardId(), processor);
            processor.start();
            if (!running) {
                processor.requestStop(); // stop() ran while this shard was being started
            }
        }
    }

    /** A parent is done when it is finished, or gone from the stream (trimmed past its retention). */
    private boolean parentDone(String parent, Map<String, Shard> shards) {
        return parent == null || !shards.containsKey(parent) || checkpoints.position(parent).finished();
    }
}
