package dev.dslab.scenarios.kinesis;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What producers put into a stream and what a consumer read from it, in the consumer's order: the input of
 * the {@link StreamChecker}. Thread-safe: producer and consumer threads add to it while a run goes on.
 */
public final class StreamHistory {

    /**
     * One attempt to put one record. A producer that retries a record makes several attempts with the same
     * {@code recordId}; only an OK attempt was acknowledged (its shard and sequence number are known).
     *
     * @param recordId     unique per record written (not per attempt); the consumer finds it in the data
     * @param invokeNanos  when the attempt was sent, on the run's clock
     * @param completeNanos when its answer came (or the producer gave up on it)
     * @param outcome      OK (acknowledged), FAIL (rejected: certainly not written), INDETERMINATE (no answer)
     */
    public record Put(String recordId, String partitionKey, long invokeNanos, long completeNanos, Outcome outcome, String shardId,
                      String sequenceNumber) {
        public Put {
            Objects.requireNonNull(recordId, "recordId");
            Objects.requireNonNull(partitionKey, "partitionKey");
            Objects.requireNonNull(outcome, "outcome");
            if (completeNanos < invokeNanos) {
                throw new IllegalArgumentException("put of " + recordId + " completes before it is invoked");
            }
        }

        public static Put ok(String recordId, String partitionKey, long invokeNanos, long completeNanos, String shardId, String sequenceNumber) {
            return new Put(recordId, partitionKey, invokeNanos, completeNanos, Outcome.OK, shardId, sequenceNumber);
        }

        public static Put notAcknowledged(String recordId, String partitionKey, long invokeNanos, long completeNanos, Outcome outcome) {
            if (outcome == Outcome.OK) {
                throw new IllegalArgumentException("an acknowledged put has a shard and a sequence number: use Put.ok");
            }
            return new Put(recordId, partitionKey, invokeNanos, completeNanos, outcome, null, null);
        }
    }

    /** One record as the consumer got it from GetRecords, at {@code readNanos}. */
    public record Delivery(String recordId, String partitionKey, String shardId, String sequenceNumber, long readNanos) {
        public Delivery {
            Objects.requireNonNull(recordId, "recordId");
            Objects.requireNonNull(shardId, "shardId");
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        }
    }

    private final List<Put> puts = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    public synchronized void put(Put put) {
        puts.add(put);
    }

    /** One GetRecords answer, in the order of its records: appended as one block, so the consumer's order is kept. */
    public synchronized void delivered(List<Delivery> batch) {
        deliveries.addAll(batch);
    }

    public synchronized List<Put> puts() {
        return List.copyOf(puts);
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized int deliveryCount() {
        return deliveries.size();
    }

    public StreamReport check() {
        return StreamChecker.check(puts(), deliveries());
    }
}
