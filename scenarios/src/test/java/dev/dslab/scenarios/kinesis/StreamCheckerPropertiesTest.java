package dev.dslab.scenarios.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class StreamCheckerPropertiesTest {

    @Property(tries = 300)
    void aStreamThatKeepsItsPromisesKeepsPerKeyOrderAndLosesNothing(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int keys,
            @ForAll @IntRange(min = 1, max = 4) int shards,
            @ForAll @IntRange(min = 1, max = 40) int recordsPerKey,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double notAcknowledged,
            @ForAll @DoubleRange(min = 0.0, max = 0.3) double redeliver) {
        SimulatedStream stream = SimulatedStream.run(new Random(seed), keys, shards, recordsPerKey, notAcknowledged, redeliver);

        StreamReport report = StreamChecker.check(stream.puts, stream.deliveries);

        assertThat(report.keyOutOfOrder()).isZero();
        assertThat(report.outOfOrderByKey()).hasSize(keys);
        assertThat(report.lost()).isZero();
        assertThat(report.unexpected()).isZero();
        assertThat(report.shardOrderViolations()).isZero();
        long distinctLanded = stream.landed.stream().map(SimulatedStream.Landed::recordId).distinct().count();
        assertThat(report.recordsDelivered()).isEqualTo(distinctLanded);
        assertThat(report.producerDuplicates()).isEqualTo(stream.landed.size() - distinctLanded);
        assertThat(report.redeliveries()).isEqualTo(stream.injectedRedeliveries);
        assertThat(report.gaps()).isEqualTo(naiveGaps(stream.puts, stream.deliveries));
        assertThat(report.deliveries()).isEqualTo(stream.deliveries.size());
    }

    @Property(tries = 300)
    void outOfOrderPairsAreCountedExactlyInAnyDeliveryOrder(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5) int keys,
            @ForAll @IntRange(min = 1, max = 3) int shards,
            @ForAll @IntRange(min = 1, max = 25) int recordsPerKey,
            @ForAll @DoubleRange(min = 0.0, max = 0.4) double notAcknowledged) {
        Random random = new Random(seed);
        SimulatedStream stream = SimulatedStream.run(random, keys, shards, recordsPerKey, notAcknowledged, 0.1);
        List<Delivery> shuffled = new ArrayList<>(stream.deliveries);
        Collections.shuffle(shuffled, random);

        StreamReport report = StreamChecker.check(stream.puts, shuffled);

        Map<String, Long> perKey = naiveOutOfOrder(stream.puts, shuffled, true);
        assertThat(report.outOfOrderByKey()).isEqualTo(perKey);
        assertThat(report.globalOutOfOrder()).isEqualTo(naiveOutOfOrder(stream.puts, shuffled, false).values().stream()
                .mapToLong(Long::longValue).sum());
        assertThat(report.globalExample() == null).isEqualTo(report.globalOutOfOrder() == 0);
    }

    @Property(tries = 200)
    void aDroppedAcknowledgedRecordIsLostAndNothingElse(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5) int keys,
            @ForAll @IntRange(min = 1, max = 3) int shards,
            @ForAll @IntRange(min = 2, max = 30) int recordsPerKey) {
        Random random = new Random(seed);
        SimulatedStream stream = SimulatedStream.run(random, keys, shards, recordsPerKey, 0.0, 0.0);
        Delivery dropped = stream.deliveries.get(random.nextInt(stream.deliveries.size()));
        List<Delivery> deliveries = new ArrayList<>(stream.deliveries);
        deliveries.removeIf(delivery -> delivery.recordId().equals(dropped.recordId()));

        StreamReport report = StreamChecker.check(stream.puts, deliveries);

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lostExamples()).containsExactly(dropped.recordId());
        assertThat(report.gaps()).isZero();
        assertThat(report.keyOutOfOrder()).isZero();
    }

    @Property(tries = 200)
    void swappingTwoRecordsOfOneKeyIsSeen(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int keys,
            @ForAll @IntRange(min = 2, max = 30) int recordsPerKey) {
        Random random = new Random(seed);
        SimulatedStream stream = SimulatedStream.run(random, keys, 2, recordsPerKey, 0.0, 0.0);
        String key = "key-" + random.nextInt(keys);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < stream.deliveries.size(); i++) {
            if (stream.deliveries.get(i).partitionKey().equals(key)) {
                positions.add(i);
            }
        }
        Assume.that(positions.size() >= 2);
        int first = random.nextInt(positions.size() - 1);
        int second = first + 1 + random.nextInt(positions.size() - first - 1);
        List<Delivery> deliveries = new ArrayList<>(stream.deliveries);
        Collections.swap(deliveries, positions.get(first), positions.get(second));

        StreamReport report = StreamChecker.check(stream.puts, deliveries);

        assertThat(report.outOfOrderByKey().get(key)).isPositive();
        assertThat(report.keyExamples()).isNotEmpty().allSatisfy(example -> assertThat(example.laterKey()).isEqualTo(key));
        assertThat(report.shardOrderViolations()).isPositive();
    }

    /** The definition, pair by pair, on first deliveries. */
    static Map<String, Long> naiveOutOfOrder(List<Put> puts, List<Delivery> deliveries, boolean perKey) {
        Map<String, Long> firstInvoke = new HashMap<>();
        Map<String, Long> acknowledged = new HashMap<>();
        Map<String, String> keyOf = new HashMap<>();
        for (Put put : puts) {
            firstInvoke.merge(put.recordId(), put.invokeNanos(), Math::min);
            keyOf.put(put.recordId(), put.partitionKey());
            if (put.outcome() == Outcome.OK) {
                acknowledged.merge(put.recordId(), put.completeNanos(), Math::min);
            }
        }
        List<String> order = new ArrayList<>(new LinkedHashMap<String, Boolean>() {{
            deliveries.forEach(delivery -> putIfAbsent(delivery.recordId(), true));
        }}.keySet());
        Map<String, Long> pairs = new java.util.TreeMap<>();
        if (perKey) {
            keyOf.values().forEach(key -> pairs.put(key, 0L));
        }
        for (int later = 0; later < order.size(); later++) {
            String a = order.get(later);
            Long ack = acknowledged.get(a);
            if (ack == null) {
                continue;
            }
            for (int earlier = 0; earlier < later; earlier++) {
                String b = order.get(earlier);
                if ((!perKey || keyOf.get(a).equals(keyOf.get(b))) && firstInvoke.get(b) > ack) {
                    pairs.merge(perKey ? keyOf.get(a) : "all", 1L, Long::sum);
                }
            }
        }
        return pairs;
    }

    static long naiveGaps(List<Put> puts, List<Delivery> deliveries) {
        Set<String> delivered = new HashSet<>();
        deliveries.forEach(delivery -> delivered.add(delivery.recordId()));
        Map<String, Long> firstInvoke = new HashMap<>();
        Map<String, String> keyOf = new HashMap<>();
        Set<String> acknowledged = new HashSet<>();
        for (Put put : puts) {
            firstInvoke.merge(put.recordId(), put.invokeNanos(), Math::min);
            keyOf.put(put.recordId(), put.partitionKey());
            if (put.outcome() == Outcome.OK) {
                acknowledged.add(put.recordId());
            }
        }
        long gaps = 0;
        for (String record : firstInvoke.keySet()) {
            if (delivered.contains(record) || acknowledged.contains(record)) {
                continue;
            }
            boolean laterDelivered = delivered.stream().anyMatch(other -> keyOf.containsKey(other)
                    && keyOf.get(other).equals(keyOf.get(record)) && firstInvoke.get(other) > firstInvoke.get(record));
            if (laterDelivered) {
                gaps++;
            }
        }
        return gaps;
    }
}
