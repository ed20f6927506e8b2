package dev.dslab.consensus.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.raft.reference.ReferenceRaft;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key-value service on the reference Raft passes every Lab 4 scenario, whose histories the
 * linearizability checker accepts; each deliberately buggy service fails. More seeds:
 * {@code -Ddslab.kv.seeds=50}, or {@code RunKvScenarios --seeds 50}.
 */
class KvServiceTest {
    private static final int SEEDS = Integer.getInteger("dslab.kv.seeds", 2);

    static Stream<KvScenario> scenarios() {
        return KvScenarios.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void referencePasses(KvScenario scenario) {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            KvHarness.Outcome outcome = KvHarness.run(ReferenceRaft.factory(), Set.of(), scenario, seed);
            if (!outcome.passed()) {
                failures.add(outcome.report());
            }
            assertThat(outcome.clientOps()).as("operations completed in %s seed %d", scenario, seed).isPositive();
        }
        assertThat(failures).as("failures of the reference service").isEmpty();
    }

    @Test
    void localReadsOnAStaleLeaderAreNotLinearizable() {
        KvHarness.Outcome outcome = KvHarness.run(ReferenceRaft.factory(), EnumSet.of(KvFlaw.LOCAL_READS),
                KvScenarios.named("minority-leader").orElseThrow(), 1);
        assertThat(outcome.property()).isEqualTo("linearizability");
        assertThat(outcome.message()).contains("cannot place").contains("read ->");
    }

    @Test
    void withoutDeduplicationARetriedAppendIsAppliedTwice() {
        KvHarness.Outcome outcome = KvHarness.run(ReferenceRaft.factory(), EnumSet.of(KvFlaw.NO_DEDUP),
                KvScenarios.named("unreliable-one-key").orElseThrow(), 1);
        assertThat(outcome.property()).isEqualTo("appends");
        assertThat(outcome.message()).contains("applied 2 times");
    }

    @Test
    void aRunIsAFunctionOfItsSeed() {
        KvScenario scenario = KvScenarios.named("partitions-restarts-unreliable").orElseThrow();
        KvHarness.Outcome first = KvHarness.run(ReferenceRaft.factory(), Set.of(), scenario, 7);
        KvHarness.Outcome second = KvHarness.run(ReferenceRaft.factory(), Set.of(), scenario, 7);
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(second.clientOps()).isEqualTo(first.clientOps());
        assertThat(second.simulatedMillis()).isEqualTo(first.simulatedMillis());
    }

    @Test
    void theClientTableSurvivesASnapshot() {
        KvStateMachine before = new KvStateMachine(true);
        KvOp append = KvOp.append("c1", 4, "a", "[c1:4]");
        assertThat(before.apply(append)).isEqualTo(KvResult.OK);
        KvStateMachine after = new KvStateMachine(true);
        after.restore(before.snapshot());
        // the retry of a request the snapshot covers is answered, not applied again
        assertThat(after.apply(append)).isEqualTo(KvResult.OK);
        assertThat(after.data()).containsEntry("a", "[c1:4]");
        assertThat(after.answered(append)).isEqualTo(KvResult.OK);
        // an older request of the same client arriving late is not applied
        assertThat(after.apply(KvOp.append("c1", 3, "a", "[c1:3]"))).isEqualTo(KvResult.LOST);
        assertThat(after.data()).containsEntry("a", "[c1:4]");
        assertThat(after.apply(KvOp.cas("c2", 1, "a", "nope", "x")).status()).isEqualTo(KvResult.Status.MISMATCH);
        assertThat(after.apply(KvOp.cas("c2", 2, "missing", "nope", "x")).status()).isEqualTo(KvResult.Status.NO_KEY);
    }

    @Test
    void commandsRoundTripAnyText() {
        KvOp op = KvOp.cas("client|%7C", 9, "key|with|bars", "%25 literal", "-");
        assertThat(KvOp.decode(op.encode())).isEqualTo(op);
        KvOp get = KvOp.get("c", 1, "");
        assertThat(KvOp.decode(get.encode())).isEqualTo(get);
    }
}
