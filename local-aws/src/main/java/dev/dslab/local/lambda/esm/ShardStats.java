package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one shard's poller has done, for `lambda esm describe` (admin endpoint lambda/esm). Kept with the
 * mapping, so counts add up across disable and enable within one daemon's life.
 */
final class ShardStats {

    final String shardId;
    volatile String state = "waiting";
    volatile String checkpoint;
    volatile long millisBehindLatest;
    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong recordsSucceeded = new AtomicLong();
    final AtomicLong invocations = new AtomicLong();
    final AtomicLong functionErrors = new AtomicLong();
    final AtomicLong partialFailures = new AtomicLong();
    final AtomicLong throttles = new AtomicLong();
    final AtomicLong readThrottles = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong bisections = new AtomicLong();
    final AtomicLong recordsDiscarded = new AtomicLong();
    final AtomicLong windowsClosed = new AtomicLong();

    ShardStats(String shardId) {
        this.shardId = shardId;
    }

    void writeTo(ObjectNode node) {
        node.put("shardId", shardId);
        node.put("state", state);
        if (checkpoint != null) {
            node.put("checkpoint", checkpoint);
        }
        node.put("millisBehindLatest", millisBehindLatest);
        node.put("recordsRead", recordsRead.get());
        node.put("recordsSucceeded", recordsSucceeded.get());
        node.put("invocations", invocations.get());
        node.put("functionErrors", functionErrors.get());
        node.put("partialFailures", partialFailures.get());
        node.put("throttles", throttles.get());
        node.put("readThrottles", readThrottles.get());
        node.put("retries", retries.get());
        node.put("bisections", bisections.get());
        node.put("recordsDiscarded", recordsDiscarded.get());
        node.put("windowsClosed", windowsClosed.get());
    }
}
