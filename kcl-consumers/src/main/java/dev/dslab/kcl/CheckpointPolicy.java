package dev.dslab.kcl;

import java.time.Duration;

/**
 * When a shard's processor checkpoints: after every N records, when T has passed since the last checkpoint,
 * or both (whichever comes first). Neither: only at shard end and on a graceful shutdown, so a crash replays
 * everything the shard's lease holder processed. One instance per shard processor (not thread-safe; KCL calls
 * a processor from one thread at a time).
 */
final class CheckpointPolicy {

    private final int everyRecords;
    private final long everyNanos;
    private int sinceLast;
    private long lastNanos;

    CheckpointPolicy(int everyRecords, Duration every, long nowNanos) {
        this.everyRecords = everyRecords;
        this.everyNanos = every.toNanos();
        this.lastNanos = nowNanos;
    }

    /** Counts one processed record and tells whether to checkpoint now. */
    boolean recordProcessed(long nowNanos) {
        sinceLast++;
        return (everyRecords > 0 && sinceLast >= everyRecords) || (everyNanos > 0 && nowNanos - lastNanos >= everyNanos);
    }

    /** A batch with no records still lets the time policy checkpoint what was processed. */
    boolean idle(long nowNanos) {
        return sinceLast > 0 && everyNanos > 0 && nowNanos - lastNanos >= everyNanos;
    }

    /** Records processed since the last checkpoint. */
    int pending() {
        return sinceLast;
    }

    void checkpointed(long nowNanos) {
        sinceLast = 0;
        lastNanos = nowNanos;
    }
}
