package dev.dslab.local.lambda.esm;

import java.math.BigInteger;
import java.time.Instant;

/** One Kinesis record as the mapping read it from its shard. */
record StreamRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data, Instant arrival) {

    /** Sequence numbers are decimal strings of up to 128 bits: compared as numbers. */
    BigInteger sequence() {
        return new BigInteger(sequenceNumber);
    }
}
