package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks what a stream consumer read against what producers put: order per partition key and across keys,
 * duplicates, lost records and gaps. A deterministic function of the two lists; O(n log n).
 *
 * <p>Definitions (the run's clock throughout):
 * <ul>
 *   <li>A record <i>precedes</i> another when it was acknowledged (an attempt answered OK) before the other's
 *   first attempt was sent: then some copy of it was in the stream before any copy of the other.</li>
 *   <li>An <i>out-of-order pair</i>: a precedes b, yet the consumer's first delivery of b came before its first
 *   delivery of a. Counted within each partition key and across all records (global). Records that are never
 *   delivered, or never acknowledged, precede nothing and so are in no pair.</li>
 *   <li>A <i>duplicate</i> is any delivery of a record after its first: a <i>producer duplicate</i> has a
 *   sequence number not read before for that record (a retried put that had in fact been written: two copies
 *   in the stream); a <i>redelivery</i> repeats a sequence number already read (the consumer read it twice).</li>
 *   <li><i>Lost</i>: acknowledged but never delivered. <i>Gap</i>: never acknowledged and never delivered while
 *   a record of the same key first sent after it was delivered (a hole in the key's sequence the consumer
 *   sees; the producer gave up on it). <i>Unexpected</i>: delivered but never put.</li>
 *   <li>A <i>shard order violation</i>: a record read from a shard with a sequence number lower than one read
 *   from that shard before (Kinesis numbers records in a shard in increasing order).</li>
 * </ul>
 */
public final class StreamChecker {

    static final int EXAMPLES = 5;

    private StreamChecker() {
    }

    /** A record as all its put attempts describe it. */
    private static final class Written {
        final String recordId;
        final String partitionKey;
        long firstInvoke = Long.MAX_VALUE;
        long acknowledged = Long.MAX_VALUE;

        Written(String recordId, String partitionKey) {
            this.recordId = recordId;
            this.partitionKey = partitionKey;
        }

        boolean isAcknowledged() {
            return acknowledged != Long.MAX_VALUE;
        }
    }

    public static StreamReport check(List<Put> puts, List<Delivery> deliveries) {
        Map<String, Written> written = new LinkedHashMap<>();
        long indeterminateAttempts = 0;
        long failedAttempts = 0;
        for (Put put : puts) {
            Written record = written.computeIfAbsent(put.recordId(), id -> new Written(id, put.partitionKey()));
            if (!record.partitionKey.equals(put.partitionKey())) {
                throw new IllegalArgumentException("record " + put.recordId() + " is put with two partition keys: " + record.partitionKey
                        + " and " + put.partitionKey());
            }
            record.firstInvoke = Math.min(record.firstInvoke, put.invokeNanos());
            switch (put.outcome()) {
                case OK -> record.acknowledged = Math.min(record.acknowledged, put.completeNanos());
                case FAIL -> failedAttempts++;
                case INDETERMINATE -> indeterminateAttempts++;
            }
        }

        List<Written> firstDelivered = new ArrayList<>();
        Set<String> delivered = new HashSet<>();
        Map<String, Set<String>> sequencesRead = new HashMap<>();
        Map<String, BigInteger> highestInShard = new HashMap<>();
        Map<String, Long> deliveriesByShard = new TreeMap<>();
        long producerDuplicates = 0;
        long redeliveries = 0;
        long shardOrderViolations = 0;
        List<String> unexpected = new ArrayList<>();
        long unexpectedCount = 0;
        for (Delivery delivery : deliveries) {
            deliveriesByShard.merge(delivery.shardId(), 1L, Long::sum);
            String shardSequence = delivery.shardId() + "/" + delivery.sequenceNumber();
            boolean readBefore = !sequencesRead.computeIfAbsent(delivery.recordId(), id -> new HashSet<>()).add(shardSequence);
            BigInteger sequence = new BigInteger(delivery.sequenceNumber());
            BigInteger highest = highestInShard.get(delivery.shardId());
            if (highest == null || sequence.compareTo(highest) > 0) {
                highestInShard.put(delivery.shardId(), sequence);
            } else if (!readBefore && sequence.compareTo(highest) < 0) {
                shardOrderViolations++;
            }
            if (!delivered.add(delivery.recordId())) {
                if (readBefore) {
                    redeliveries++;
                } else {
                    producerDuplicates++;
                }
                continue;
            }
            Written record = written.get(delivery.recordId());
            if (record == null) {
                unexpectedCount++;
                if (unexpected.size() < EXAMPLES) {
                    unexpected.add(delivery.recordId());
                }
                continue;
            }
            firstDelivered.add(record);
        }

        long acknowledged = written.values().stream().filter(Written::isAcknowledged).count();
        List<String> lost = new ArrayList<>();
        long lostCount = 0;
        Map<String, Long> lastDeliveredInvokeByKey = new HashMap<>();
        for (Written record : firstDelivered) {
            lastDeliveredInvokeByKey.merge(record.partitionKey, record.firstInvoke, Math::max);
        }
        long gaps = 0;
        List<String> gapExamples = new ArrayList<>();
        for (Written record : written.values()) {
            if (delivered.contains(record.recordId)) {
                continue;
            }
            if (record.isAcknowledged()) {
                lostCount++;
                if (lost.size() < EXAMPLES) {
                    lost.add(record.recordId);
                }
            } else {
                Long lastDelivered = lastDeliveredInvokeByKey.get(record.partitionKey);
                if (lastDelivered != null && lastDelivered > record.firstInvoke) {
                    gaps++;
                    if (gapExamples.size() < EXAMPLES) {
                        gapExamples.add(record.recordId);
                    }
                }
            }
        }

        Inversions global = inversions(firstDelivered);
        Map<String, List<Written>> byKey = new TreeMap<>();
        written.values().forEach(record -> byKey.computeIfAbsent(record.partitionKey, key -> new ArrayList<>()));
        firstDelivered.forEach(record -> byKey.get(record.partitionKey).add(record));
        Map<String, Long> perKey = new LinkedHashMap<>();
        List<StreamReport.OutOfOrder> keyExamples = new ArrayList<>();
        long keyRecordsOvertaken = 0;
        for (Map.Entry<String, List<Written>> key : byKey.entrySet()) {
            Inversions inKey = inversions(key.getValue());
            perKey.put(key.getKey(), inKey.pairs);
            keyRecordsOvertaken += inKey.overtaken;
            if (keyExamples.size() < EXAMPLES) {
                inKey.example.ifPresent(keyExamples::add);
            }
        }
        return new StreamReport(written.size(), acknowledged, failedAttempts, indeterminateAttempts, deliveries.size(), firstDelivered.size(),
                perKey, keyRecordsOvertaken, keyExamples, global.pairs, global.overtaken, global.example.orElse(null),
                producerDuplicates, redeliveries, lostCount, lost, gaps, gapExamples, unexpectedCount, unexpected, shardOrderViolations,
                deliveriesByShard);
    }

    private record Inversions(long pairs, long overtaken, java.util.Optional<StreamReport.OutOfOrder> example) {
    }

    /**
     * Out-of-order pairs among records in first-delivery order: for each record a, the records delivered
     * before it whose first attempt was sent after a was acknowledged. A Fenwick tree over the first-attempt
     * times of the records delivered so far answers "how many were sent after t" in O(log n).
     */
    private static Inversions inversions(List<Written> inDeliveryOrder) {
        long[] invokes = inDeliveryOrder.stream().mapToLong(record -> record.firstInvoke).sorted().distinct().toArray();
        long[] tree = new long[invokes.length + 1];
        long pairs = 0;
        long overtaken = 0;
        StreamReport.OutOfOrder example = null;
        for (int position = 0; position < inDeliveryOrder.size(); position++) {
            Written record = inDeliveryOrder.get(position);
            if (record.isAcknowledged()) {
                // records delivered earlier whose first attempt came strictly after this one's acknowledgement
                int atOrBefore = upperBound(invokes, record.acknowledged);
                long sentAfter = position - prefix(tree, atOrBefore);
                if (sentAfter > 0) {
                    pairs += sentAfter;
                    overtaken++;
                    if (example == null) {
                        example = exampleFor(inDeliveryOrder, position);
                    }
                }
            }
            add(tree, Arrays.binarySearch(invokes, record.firstInvoke) + 1);
        }
        return new Inversions(pairs, overtaken, java.util.Optional.ofNullable(example));
    }

    private static StreamReport.OutOfOrder exampleFor(List<Written> inDeliveryOrder, int position) {
        Written later = inDeliveryOrder.get(position);
        for (int earlier = 0; earlier < position; earlier++) {
            Written first = inDeliveryOrder.get(earlier);
            if (first.firstInvoke > later.acknowledged) {
                return new StreamReport.OutOfOrder(later.recordId, later.partitionKey, first.recordId, first.partitionKey);
            }
        }
        throw new IllegalStateException("an inversion was counted for " + later.recordId + " but none is there");
    }

    /** How many of the sorted values are at or below {@code value}. */
    private static int upperBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] <= value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static void add(long[] tree, int index) {
        for (int i = index; i < tree.length; i += i & -i) {
            tree[i]++;
        }
    }

    private static long prefix(long[] tree, int index) {
        long sum = 0;
        for (int i = index; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }
}
