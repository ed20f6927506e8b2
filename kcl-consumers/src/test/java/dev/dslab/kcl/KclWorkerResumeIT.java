package dev.dslab.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.kinesis.KclWorkers;
import dev.dslab.scenarios.kinesis.WorkerEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One worker consumes a 2-shard stream and checkpoints; stopped gracefully and started again, it resumes
 * after its checkpoints: the second run processes only what was written after the first.
 */
class KclWorkerResumeIT {

    static final String STREAM = "resume-events";
    static final String LEASES = "resume-leases";

    @TempDir
    static Path home;

    static LocalKclTarget target;

    @BeforeAll
    static void start() throws InterruptedException {
        target = LocalKclTarget.shared();
        target.createStream(STREAM, 2);
        target.createLeaseTable(LEASES);
    }

    @Test
    void consumesBothShardsCheckpointsAndResumesAfterRestart() throws InterruptedException {
        List<String> first = target.put(STREAM, 0, 300, 16);
        try (KclWorkers workers = target.workers(home.resolve("run"))) {
            var settings = LocalKclTarget.settings(STREAM, LEASES).checkpointEvery(50, Duration.ofSeconds(2));
            KclWorkers.Worker worker = workers.start("w1", settings);
            worker.await(event -> processed(worker.events()).containsAll(first), Duration.ofSeconds(90), "process all 300 records");

            List<WorkerEvent> events = worker.events();
            assertThat(events.stream().filter(e -> e.is("lease-gained")).map(WorkerEvent::shard).collect(Collectors.toSet()))
                    .hasSize(2);
            assertThat(events.stream().filter(e -> e.is("record")).count()).as("each record once").isEqualTo(300);
            assertThat(events.stream().filter(e -> e.is("checkpoint"))).isNotEmpty();
            worker.stop();
            assertThat(worker.isAlive()).isFalse();
            assertThat(worker.events()).anyMatch(e -> e.is("shutdown-requested"));

            List<String> second = target.put(STREAM, 300, 350, 16);
            KclWorkers.Worker again = workers.start("w1-again", settings);
            again.await(event -> processed(again.events()).containsAll(second), Duration.ofSeconds(90), "process the 50 new records");
            Thread.sleep(1000);
            assertThat(processed(again.events())).as("only what came after the checkpoints").containsExactlyInAnyOrderElementsOf(second);
        }
    }

    static Set<String> processed(List<WorkerEvent> events) {
        return events.stream().filter(e -> e.is("record")).map(WorkerEvent::data).collect(Collectors.toSet());
    }
}
