package dev.dslab.scenarios.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Which shard a partition key goes to, computed as Kinesis does: the MD5 hash of the key, as an unsigned
 * 128-bit integer, falls in one shard's hash key range. Lets a producer name the shard of a record the stream
 * rejected (PutRecords' error entries carry no shard id).
 */
final class ShardMap {

    private final List<Shard> shards;

    ShardMap(List<Shard> shards) {
        this.shards = List.copyOf(shards);
    }

    String shardOf(String partitionKey) {
        BigInteger hash = hash(partitionKey);
        for (Shard shard : shards) {
            BigInteger from = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger to = new BigInteger(shard.hashKeyRange().endingHashKey());
            if (hash.compareTo(from) >= 0 && hash.compareTo(to) <= 0) {
                return shard.shardId();
            }
        }
        throw new IllegalStateException("no shard of the stream covers the hash of partition key " + partitionKey);
    }

    /** "shardId-000000000003" as a chart label: "shard 3" (an id of another shape stays as it is). */
    static String label(String shardId) {
        return shardId.matches("shardId-\\d+") ? "shard " + Long.parseLong(shardId.substring("shardId-".length())) : shardId;
    }

    static BigInteger hash(String partitionKey) {
        try {
            return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has MD5", impossible);
        }
    }
}
