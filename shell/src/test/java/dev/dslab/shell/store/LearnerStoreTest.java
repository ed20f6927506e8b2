package dev.dslab.shell.store;

import dev.dslab.shell.learner.LearnerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerStoreTest {

    @TempDir
    Path home;

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
}
