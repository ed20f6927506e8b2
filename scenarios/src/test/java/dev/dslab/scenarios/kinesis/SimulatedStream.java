package dev.dslab.scenarios.kinesis;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A stream that behaves as Kinesis promises: each partition key maps to one shard, a shard keeps records in
 * the order they landed, a put that was acknowledged landed before its answer, an indeterminate put may or
 * may not land (possibly later), a failed put never lands. Producers own their keys and write them one record
 * at a time, retrying a record that was not acknowledged. The consumer reads each shard in order, in batches,
 * interleaving shards at random, and may read a batch again (a redelivery).
 */
final class SimulatedStream {

    /** A copy of a record in a shard. */
    record Landed(String recordId, String partitionKey, String shardId, long landedAt) {
    }

    final List<Put> puts = new ArrayList<>();
    final List<Landed> landed = new ArrayList<>();
    final List<Delivery> deliveries = new ArrayList<>();
    long injectedRedeliveries;

    static SimulatedStream run(Random random, int keys, int shards, int recordsPerKey, double notAcknowledged, double redeliver) {
        SimulatedStream stream = new SimulatedStream();
        for (int k = 0; k < keys; k++) {
            String key = "key-" + k;
            String shard = "shardId-" + (k % shards);
            long clock = random.nextInt(50);
            for (int r = 0; r < recordsPerKey; r++) {
                String recordId = key + "-" + r;
                for (int attempt = 0; attempt < 3; attempt++) {
                    long invoke = clock;
                    long complete = invoke + 1 + random.nextInt(20);
                    clock = complete + 1 + random.nextInt(10);
                    if (random.nextDouble() >= notAcknowledged) {
                        stream.landed.add(new Landed(recordId, key, shard, invoke + random.nextLong(complete - invoke)));
                        stream.puts.add(Put.ok(recordId, key, invoke, complete, shard, "0"));
                        break;
                    }
                    if (random.nextBoolean()) {
                        stream.puts.add(Put.notAcknowledged(recordId, key, invoke, complete, Outcome.FAIL));
                    } else {
                        stream.puts.add(Put.notAcknowledged(recordId, key, invoke, complete, Outcome.INDETERMINATE));
                        if (random.nextBoolean()) {
                            stream.landed.add(new Landed(recordId, key, shard, invoke + random.nextInt(60)));
                        }
                    }
                }
            }
        }
        stream.landed.sort(Comparator.comparingLong(Landed::landedAt));
        List<List<Delivery>> logs = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            logs.add(new ArrayList<>());
        }
        long sequence = 1_000_000_000_000L;
        for (Landed copy : stream.landed) {
            int shard = Integer.parseInt(copy.shardId().substring("shardId-".length()));
            sequence += 1 + random.nextInt(5);
            logs.get(shard).add(new Delivery(copy.recordId(), copy.partitionKey(), copy.shardId(), Long.toString(sequence), copy.landedAt()));
        }
        int[] next = new int[shards];
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                if (next[s] < logs.get(s).size()) {
                    open.add(s);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int shard = open.get(random.nextInt(open.size()));
            int from = next[shard];
            int to = Math.min(logs.get(shard).size(), from + 1 + random.nextInt(6));
            List<Delivery> batch = logs.get(shard).subList(from, to);
            stream.deliveries.addAll(batch);
            if (random.nextDouble() < redeliver) {
                stream.deliveries.addAll(batch);
                stream.injectedRedeliveries += batch.size();
            }
            next[shard] = to;
        }
        return stream;
    }
}
