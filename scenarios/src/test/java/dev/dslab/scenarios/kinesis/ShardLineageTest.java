package dev.dslab.scenarios.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.kinesis.ShardLineage.Handoff;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.Shard;

class ShardLineageTest {

    static final BigInteger MAX = ShardLineage.KEY_SPACE.subtract(BigInteger.ONE);
    static final BigInteger HALF = ShardLineage.KEY_SPACE.shiftRight(1);
    static final BigInteger QUARTER = ShardLineage.KEY_SPACE.shiftRight(2);

    /** Two shards; shard 0 split into 2 and 3; 2 and 3 merged into 4: what ListShards answers after both. */
    static List<Shard> splitThenMerge() {
        return List.of(shard("shardId-000000000000", null, null, BigInteger.ZERO, HALF.subtract(BigInteger.ONE)),
                shard("shardId-000000000001", null, null, HALF, MAX),
                shard("shardId-000000000002", "shardId-000000000000", null, BigInteger.ZERO, QUARTER.subtract(BigInteger.ONE)),
                shard("shardId-000000000003", "shardId-000000000000", null, QUARTER, HALF.subtract(BigInteger.ONE)),
                shard("shardId-000000000004", "shardId-000000000002", "shardId-000000000003", BigInteger.ZERO, HALF.subtract(BigInteger.ONE)));
    }

    static Shard shard(String id, String parent, String adjacentParent, BigInteger from, BigInteger to) {
        return Shard.builder().shardId(id).parentShardId(parent).adjacentParentShardId(adjacentParent)
                .hashKeyRange(range -> range.startingHashKey(from.toString()).endingHashKey(to.toString())).build();
    }

    /** A worker report, one event per second from t=0 in the order given. */
    static final class Report {
        final List<WorkerEvent> events = new ArrayList<>();

        Report record(String shard, String key) {
            return add("record", shard, key);
        }

        Report ended(String shard) {
            return add("shard-ended", shard, null);
        }

        Report gained(String shard) {
            return add("lease-gained", shard, null);
        }

        private Report add(String event, String shard, String key) {
            events.add(new WorkerEvent(event, "w1", Instant.EPOCH.plusSeconds(events.size()), "shardId-00000000000" + shard,
                    event.equals("record") ? Integer.toString(events.size()) : null, key, key == null ? null : key + "/" + events.size(), Map.of()));
            return this;
        }
    }

    @Test
    void theLineageOfASplitThenAMergeNamesParentsChildrenAndRanges() {
        ShardLineage lineage = ShardLineage.of(splitThenMerge());

        assertThat(lineage.members()).hasSize(5);
        assertThat(lineage.parents()).containsExactly("shardId-000000000000", "shardId-000000000002", "shardId-000000000003");
        assertThat(lineage.children()).extracting(ShardLineage.Member::shardId)
                .containsExactly("shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
        assertThat(lineage.member("shardId-000000000004").parents()).containsExactly("shardId-000000000002", "shardId-000000000003");
        assertThat(lineage.member("shardId-000000000003").startFraction()).isEqualTo(0.25);
        assertThat(lineage.member("shardId-000000000003").endFraction()).isEqualTo(0.5);
        assertThat(lineage.member("shardId-000000000001").endFraction()).isEqualTo(1.0);
        assertThat(lineage.descends("shardId-000000000004", "shardId-000000000000")).isTrue();
        assertThat(lineage.descends("shardId-000000000004", "shardId-000000000001")).isFalse();
        assertThat(lineage.descends("shardId-000000000000", "shardId-000000000004")).isFalse();
        assertThatThrownBy(() -> lineage.member("shardId-000000000009")).hasMessageContaining("no shard shardId-000000000009");
    }

    @Test
    void aConsumerThatFinishesEveryParentFirstPassesEveryHandoff() {
        Report report = new Report().gained("0").gained("1").record("0", "a").record("1", "b").record("0", "a").ended("0")
                .gained("2").gained("3").record("2", "a").record("3", "c").record("1", "b").ended("2").record("3", "c").ended("3")
                .gained("4").record("4", "a");
        List<Handoff> handoffs = ShardLineage.of(splitThenMerge()).handoffs(report.events);

        assertThat(handoffs).extracting(Handoff::child).containsExactly("shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
        assertThat(handoffs).allSatisfy(handoff -> assertThat(handoff.parentsFirst()).as(handoff.violation()).isTrue());
        // shard 0's last record at t=4, shard 2's first at t=8
        assertThat(handoffs.get(0).gapSeconds()).isEqualTo(4.0);
        assertThat(handoffs.get(0).parentsEnded()).isEqualTo(Instant.EPOCH.plusSeconds(5));
        // the merge waits for both parents: shard 3's last record (t=12), not shard 2's (t=8)
        assertThat(handoffs.get(2).parentsLastRecord()).isEqualTo(Instant.EPOCH.plusSeconds(12));
        assertThat(handoffs.get(2).parentsEnded()).isEqualTo(Instant.EPOCH.plusSeconds(13));
        assertThat(handoffs.get(2).childLeaseGained()).isEqualTo(Instant.EPOCH.plusSeconds(14));
        assertThat(handoffs.get(2).gapSeconds()).isEqualTo(3.0);
    }

    @Test
    void aChildReadBeforeItsParentsLastRecordIsNamed() {
        Report report = new Report().record("0", "a").record("2", "a").record("0", "a").ended("0");
        Handoff handoff = ShardLineage.of(splitThenMerge()).handoffs(report.events).get(0);

        assertThat(handoff.parentsFirst()).isFalse();
        assertThat(handoff.violation()).isEqualTo("shard 2's first record was processed before shard 0's last");
        assertThat(handoff.gapSeconds()).isEqualTo(-1.0);
    }

    @Test
    void aChildReadAfterTheParentsLastRecordButBeforeItsShardEndIsNamed() {
        Report report = new Report().record("0", "a").record("2", "a").ended("0");

        assertThat(ShardLineage.of(splitThenMerge()).handoffs(report.events).get(0).violation())
                .isEqualTo("shard 2's first record was processed before shard 0 was checkpointed at its end");
    }

    @Test
    void aMergedChildReadBeforeOneOfItsTwoParentsEndedFails() {
        Report report = new Report().record("0", "a").ended("0").record("2", "a").ended("2").record("3", "c").record("4", "a").ended("3");
        List<Handoff> handoffs = ShardLineage.of(splitThenMerge()).handoffs(report.events);

        assertThat(handoffs.get(0).parentsFirst()).isTrue();
        assertThat(handoffs.get(2).parentsFirst()).isFalse();
        assertThat(handoffs.get(2).violation()).contains("shard 3 was checkpointed at its end");
    }

    @Test
    void aChildWithoutRecordsFailsOnlyWhenAParentWasNeverFinished() {
        List<Handoff> finished = ShardLineage.of(splitThenMerge()).handoffs(new Report().record("0", "a").ended("0").events);
        List<Handoff> unfinished = ShardLineage.of(splitThenMerge()).handoffs(new Report().record("0", "a").events);

        assertThat(finished.get(0).parentsFirst()).isTrue();
        assertThat(finished.get(0).childFirstRecord()).isNull();
        assertThat(finished.get(0).gapSeconds()).isNaN();
        assertThat(unfinished.get(0).parentsFirst()).isFalse();
        assertThat(unfinished.get(0).violation()).isEqualTo("a parent of shard 2 was never reported finished");
    }

    @Test
    void keysReadFromAShardAndFromADescendantHaveMoved() {
        Report report = new Report().record("0", "a").record("1", "b").record("0", "c").record("4", "a").record("3", "c").record("1", "b")
                .record("2", "d");

        assertThat(ShardLineage.of(splitThenMerge()).keysMoved(report.events)).containsExactly("a", "c");
    }

    @Test
    void theChartHasABoxPerShardWithItsParentsAndWhetherItIsOpen() {
        Chart chart = ShardLineage.of(splitThenMerge()).chart("lineage", "Lineage",
                Map.of("shardId-000000000002", 5.0, "shardId-000000000003", 5.0, "shardId-000000000004", 9.0),
                Map.of("shardId-000000000000", 5.0, "shardId-000000000002", 9.0, "shardId-000000000003", 9.0), 12);

        assertThat(chart.kind()).isEqualTo(Chart.Kind.LINEAGE);
        assertThat(chart.series()).extracting(Chart.Series::name).containsExactly("shard 0", "shard 1", "shard 2", "shard 3", "shard 4");
        assertThat(chart.series().get(0).points()).containsExactly(new Chart.Point(0, 0, null), new Chart.Point(0.5, 5, "closed"));
        assertThat(chart.series().get(1).points()).containsExactly(new Chart.Point(0.5, 0, null), new Chart.Point(1, 12, "open"));
        assertThat(chart.series().get(4).points()).containsExactly(new Chart.Point(0, 9, "shard 2 + shard 3"), new Chart.Point(0.5, 12, "open"));
    }
}
