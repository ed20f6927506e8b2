package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.check.Operation.Outcome;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timeline chart of a stream run: records acknowledged to the producers, and records read per shard, counted
 * in half-second windows. Each line spans only the windows from its first record to its last, so a shard read
 * late (a child after a reshard, a consumer catching up) starts late in the picture.
 */
final class ShardTimeline {

    static final double WINDOW_SECONDS = 0.5;

    private ShardTimeline() {
    }

    /** {@code readVerb} names what the consumer did with a shard's records ("read", "processed"). */
    static Chart of(StreamHistory records, String readVerb) {
        Map<String, Map<Integer, Long>> perShard = new TreeMap<>();
        Map<Integer, Long> acknowledged = new TreeMap<>();
        for (Delivery delivery : records.deliveries()) {
            perShard.computeIfAbsent(delivery.shardId(), shard -> new TreeMap<>()).merge(window(delivery.readNanos()), 1L, Long::sum);
        }
        for (Put put : records.puts()) {
            if (put.outcome() == Outcome.OK) {
                acknowledged.merge(window(put.completeNanos()), 1L, Long::sum);
            }
        }
        List<Chart.Series> series = new ArrayList<>();
        series.add(new Chart.Series("acknowledged", windows(acknowledged)));
        perShard.forEach((shard, counts) -> series.add(new Chart.Series(readVerb + " " + ShardMap.label(shard), windows(counts))));
        return new Chart("shard-timeline", "Records acknowledged, and " + readVerb + " per shard (0.5 s windows)", Chart.Kind.TIMELINE,
                "seconds since the run started", "records per window", series);
    }

    private static int window(long nanos) {
        return (int) (nanos / (WINDOW_SECONDS * 1e9));
    }

    private static List<Chart.Point> windows(Map<Integer, Long> counts) {
        List<Chart.Point> points = new ArrayList<>();
        if (counts.isEmpty()) {
            return points;
        }
        int last = counts.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int window = counts.keySet().iterator().next(); window <= last; window++) {
            points.add(Chart.Point.of(window * WINDOW_SECONDS, counts.getOrDefault(window, 0L)));
        }
        return points;
    }
}
