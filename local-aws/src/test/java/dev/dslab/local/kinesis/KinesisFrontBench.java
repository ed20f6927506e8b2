package dev.dslab.local.kinesis;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Prints what the Kinesis front costs: the latency of PutRecords (20 records of 100 bytes, spread over the
 * stream's shards) and of GetRecords (reading them back), through the front with the limits on, and the
 * same SDK calls sent straight to kinesis-local, in one run of one local target. Calls are paced under the
 * shards' limits so that none is throttled: this measures the front's overhead, not the limits. A figure,
 * not a test: {@code java -cp <local-aws test classpath> dev.dslab.local.kinesis.KinesisFrontBench [calls]}.
 */
public final class KinesisFrontBench {

    private static final int SHARDS = 4;
    private static final int RECORDS = 20;

    private KinesisFrontBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path home = Files.createTempDirectory("kinesis-bench");
        LocalTargetClient target = new LocalTargetClient(home);
        try {
            LocalTargetStatus status = target.ensureRunning(0);
            int kinesisPort = status.components().stream().filter(c -> c.name().equals("kinesis-local")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the local target runs no kinesis-local")).port();
            try (KinesisClient front = EdgeClients.of(status.edge()).kinesis();
                 KinesisClient direct = EdgeClients.of(URI.create("http://127.0.0.1:" + kinesisPort)).kinesis()) {
                createStream(front, "bench");
                createStream(direct, "bench-direct");
                System.out.printf("limits %s; %d calls each, %d records of 100 B per PutRecords over %d shards; each run twice%n",
                        target.control("kinesis/limits", null).path("enabled").asBoolean() ? "on" : "off", calls, RECORDS, SHARDS);
                for (int round = 0; round < 2; round++) {
                    for (var side : List.of(Map.entry("direct", direct), Map.entry("front", front))) {
                        String stream = side.getKey().equals("direct") ? "bench-direct" : "bench";
                        double[] figures = run(side.getValue(), stream, calls);
                        System.out.printf("%-7s PutRecords p50 %6.2f ms p90 %6.2f ms | GetRecords p50 %6.2f ms p90 %6.2f ms%n",
                                side.getKey(), figures[0], figures[1], figures[2], figures[3]);
                    }
                }
            }
            System.out.println("throttled: " + target.control("kinesis/limits", null).path("shards").findValues("putsThrottled")
                    + " puts, " + target.control("kinesis/limits", null).path("shards").findValues("getsThrottled") + " gets");
        } finally {
            target.stop();
            try (var paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void createStream(KinesisClient kinesis, String name) throws InterruptedException {
        kinesis.createStream(create -> create.streamName(name).shardCount(SHARDS));
        while (kinesis.describeStreamSummary(d -> d.streamName(name)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            Thread.sleep(50);
        }
    }

    /** @return PutRecords p50, p90, GetRecords p50, p90 in ms; GetRecords reads one shard from where the last read stopped */
    private static double[] run(KinesisClient kinesis, String stream, int calls) throws InterruptedException {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i).data(SdkBytes.fromByteArray(new byte[100])).build());
        }
        String[] iterators = new String[SHARDS];
        for (int shard = 0; shard < SHARDS; shard++) {
            int id = shard;
            iterators[shard] = kinesis.getShardIterator(get -> get.streamName(stream).shardId(String.format("shardId-%012d", id))
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
        }
        List<Double> puts = new ArrayList<>();
        List<Double> gets = new ArrayList<>();
        for (int call = 0; call < calls; call++) {
            long started = System.nanoTime();
            kinesis.putRecords(put -> put.streamName(stream).records(batch));
            puts.add((System.nanoTime() - started) / 1e6);
            int shard = call % SHARDS;
            String iterator = iterators[shard];
            started = System.nanoTime();
            iterators[shard] = kinesis.getRecords(get -> get.shardIterator(iterator)).nextShardIterator();
            gets.add((System.nanoTime() - started) / 1e6);
            // under 4 GetRecords/s per shard and 1,000 records/s per shard: nothing is throttled
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Math.max(0, 60 - elapsedMillis));
        }
        return new double[] {percentile(puts, 50), percentile(puts, 90), percentile(gets, 50), percentile(gets, 90)};
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
