package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.engine.Chart;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A stream's shards as a family: each shard made by a reshard names its parent (SplitShard: one parent;
 * MergeShards: a parent and an adjacent parent), and covers a range of the 128-bit hash key space. Also what a
 * consumer did at each boundary between parents and a child, read from a KCL worker's report: whether it
 * finished every parent before it read the child.
 */
public final class ShardLineage {

    static final BigInteger KEY_SPACE = BigInteger.ONE.shiftLeft(128);

    /** One shard: its parents (none, one after a split, two after a merge) and its inclusive hash key range. */
    public record Member(String shardId, List<String> parents, BigInteger startingHashKey, BigInteger endingHashKey) {
        public Member {
            Objects.requireNonNull(shardId, "shardId");
            parents = List.copyOf(parents);
            if (startingHashKey.compareTo(endingHashKey) > 0) {
                throw new IllegalArgumentException("shard " + shardId + " has a hash key range that ends before it starts");
            }
        }

        public double startFraction() {
            return fraction(startingHashKey);
        }

        /** Where the range ends, exclusive, as a fraction of the key space. */
        public double endFraction() {
            return fraction(endingHashKey.add(BigInteger.ONE));
        }

        public boolean holds(BigInteger hash) {
            return startingHashKey.compareTo(hash) <= 0 && hash.compareTo(endingHashKey) <= 0;
        }

        private static double fraction(BigInteger hashKey) {
            return new java.math.BigDecimal(hashKey).divide(new java.math.BigDecimal(KEY_SPACE), java.math.MathContext.DECIMAL64).doubleValue();
        }
    }

    /**
     * What the consumer did where a child follows its parents.
     *
     * @param parentsLastRecord when the last record of any parent was processed (null: the parents had none)
     * @param parentsEnded      when the last parent was reported finished (shard-ended: checkpointed at SHARD_END);
     *                          null when one never was
     * @param childFirstRecord  when the child's first record was processed (null: none was)
     * @param parentsFirst      every parent was finished (every record and its shard end) before the child's first record
     * @param violation         what came first when {@code parentsFirst} is false, else null
     */
    public record Handoff(String child, List<String> parents, Instant parentsLastRecord, Instant parentsEnded, Instant childLeaseGained,
                          Instant childFirstRecord, boolean parentsFirst, String violation) {

        /** Seconds from the parents' last record to the child's first, or NaN when either is missing. */
        public double gapSeconds() {
            return parentsLastRecord == null || childFirstRecord == null ? Double.NaN
                    : (childFirstRecord.toEpochMilli() - parentsLastRecord.toEpochMilli()) / 1000.0;
        }
    }

    private final Map<String, Member> members = new LinkedHashMap<>();

    public ShardLineage(List<Member> members) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::shardId));
        for (Member member : sorted) {
            if (this.members.put(member.shardId(), member) != null) {
                throw new IllegalArgumentException("shard " + member.shardId() + " is listed twice");
            }
        }
    }

    /** From ListShards (every shard still in the retention period, closed ones included). */
    public static ShardLineage of(List<Shard> shards) {
        List<Member> members = new ArrayList<>();
        for (Shard shard : shards) {
            List<String> parents = new ArrayList<>();
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            members.add(new Member(shard.shardId(), parents, new BigInteger(shard.hashKeyRange().startingHashKey()),
                    new BigInteger(shard.hashKeyRange().endingHashKey())));
        }
        return new ShardLineage(members);
    }

    /** Every shard, by shard id. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public Member member(String shardId) {
        Member member = members.get(shardId);
        if (member == null) {
            throw new IllegalArgumentException("no shard " + shardId + " in the lineage");
        }
        return member;
    }

    /** The shards made by reshards (with parents the lineage knows), by shard id. */
    public List<Member> children() {
        return members.values().stream().filter(member -> member.parents().stream().anyMatch(members::containsKey)).toList();
    }

    /** Shards that are some shard's parent: the closed ones. */
    public Set<String> parents() {
        Set<String> parents = new TreeSet<>();
        members.values().forEach(member -> parents.addAll(member.parents()));
        parents.retainAll(members.keySet());
        return parents;
    }

    /**
     * The consumer's behaviour at each child, from a worker's report in the order it was written (a worker
     * appends its lines in the order things happened, whatever thread processes which shard).
     */
    public List<Handoff> handoffs(List<WorkerEvent> report) {
        Map<String, Integer> lastRecordLine = new HashMap<>();
        Map<String, Integer> firstRecordLine = new HashMap<>();
        Map<String, Integer> endedLine = new HashMap<>();
        Map<String, Integer> gainedLine = new HashMap<>();
        for (int line = 0; line < report.size(); line++) {
            WorkerEvent event = report.get(line);
            if (event.shard() == null) {
                continue;
            }
            if (event.is("record")) {
                lastRecordLine.put(event.shard(), line);
                firstRecordLine.putIfAbsent(event.shard(), line);
            } else if (event.is("shard-ended")) {
                endedLine.putIfAbsent(event.shard(), line);
            } else if (event.is("lease-gained")) {
                gainedLine.putIfAbsent(event.shard(), line);
            }
        }
        List<Handoff> handoffs = new ArrayList<>();
        for (Member child : children()) {
            List<String> parents = child.parents().stream().filter(members::containsKey).toList();
            Integer childFirst = firstRecordLine.get(child.shardId());
            Integer parentsLast = null;
            Integer parentsEnded = null;
            boolean everyParentEnded = true;
            String violation = null;
            for (String parent : parents) {
                Integer last = lastRecordLine.get(parent);
                Integer ended = endedLine.get(parent);
                if (last != null && (parentsLast == null || last > parentsLast)) {
                    parentsLast = last;
                }
                if (ended == null) {
                    everyParentEnded = false;
                } else {
                    parentsEnded = parentsEnded == null ? ended : Math.max(parentsEnded, ended);
                }
                if (childFirst != null && violation == null) {
                    if (last != null && last > childFirst) {
                        violation = ShardMap.label(child.shardId()) + "'s first record was processed before " + ShardMap.label(parent)
                                + "'s last";
                    } else if (ended == null || ended > childFirst) {
                        violation = ShardMap.label(child.shardId()) + "'s first record was processed before " + ShardMap.label(parent)
                                + " was checkpointed at its end";
                    }
                }
            }
            boolean parentsFirst = childFirst == null ? everyParentEnded || parentsLast == null : violation == null;
            if (!parentsFirst && violation == null) {
                violation = "a parent of " + ShardMap.label(child.shardId()) + " was never reported finished";
            }
            handoffs.add(new Handoff(child.shardId(), parents, time(report, parentsLast), time(report, parentsEnded),
                    time(report, gainedLine.get(child.shardId())), time(report, childFirst), parentsFirst, violation));
        }
        return handoffs;
    }

    /** Partition keys whose records were processed from a shard and from one of its descendants: keys a reshard moved. */
    public Set<String> keysMoved(List<WorkerEvent> report) {
        Map<String, Set<String>> shardsByKey = new HashMap<>();
        for (WorkerEvent event : report) {
            if (event.is("record") && event.partitionKey() != null && event.shard() != null) {
                shardsByKey.computeIfAbsent(event.partitionKey(), key -> new HashSet<>()).add(event.shard());
            }
        }
        Set<String> moved = new TreeSet<>();
        shardsByKey.forEach((key, shards) -> {
            for (String shard : shards) {
                if (shards.stream().anyMatch(other -> !other.equals(shard) && descends(other, shard))) {
                    moved.add(key);
                    return;
                }
            }
        });
        return moved;
    }

    /** Whether {@code shard} has {@code ancestor} among its parents, their parents, and so on. */
    public boolean descends(String shard, String ancestor) {
        Member member = members.get(shard);
        if (member == null) {
            return false;
        }
        for (String parent : member.parents()) {
            if (parent.equals(ancestor) || descends(parent, ancestor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lineage as a {@link Chart.Kind#LINEAGE} chart.
     *
     * @param opened  run seconds at which each shard opened (absent: the start, 0)
     * @param closed  run seconds at which each closed shard closed (absent for open shards)
     * @param end     run seconds at which the chart ends
     */
    public Chart chart(String id, String title, Map<String, Double> opened, Map<String, Double> closed, double end) {
        List<Chart.Series> series = new ArrayList<>();
        Set<String> parents = parents();
        for (Member member : members.values()) {
            List<String> known = member.parents().stream().filter(members::containsKey).map(ShardMap::label).toList();
            boolean isClosed = parents.contains(member.shardId()) || closed.containsKey(member.shardId());
            series.add(new Chart.Series(ShardMap.label(member.shardId()), List.of(
                    new Chart.Point(member.startFraction(), opened.getOrDefault(member.shardId(), 0.0), known.isEmpty() ? null : String.join(" + ", known)),
                    new Chart.Point(member.endFraction(), isClosed ? closed.getOrDefault(member.shardId(), end) : end, isClosed ? "closed" : "open"))));
        }
        return new Chart(id, title, Chart.Kind.LINEAGE, "hash key space", "seconds since the run started", series);
    }

    private static Instant time(List<WorkerEvent> report, Integer line) {
        return line == null ? null : report.get(line).time();
    }
}
