package dev.dslab.local.kinesis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The throughput budget of one shard, as the Kinesis Data Streams developer guide ("Quotas and limits") and
 * the PutRecord, PutRecords and GetRecords API references state it:
 * <ul>
 *   <li>writes: 1,000 records and 1 MiB (data blob plus partition key) per second, each a token bucket
 *       holding one second's worth: a producer may send its second's quota at once, never more;</li>
 *   <li>reads: 5 GetRecords calls per second (a bucket of 5), and 2 MiB per second charged after the call
 *       for what it returned: a call that returns more makes the following calls fail until the debt is
 *       repaid at 2 MiB/s, as the GetRecords reference describes for a 10 MiB answer (5 s).</li>
 * </ul>
 * The counters keep counting while the limits are off, so a learner compares load with and without them.
 */
final class ShardLimits {

    static final int MIB = 1024 * 1024;
    static final double WRITE_RECORDS_PER_SECOND = 1_000;
    static final double WRITE_BYTES_PER_SECOND = MIB;
    static final double READ_CALLS_PER_SECOND = 5;
    static final double READ_BYTES_PER_SECOND = 2.0 * MIB;

    private final String stream;
    private final String shardId;
    private TokenBucket writeRecords;
    private TokenBucket writeBytes;
    private TokenBucket readCalls;
    /** Capacity 0: nothing is read ahead of the rate, a read is paid for after it returned. */
    private TokenBucket readBytes;
    private long putsAccepted;
    private long putsThrottled;
    private long getsAccepted;
    private long getsThrottled;
    private long bytesWritten;
    private long bytesRead;

    ShardLimits(String stream, String shardId, long now) {
        this.stream = stream;
        this.shardId = shardId;
        refill(now);
    }

    /** Every bucket full again (the limits were switched on). */
    synchronized void refill(long now) {
        writeRecords = new TokenBucket(WRITE_RECORDS_PER_SECOND, WRITE_RECORDS_PER_SECOND, now);
        writeBytes = new TokenBucket(WRITE_BYTES_PER_SECOND, WRITE_BYTES_PER_SECOND, now);
        readCalls = new TokenBucket(READ_CALLS_PER_SECOND, READ_CALLS_PER_SECOND, now);
        readBytes = new TokenBucket(READ_BYTES_PER_SECOND, 0, now);
    }

    String stream() {
        return stream;
    }

    String shardId() {
        return shardId;
    }

    /** Admits one record of {@code bytes} (data plus partition key) or counts it throttled. */
    synchronized boolean admitWrite(long bytes, boolean enforced, long now) {
        if (enforced && !(writeRecords.fits(1, now) && writeBytes.fits(bytes, now))) {
            putsThrottled++;
            return false;
        }
        writeRecords.take(1, now);
        writeBytes.take(bytes, now);
        putsAccepted++;
        bytesWritten += bytes;
        return true;
    }

    /** Undoes {@link #admitWrite} for a record the emulator then refused. */
    synchronized void cancelWrite(long bytes) {
        writeRecords.giveBack(1);
        writeBytes.giveBack(bytes);
        putsAccepted--;
        bytesWritten -= bytes;
    }

    /** Admits one GetRecords call or counts it throttled: a call needs a call token and no read debt. */
    synchronized boolean admitRead(boolean enforced, long now) {
        if (enforced && !(readCalls.fits(1, now) && readBytes.level(now) >= 0)) {
            getsThrottled++;
            return false;
        }
        readCalls.take(1, now);
        getsAccepted++;
        return true;
    }

    /** Charges what an admitted GetRecords returned. */
    synchronized void chargeRead(long bytes, long now) {
        readBytes.take(bytes, now);
        bytesRead += bytes;
    }

    synchronized Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stream", stream);
        json.put("shardId", shardId);
        json.put("putsAccepted", putsAccepted);
        json.put("putsThrottled", putsThrottled);
        json.put("getsAccepted", getsAccepted);
        json.put("getsThrottled", getsThrottled);
        json.put("bytesWritten", bytesWritten);
        json.put("bytesRead", bytesRead);
        return json;
    }
}
