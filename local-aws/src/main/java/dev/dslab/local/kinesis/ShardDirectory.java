package dev.dslab.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which open shard of a stream a record goes to, as Kinesis decides it (PutRecord API reference): the MD5 of
 * the partition key read as a 128-bit unsigned integer, or the ExplicitHashKey, falls in exactly one open
 * shard's hash key range. The shards come from kinesis-local's ListShards, kept per stream and fetched
 * again after anything that changes them, which all pass through the front: CreateStream and DeleteStream
 * ({@link #forget}: a stream's shards are fixed from its creation until a reshard), SplitShard, MergeShards
 * and UpdateShardCount ({@link #resharded}). kinesis-local completes a reshard a moment later (the stream
 * is UPDATING meanwhile), so for {@link #SETTLING_NANOS} after one the shards are listed again whenever
 * the copy is older than {@link #RECHECK_NANOS}. Listing only then matters: kinesis-local answers one
 * request at a time, so a ListShards waits behind the writes it is busy with, and so would the admission
 * of every record if the shards were listed on a timer.
 */
final class ShardDirectory {

    static final long SETTLING_NANOS = 30_000_000_000L;
    static final long RECHECK_NANOS = 250_000_000L;

    /** One open shard and its inclusive hash key range. */
    record Shard(String id, BigInteger start, BigInteger end) {
        boolean holds(BigInteger hash) {
            return start.compareTo(hash) <= 0 && hash.compareTo(end) <= 0;
        }
    }

    private record Listing(List<Shard> open, long fetchedAt) {
    }

    private final KinesisLocal kinesis;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();

    ShardDirectory(KinesisLocal kinesis) {
        this.kinesis = kinesis;
    }

    /** The shard that takes a record with this key, or empty when the stream cannot be listed (kinesis-local then answers). */
    Optional<Shard> shardFor(String stream, String partitionKey, String explicitHashKey) {
        BigInteger hash = explicitHashKey != null ? parseHashKey(explicitHashKey) : hashOf(partitionKey);
        if (hash == null) {
            return Optional.empty();
        }
        Optional<Shard> shard = find(listing(stream, false), hash);
        // a reshard this front did not see through (none should exist) or a stale copy: list once more
        return shard.isPresent() ? shard : find(listing(stream, true), hash);
    }

    /** The stream was created or deleted: list it afresh when next used. */
    void forget(String stream) {
        changedAt.remove(stream);
        listings.remove(stream);
    }

    /** The stream is being resharded: list it again while kinesis-local completes that. */
    void resharded(String stream) {
        changedAt.put(stream, System.nanoTime());
        listings.remove(stream);
    }

    static BigInteger hashOf(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has MD5", impossible);
        }
    }

    private static BigInteger parseHashKey(String text) {
        try {
            BigInteger hash = new BigInteger(text);
            return hash.signum() < 0 || hash.bitLength() > 128 ? null : hash;
        } catch (NumberFormatException notNumber) {
            return null; // kinesis-local refuses it with the service's message
        }
    }

    private static Optional<Shard> find(Listing listing, BigInteger hash) {
        if (listing == null) {
            return Optional.empty();
        }
        for (Shard shard : listing.open()) {
            if (shard.holds(hash)) {
                return Optional.of(shard);
            }
        }
        return Optional.empty();
    }

    private Listing listing(String stream, boolean fresh) {
        long now = System.nanoTime();
        Listing cached = listings.get(stream);
        if (!fresh && cached != null && current(stream, cached, now)) {
            return cached;
        }
        List<JsonNode> shards;
        try {
            shards = kinesis.listShards(stream);
        } catch (KinesisError notListable) {
            listings.remove(stream);
            return null;
        }
        List<Shard> open = new ArrayList<>();
        for (JsonNode shard : shards) {
            JsonNode end = shard.path("SequenceNumberRange").path("EndingSequenceNumber");
            if (end.isMissingNode() || end.isNull()) {
                JsonNode range = shard.path("HashKeyRange");
                open.add(new Shard(shard.path("ShardId").asText(), new BigInteger(range.path("StartingHashKey").asText("0")),
                        new BigInteger(range.path("EndingHashKey").asText("0"))));
            }
        }
        Listing listing = new Listing(List.copyOf(open), now);
        listings.put(stream, listing);
        return listing;
    }

    private boolean current(String stream, Listing listing, long now) {
        Long changed = changedAt.get(stream);
        if (changed == null) {
            return true;
        }
        if (now - changed > SETTLING_NANOS) {
            changedAt.remove(stream, changed);
            return listing.fetchedAt() > changed;
        }
        return listing.fetchedAt() > changed && now - listing.fetchedAt() < RECHECK_NANOS;
    }
}
