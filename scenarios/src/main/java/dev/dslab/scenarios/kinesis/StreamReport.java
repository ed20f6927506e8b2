package dev.dslab.scenarios.kinesis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link StreamChecker} found (its javadoc defines every term).
 *
 * @param records              distinct records put (attempted at least once)
 * @param acknowledged         records with an acknowledged attempt
 * @param failedAttempts       put attempts rejected (throttled, invalid): certainly not written
 * @param indeterminateAttempts put attempts without an answer: written or not
 * @param deliveries           records read by the consumer, duplicates included
 * @param recordsDelivered     distinct records read that were put
 * @param outOfOrderByKey      out-of-order pairs within each partition key (every key put, 0 included), by key
 * @param keyRecordsOvertaken  records delivered after a record of their own key that they precede
 * @param keyExamples          a few out-of-order pairs within keys
 * @param globalOutOfOrder     out-of-order pairs across all records
 * @param globalOvertaken      records delivered after some record they precede
 * @param globalExample        one out-of-order pair across records (null when there is none)
 * @param deliveriesByShard    deliveries per shard id, by shard id
 */
public record StreamReport(long records, long acknowledged, long failedAttempts, long indeterminateAttempts, long deliveries,
                           long recordsDelivered, Map<String, Long> outOfOrderByKey, long keyRecordsOvertaken, List<OutOfOrder> keyExamples,
                           long globalOutOfOrder, long globalOvertaken, OutOfOrder globalExample, long producerDuplicates, long redeliveries,
                           long lost, List<String> lostExamples, long gaps, List<String> gapExamples, long unexpected,
                           List<String> unexpectedExamples, long shardOrderViolations, Map<String, Long> deliveriesByShard) {

    /** Record {@code later} (key {@code laterKey}) was delivered after {@code earlier}, which was first sent after it was acknowledged. */
    public record OutOfOrder(String later, String laterKey, String earlier, String earlierKey) {
        @Override
        public String toString() {
            return later + " (key " + laterKey + ") was acknowledged before " + earlier + " (key " + earlierKey
                    + ") was sent, yet was read after it";
        }
    }

    public StreamReport {
        outOfOrderByKey = Collections.unmodifiableMap(new TreeMap<>(outOfOrderByKey));
        keyExamples = List.copyOf(keyExamples);
        lostExamples = List.copyOf(lostExamples);
        gapExamples = List.copyOf(gapExamples);
        unexpectedExamples = List.copyOf(unexpectedExamples);
        deliveriesByShard = Collections.unmodifiableMap(new TreeMap<>(deliveriesByShard));
    }

    public long keyOutOfOrder() {
        return outOfOrderByKey.values().stream().mapToLong(Long::longValue).sum();
    }

    public long duplicates() {
        return producerDuplicates + redeliveries;
    }
}
