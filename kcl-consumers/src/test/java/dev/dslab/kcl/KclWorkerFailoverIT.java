package dev.dslab.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.kinesis.KclWorkers;
import dev.dslab.scenarios.kinesis.WorkerEvent;
import dev.dslab.scenarios.kinesis.WorkerReports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers share a 2-shard stream; the one holding leases is killed -9 and the other takes its leases
 * over, resuming from the dead worker's checkpoints: every record is processed, and the records processed
 * after the last checkpoint are processed again (at-least-once).
 */
class KclWorkerFailoverIT {

    static final String STREAM = "failover-events";
    static final String LEASES = "failover-leases";

    @TempDir
    static Path home;

    static LocalKclTarget target;

    @BeforeAll
    static void start() throws InterruptedException {
        target = new LocalKclTarget(home.resolve("local"));
        target.createStream(STREAM, 2);
        target.createLeaseTable(LEASES);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void secondWorkerTakesOverAfterKillNineAndReplaysOnlyWhatWasNotCheckpointed() throws InterruptedException {
        List<String> written = new ArrayList<>(target.put(STREAM, 0, 200, 16));
        // short failover and leader lease: a killed leader's successor must win the leader lock to reassign
        var settings = LocalKclTarget.settings(STREAM, LEASES).checkpointEvery(30, Duration.ZERO)
                .failover(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(6)).metricsInterval(Duration.ofSeconds(2));
        try (KclWorkers workers = target.workers(home.resolve("run"))) {
            KclWorkers.Worker first = workers.start("first", settings);
            first.await(event -> KclWorkerResumeIT.processed(first.events()).containsAll(written), Duration.ofSeconds(90),
                    "process the first 200 records");
            KclWorkers.Worker second = workers.start("second", settings);
            second.await(event -> event.is("started"), Duration.ofSeconds(60), "start");
            written.addAll(target.put(STREAM, 200, 260, 16));
            first.await(event -> KclWorkerResumeIT.processed(first.events()).containsAll(written), Duration.ofSeconds(30),
                    "process 60 more records");

            Set<String> firstShards = first.events().stream().filter(e -> e.is("lease-gained")).map(WorkerEvent::shard)
                    .collect(Collectors.toSet());
            first.kill();
            Instant killed = Instant.now();
            assertThat(first.isAlive()).isFalse();
            written.addAll(target.put(STREAM, 260, 300, 16));

            second.await(event -> KclWorkerResumeIT.processed(second.events()).containsAll(written.subList(260, 300)),
                    Duration.ofSeconds(90), "process what was written after the kill");
            List<WorkerEvent> taken = second.events().stream().filter(e -> e.is("lease-gained") && firstShards.contains(e.shard())
                    && e.time().isAfter(killed)).toList();
            assertThat(taken).as("the dead worker's leases").isNotEmpty();
            Duration takeover = Duration.between(killed, taken.get(taken.size() - 1).time());
            System.out.printf("kill -9 to last lease taken over: %d ms%n", takeover.toMillis());

            // every record processed at least once; what the first processed after its last checkpoint, again
            List<WorkerEvent> all = new ArrayList<>(first.events());
            all.addAll(second.events());
            List<String> processed = all.stream().filter(e -> e.is("record")).map(WorkerEvent::data).toList();
            assertThat(new HashSet<>(processed)).containsAll(written);
            long duplicates = processed.size() - new HashSet<>(processed).size();
            long uncheckpointed = WorkerReports.replayed(first.events(), second.events(), firstShards, killed);
            System.out.printf("records %d, processed %d, twice %d, processed by the killed worker after the resumed checkpoints %d%n",
                    written.size(), processed.size(), duplicates, uncheckpointed);
            assertThat(duplicates).as("what the first processed after the checkpoints the second resumed from")
                    .isEqualTo(uncheckpointed).isLessThan(30 * 2);
        }
    }
}
