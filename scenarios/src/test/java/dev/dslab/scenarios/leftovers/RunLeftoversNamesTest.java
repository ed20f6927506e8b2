package dev.dslab.scenarios.leftovers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names a sweep takes for a run's: only those experiments give, never a sandbox's own or another learner's. */
class RunLeftoversNamesTest {

    @Test
    void aRunsStreamTableAndFunctionNamesCarryItsId() {
        assertThat(RunLeftovers.runOf("dslab-alice-events-r12", "dslab-alice-events")).contains("r12");
        assertThat(RunLeftovers.runOf("dslab-alice-events-r3-retry", "dslab-alice-events")).contains("r3");
        assertThat(RunLeftovers.runOf("dslab-alice-items-r3-bisect-report", "dslab-alice-items")).contains("r3");
        assertThat(RunLeftovers.runOf("dslab-alice-stream-batch-r7-report", "dslab-alice-stream-batch")).contains("r7");
    }

    @Test
    void otherNamesAreNoRunsEvenWithARunIdInThem() {
        // learner "alice-items-r3" has the table dslab-alice-items-r3-items: a sandbox's name, not alice's run r3
        assertThat(RunLeftovers.runOf("dslab-alice-items-r3-items", "dslab-alice-items")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-alice-events-r1-extra", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-alice-events", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-alice-events-r0", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-alice-events-s1", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-bob-events-r1", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf("dslab-alice-events-extra-r1", "dslab-alice-events")).isEmpty();
        assertThat(RunLeftovers.runOf(null, "dslab-alice-events")).isEmpty();
    }
}
