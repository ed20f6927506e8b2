package dev.dslab.scenarios.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCheckerTest {

    @Test
    void twoShardsReadOneAfterTheOtherKeepKeyOrderButNotGlobalOrder() {
        // a on shard 0 and b on shard 1, written alternately a1 b1 a2 b2; the consumer reads shard 1 first
        List<Put> puts = List.of(
                Put.ok("a1", "a", 0, 10, "shardId-0", "1"), Put.ok("b1", "b", 20, 30, "shardId-1", "2"),
                Put.ok("a2", "a", 40, 50, "shardId-0", "3"), Put.ok("b2", "b", 60, 70, "shardId-1", "4"));
        List<Delivery> read = List.of(
                delivery("b1", "b", "shardId-1", "2"), delivery("b2", "b", "shardId-1", "4"),
                delivery("a1", "a", "shardId-0", "1"), delivery("a2", "a", "shardId-0", "3"));

        StreamReport report = StreamChecker.check(puts, read);

        assertThat(report.keyOutOfOrder()).isZero();
        // a1 precedes b1 and b2, a2 precedes b2: three pairs; a1 and a2 are the records overtaken
        assertThat(report.globalOutOfOrder()).isEqualTo(3);
        assertThat(report.globalOvertaken()).isEqualTo(2);
        assertThat(report.globalExample()).hasToString("a1 (key a) was acknowledged before b1 (key b) was sent, yet was read after it");
        assertThat(report.deliveriesByShard()).containsEntry("shardId-0", 2L).containsEntry("shardId-1", 2L);
    }

    @Test
    void concurrentPutsAreInNoOrder() {
        List<Put> puts = List.of(Put.ok("x", "k", 0, 50, "shardId-0", "1"), Put.ok("y", "k", 10, 20, "shardId-0", "2"));

        StreamReport report = StreamChecker.check(puts, List.of(delivery("y", "k", "shardId-0", "2"), delivery("x", "k", "shardId-0", "1")));

        assertThat(report.keyOutOfOrder()).isZero();
        assertThat(report.shardOrderViolations()).as("sequence 1 read after 2 from the same shard").isEqualTo(1);
    }

    @Test
    void aRetriedIndeterminatePutThatLandedTwiceIsAProducerDuplicateAndARereadIsARedelivery() {
        List<Put> puts = List.of(
                Put.notAcknowledged("r1", "k", 0, 10, Outcome.INDETERMINATE), Put.ok("r1", "k", 11, 20, "shardId-0", "2"),
                Put.ok("r2", "k", 30, 40, "shardId-0", "3"));
        List<Delivery> read = List.of(delivery("r1", "k", "shardId-0", "1"), delivery("r1", "k", "shardId-0", "2"),
                delivery("r2", "k", "shardId-0", "3"), delivery("r2", "k", "shardId-0", "3"));

        StreamReport report = StreamChecker.check(puts, read);

        assertThat(report.producerDuplicates()).isEqualTo(1);
        assertThat(report.redeliveries()).isEqualTo(1);
        assertThat(report.duplicates()).isEqualTo(2);
        assertThat(report.indeterminateAttempts()).isEqualTo(1);
        assertThat(report.recordsDelivered()).isEqualTo(2);
        assertThat(report.shardOrderViolations()).isZero();
    }

    @Test
    void aRecordGivenUpOnBeforeALaterOneIsAGapAndAnAcknowledgedOneMissingIsLost() {
        List<Put> puts = List.of(
                Put.notAcknowledged("g", "k", 0, 10, Outcome.FAIL), Put.notAcknowledged("g", "k", 11, 20, Outcome.INDETERMINATE),
                Put.ok("h", "k", 30, 40, "shardId-0", "5"), Put.ok("lost", "m", 0, 5, "shardId-1", "6"),
                Put.notAcknowledged("tail", "k", 50, 60, Outcome.FAIL));
        List<Delivery> read = List.of(delivery("h", "k", "shardId-0", "5"), delivery("ghost", "z", "shardId-0", "7"));

        StreamReport report = StreamChecker.check(puts, read);

        assertThat(report.gaps()).isEqualTo(1);
        assertThat(report.gapExamples()).containsExactly("g");
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lostExamples()).containsExactly("lost");
        assertThat(report.unexpectedExamples()).containsExactly("ghost");
        assertThat(report.failedAttempts()).isEqualTo(2);
        assertThat(report.outOfOrderByKey()).containsOnlyKeys("k", "m");
    }

    static Delivery delivery(String id, String key, String shard, String sequence) {
        return new Delivery(id, key, shard, sequence, 0);
    }
}
