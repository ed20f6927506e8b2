package dev.dslab.shell.report;

import dev.dslab.curriculum.question.Source;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Chart.Point;
import dev.dslab.scenarios.engine.Chart.Series;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.engine.RunStatus;
import dev.dslab.scenarios.history.RecordedOp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/** Synthetic runs for the report tests: every chart kind, marks, and values a hostile target could send. */
final class SampleRuns {

    static final String HOSTILE = "<script>alert('x')</script>&\"";

    private SampleRuns() {
    }

    static ExperimentInfo info() {
        return new ExperimentInfo("sample-consistency", "Shows how often eventually consistent reads are stale",
                "Eventually consistent reads sometimes return an older value; strong reads never do.",
                "Writers and readers share a few keys.\n\nThe model follows the DynamoDB paper.",
                List.of(new Source("Amazon DynamoDB Developer Guide: Read consistency",
                        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html")),
                Duration.ofSeconds(20), Set.of("local"),
                Optional.of(new Prediction("What share of eventual reads will be stale?", "stale-share",
                        List.of(new Prediction.Choice("under 1 %", 0, 1), new Prediction.Choice("1 to 20 %", 1, 20),
                                new Prediction.Choice("over 20 %", 20, 101)))),
                Duration.ofSeconds(60));
    }

    static List<RecordedOp> history(int operations, long seed) {
        Random random = new Random(seed);
        List<RecordedOp> ops = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < operations; i++) {
            time += 200_000 + random.nextInt(800_000);
            int client = i % 4;
            boolean read = random.nextBoolean();
            Outcome outcome = i % 17 == 0 ? Outcome.INDETERMINATE : i % 13 == 0 ? Outcome.FAIL : Outcome.OK;
            ops.add(new RecordedOp(i, client, read ? "read" : "write", "k" + (i % 3), i == 5 ? HOSTILE : "v" + i, null,
                    read ? (i % 2 == 0 ? "eventual" : "strong") : null, time, time + 1_000_000 + random.nextInt(3_000_000),
                    outcome, outcome == Outcome.OK ? null : "timeout <after 1 s>"));
        }
        return ops;
    }

    static RunRecord completed(String runId) {
        List<Observation> observations = List.of(
                new Observation("stale-share", "Stale share of eventual reads", 12.5, "%"),
                new Observation("reads", "Reads " + HOSTILE, 1204, ""),
                new Observation("lag-p50", "Median replica lag", 37.2, "ms"));
        List<Check> checks = List.of(
                new Check("linearizability", "strong reads", Check.Verdict.PASS, "3 keys, 602 operations"),
                new Check("linearizability", "eventual reads", Check.Verdict.FAIL, "k1: read of v3 after v4 was acknowledged " + HOSTILE),
                new Check("session guarantees", "all", Check.Verdict.UNKNOWN, "time budget spent"));
        List<Chart> charts = List.of(
                new Chart("stale-by-age", "Stale reads by time since the last write", Chart.Kind.LINE, "ms since write", "stale %",
                        List.of(new Series("eventual", List.of(Point.of(0, 60), Point.of(10, 35), Point.of(20, 12), Point.of(40, 2), Point.of(80, 0))),
                                new Series("strong", List.of(Point.of(0, 0), Point.of(80, 0))))),
                new Chart("lag-cdf", "Replica lag", Chart.Kind.CDF, "lag (ms)", "share of writes",
                        List.of(new Series("follower 1", List.of(Point.of(5, 0.1), Point.of(20, 0.5), Point.of(40, 0.9), Point.of(120, 1))))),
                new Chart("cost", "Read capacity per 1,000 reads", Chart.Kind.BAR, "mode", "RCU",
                        List.of(new Series("RCU", List.of(new Point(0, 500, "eventual"), new Point(1, 1000, "strong " + HOSTILE))))),
                new Chart("phases", "Availability during the partition", Chart.Kind.TIMELINE, "run time (s)", "success %",
                        List.of(new Series("strong reads", List.of(Point.of(0, 100), Point.of(5, 0), Point.of(10, 100))),
                                new Series("eventual reads", List.of(Point.of(0, 100), Point.of(5, 98), Point.of(10, 100))))),
                new Chart("lineage", "Shard lineage", Chart.Kind.LINEAGE, "hash key space", "seconds since the run started", List.of(
                        new Series("shard 0", List.of(new Point(0, 0, null), new Point(0.5, 4, "closed"))),
                        new Series("shard 1 " + HOSTILE, List.of(new Point(0.5, 0, null), new Point(1, 12, "open"))),
                        new Series("shard 2", List.of(new Point(0, 4, "shard 0"), new Point(0.25, 8, "closed"))),
                        new Series("shard 3", List.of(new Point(0.25, 4, "shard 0"), new Point(0.5, 8, "closed"))),
                        new Series("shard 4", List.of(new Point(0, 8, "shard 2 + shard 3"), new Point(0.5, 12, "open"))))));
        Map<Long, String> marks = new LinkedHashMap<>();
        marks.put(3L, "stale: 1 version behind (" + HOSTILE + ")");
        marks.put(8L, "stale: 2 versions behind");
        Map<String, Map<String, Object>> model = new LinkedHashMap<>();
        model.put("dynamodb/replication", Map.of("lagMedianMs", 40, "ack", "quorum"));
        return new RunRecord(runId, "sample-consistency", 7, "local", Map.of("readers", "8", "lag", "40ms"), model, 1,
                RunStatus.COMPLETED, null, Instant.parse("2026-11-27T03:00:00Z"), Instant.parse("2026-11-27T03:00:12.5Z"), 40,
                new ExperimentResult(observations, checks, charts, marks));
    }

    static RunRecord failed(String runId) {
        return new RunRecord(runId, "sample-consistency", 7, "local", Map.of(), Map.of(), null, RunStatus.FAILED,
                "the local target stopped answering " + HOSTILE, Instant.parse("2026-11-27T03:00:00Z"),
                Instant.parse("2026-11-27T03:00:03Z"), 12, null);
    }
}
