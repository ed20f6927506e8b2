package dev.dslab.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    private static WorkerOptions parse(String... extra) {
        List<String> args = new ArrayList<>(List.of("--stream", "s", "--application", "a", "--worker-id", "w1", "--report", "/tmp/w1.jsonl"));
        args.addAll(List.of(extra));
        return WorkerOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void kclsOwnDefaultsApplyWhenNothingIsGiven() {
        WorkerOptions options = parse();

        assertThat(options.parentPollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.failoverTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.assignmentInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.bootstrapLeases()).isTrue();
    }

    @Test
    void theParentPollIntervalIsADurationOfAtLeast100Ms() {
        assertThat(parse("--parent-poll-interval", "1s").parentPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--parent-poll-interval", "250ms", "--assignment-interval", "1s").assignmentInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> parse("--parent-poll-interval", "50ms"))
                .hasMessage("--parent-poll-interval must be at least 100ms, got 50ms");
        assertThatThrownBy(() -> parse("--parent-poll-interval", "soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--parent-poll-interval");
    }
}
