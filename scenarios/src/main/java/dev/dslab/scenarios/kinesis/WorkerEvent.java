package dev.dslab.scenarios.kinesis;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a KCL worker's report: {@code event} is record, checkpoint, lease-gained, lease-lost,
 * shard-ended, started, stopped, shutdown-requested, checkpoint-refused or checkpoint-failed; the other
 * fields are null when the event has none.
 */
public record WorkerEvent(String event, String worker, Instant time, String shard, String sequenceNumber,
                          String partitionKey, String data, Map<String, Object> fields) {

    public boolean is(String kind) {
        return event.equals(kind);
    }
}
