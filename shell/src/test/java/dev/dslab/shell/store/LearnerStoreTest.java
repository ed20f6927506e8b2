package dev.dslab.shell.store;

import dev.dslab.shell.learner.LearnerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerStoreTest {

    @TempDir
    Path home;

    @Test
    void schemaVersionNamesTheNewestBundledMigration() throws Exception {
        Path migrations = Path.of(LearnerStore.class.getResource("/db/migration").toURI());
        try (var files = java.nio.file.Files.list(migrations)) {
            int newest = files.map(path -> path.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max().orElseThrow();
            assertThat(LearnerStore.SCHEMA_VERSION).isEqualTo(newest);
        }
    }

    @Test
    void flywayIsSkippedOnlyWhenTheHistoryEndsCleanlyAtTheNewestMigration() throws Exception {
        Path file = home.resolve("dslab.db");
        org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        assertThat(LearnerStore.schemaIsCurrent(dataSource)).as("no history yet").isFalse();

        new LearnerStore(file, Clock.systemUTC()).sandboxes("local");
        assertThat(LearnerStore.schemaIsCurrent(dataSource)).as("migrated").isTrue();

        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE flyway_schema_history SET success = 0 WHERE version = '1'");
            assertThat(LearnerStore.schemaIsCurrent(dataSource)).as("a failed migration").isFalse();
            statement.executeUpdate("UPDATE flyway_schema_history SET success = 1 WHERE version = '1'");
            statement.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '" + LearnerStore.SCHEMA_VERSION + "'");
            assertThat(LearnerStore.schemaIsCurrent(dataSource)).as("an older history").isFalse();
        }
    }

    @Test
    void aSandboxRecordSurvivesReopeningTheStore() {
        Path file = home.resolve("dslab.db");
        LearnerName alice = new LearnerName("alice");
        new LearnerStore(file, Clock.systemUTC())
                .recordSandbox(alice, "local", SandboxStatus.READY, List.of("dslab-alice"), null);

        SandboxRecord reopened = new LearnerStore(file, Clock.systemUTC()).sandbox(alice, "local").orElseThrow();

        assertThat(reopened.status()).isEqualTo(SandboxStatus.READY);
        assertThat(reopened.stacks()).containsExactly("dslab-alice");
    }

    @Test
    void recordingAgainUpdatesTheSameSandboxAndKeepsItsCreationTime() {
        Instant created = Instant.parse("2026-11-26T10:00:00Z");
        LearnerName bob = new LearnerName("bob");
        new LearnerStore(home.resolve("dslab.db"), Clock.fixed(created, ZoneOffset.UTC))
                .recordSandbox(bob, "local", SandboxStatus.PROVISIONING, List.of("dslab-bob"), null);
        LearnerStore store = new LearnerStore(home.resolve("dslab.db"), Clock.fixed(created.plusSeconds(60), ZoneOffset.UTC));
        SandboxRecord first = store.sandbox(bob, "local").orElseThrow();
        store.recordSandbox(bob, "local", SandboxStatus.FAILED, List.of("dslab-bob"), "Items: boom");

        SandboxRecord second = store.sandbox(bob, "local").orElseThrow();
        assertThat(second.status()).isEqualTo(SandboxStatus.FAILED);
        assertThat(second.lastError()).isEqualTo("Items: boom");
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.updatedAt()).isAfter(first.updatedAt());
        assertThat(store.sandboxes("local")).hasSize(1);
        assertThat(store.sandboxes("aws")).isEmpty();
    }

    @Test
    void runIdsCountUpPerHomeAndLatestIsTheLearnersNewest() {
        LearnerStore store = new LearnerStore(home.resolve("dslab.db"), Clock.systemUTC());
        LearnerName ada = new LearnerName("ada");
        LearnerName bob = new LearnerName("bob");
        Path runs = home.resolve("runs");

        StoredRun first = store.startRun(ada, "probe", 7, "local", Map.of("writes", "4"), null, runs);
        StoredRun second = store.startRun(bob, "probe", 8, "local", Map.of(), 1, runs);
        StoredRun third = store.startRun(ada, "probe", 9, "local", Map.of(), null, runs);

        assertThat(List.of(first.runId(), second.runId(), third.runId())).containsExactly("r1", "r2", "r3");
        assertThat(first.directory()).isEqualTo(runs.toAbsolutePath().resolve("r1"));
        assertThat(first.running()).isTrue();
        assertThat(store.latestRun(ada).orElseThrow().runId()).isEqualTo("r3");
        assertThat(store.latestRun(bob).orElseThrow().prediction()).isEqualTo(1);
        assertThat(store.runs(ada)).extracting(StoredRun::runId).containsExactly("r1", "r3");
    }

    @Test
    void aFinishedRunKeepsItsOutcomeAndObservationsInOrder() {
        LearnerStore store = new LearnerStore(home.resolve("dslab.db"), Clock.systemUTC());
        LearnerName ada = new LearnerName("ada");
        StoredRun started = store.startRun(ada, "probe", 7, "local", Map.of("writes", "4"), 0, home.resolve("runs"));
        ExperimentResult result = new ExperimentResult(List.of(new Observation("stale", "stale reads", 12.5, "%"),
                new Observation("unknown", "not measured", Double.NaN, "ms")), List.of(), List.of(), Map.of());
        store.finishRun(new RunRecord(started.runId(), "probe", 7, "local", Map.of("writes", "4", "pause", "0ms"),
                Map.of("dynamodb/replication", Map.of("lagMedianMillis", 20)), 0, RunStatus.COMPLETED, null,
                started.startedAt().plusSeconds(1), started.startedAt().plusSeconds(4), 42, result));

        StoredRun finished = store.run(started.runId()).orElseThrow();
        assertThat(finished.status()).isEqualTo("COMPLETED");
        assertThat(finished.operations()).isEqualTo(42);
        assertThat(finished.duration()).contains(java.time.Duration.ofSeconds(3));
        assertThat(finished.parameters()).containsEntry("pause", "0ms");
        assertThat(finished.model().get("dynamodb/replication")).containsEntry("lagMedianMillis", 20);
        assertThat(finished.observations()).extracting(Observation::id).containsExactly("stale", "unknown");
        assertThat(finished.observations().get(1).value()).isNaN();

        store.failRun(started.runId(), "target gone");
        assertThat(store.run(started.runId()).orElseThrow().reason()).isEqualTo("target gone");
    }
}
