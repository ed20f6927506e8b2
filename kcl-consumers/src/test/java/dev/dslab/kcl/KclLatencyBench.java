package dev.dslab.kcl;

import dev.dslab.scenarios.kinesis.KclWorkers;
import dev.dslab.scenarios.kinesis.WorkerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Prints what one KCL worker process achieves on a 2-shard stream of the local target: its start-up (process
 * start to first lease), write-to-processed latency at a steady write rate (PutRecord acknowledged to the
 * worker's report line, both on this machine's clock), and records/s draining a backlog. A figure, not a test:
 * {@code bench/kcl [records/s] [seconds] [backlog]}.
 */
public final class KclLatencyBench {

    private KclLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path home = Files.createTempDirectory("kcl-bench");
        try (LocalKclTarget target = new LocalKclTarget(home.resolve("local"))) {
            target.createStream("bench-events", 2);
            target.createLeaseTable("bench-leases");
            try (KclWorkers workers = target.workers(home.resolve("run"));
                 KinesisClient kinesis = software.amazon.awssdk.services.kinesis.KinesisClient.builder()
                         .endpointOverride(target.edge).region(target.access.region()).credentialsProvider(target.access.credentials())
                         .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                                 .socketTimeout(Duration.ofSeconds(10)).build()).build()) {
                long started = System.nanoTime();
                KclWorkers.Worker worker = workers.start("bench", LocalKclTarget.settings("bench-events", "bench-leases"));
                worker.await(event -> event.is("started"), Duration.ofSeconds(120), "start");
                long init = System.nanoTime();
                worker.await(event -> event.is("lease-gained"), Duration.ofSeconds(120), "gain a lease");
                long leased = System.nanoTime();
                System.out.printf(Locale.ROOT, "start-up: process start to KCL scheduler started %.1f s, to first lease %.1f s%n",
                        (init - started) / 1e9, (leased - started) / 1e9);

                // steady writes, one PutRecord at a time on a fixed schedule
                Map<String, Instant> acknowledged = new HashMap<>();
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < rate * seconds; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    next += interval;
                    String data = "steady-" + i;
                    kinesis.putRecord(put -> put.streamName("bench-events").partitionKey("k-" + data.hashCode() % 64)
                            .data(SdkBytes.fromUtf8String(data)));
                    acknowledged.put(data, Instant.now());
                }
                worker.await(event -> processedCount(worker.events(), "steady-") >= rate * seconds, Duration.ofSeconds(60),
                        "process the steady records");
                List<Double> latencies = new ArrayList<>();
                for (WorkerEvent event : worker.events()) {
                    Instant written = event.is("record") ? acknowledged.get(event.data()) : null;
                    if (written != null) {
                        latencies.add(Duration.between(written, event.time()).toNanos() / 1e6);
                    }
                }
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "write-to-processed at %d records/s for %d s (%d records): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        rate, seconds, latencies.size(), percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));

                // a backlog written with PutRecords, then drained
                for (int start = 0; start < backlog; start += 500) {
                    List<PutRecordsRequestEntry> entries = new ArrayList<>();
                    for (int i = start; i < Math.min(backlog, start + 500); i++) {
                        entries.add(PutRecordsRequestEntry.builder().partitionKey("k-" + i % 64)
                                .data(SdkBytes.fromUtf8String("backlog-" + i)).build());
                    }
                    kinesis.putRecords(put -> put.streamName("bench-events").records(entries));
                }
                worker.await(event -> processedCount(worker.events(), "backlog-") >= backlog, Duration.ofSeconds(300), "drain the backlog");
                List<Instant> times = worker.events().stream().filter(e -> e.is("record") && e.data().startsWith("backlog-"))
                        .map(WorkerEvent::time).sorted().toList();
                double drainSeconds = Duration.between(times.get(0), times.get(times.size() - 1)).toNanos() / 1e9;
                System.out.printf(Locale.ROOT, "backlog of %d records drained in %.1f s: %.0f records/s (polling every 250 ms,"
                        + " up to 10,000 records per GetRecords, both shards)%n", backlog, drainSeconds, backlog / drainSeconds);
            }
        }
    }

    private static long processedCount(List<WorkerEvent> events, String prefix) {
        return events.stream().filter(e -> e.is("record") && e.data() != null && e.data().startsWith(prefix)).count();
    }

    private static double percentile(List<Double> sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
    }
}
