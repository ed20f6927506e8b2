package dev.dslab.local.kinesis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which shard a shard iterator reads. kinesis-local's iterators are opaque (encrypted), so the front learns
 * each one from the answer that handed it out: GetShardIterator names its shard in the request, and a
 * GetRecords answer's NextShardIterator reads the same shard as the iterator it was asked with. An iterator
 * is valid for 5 minutes after it was issued (GetShardIterator API reference); entries are dropped a little
 * after that.
 */
final class ShardIterators {

    /** The shard an iterator reads. */
    record ShardRef(String stream, String shardId) {
    }

    private record Issued(ShardRef shard, long at) {
    }

    private static final long KEEP_NANOS = 6 * 60 * 1_000_000_000L;
    private static final int SWEEP_EVERY = 1_000;

    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    void issued(String iterator, ShardRef shard) {
        long now = System.nanoTime();
        issued.put(iterator, new Issued(shard, now));
        if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            sinceSweep.set(0);
            issued.values().removeIf(entry -> now - entry.at() > KEEP_NANOS);
        }
    }

    /** The iterator's shard, or null for one this front did not hand out (or long expired). */
    ShardRef shardOf(String iterator) {
        Issued entry = issued.get(iterator);
        return entry == null ? null : entry.shard();
    }

    void forget(String stream) {
        issued.values().removeIf(entry -> entry.shard().stream().equals(stream));
    }
}
