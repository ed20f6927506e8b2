package dev.dslab.scenarios.dynamodb;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.check.SessionReport;
import dev.dslab.scenarios.check.SessionViolation;
import dev.dslab.scenarios.check.StalenessReport;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Clients;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.history.RecordedOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writers and readers on a few hot keys of the sandbox table; every read is eventually or strongly
 * consistent at random. The history shows how often, and how soon after a write, an eventually consistent
 * read is stale, that strongly consistent reads are linearizable, and what they cost.
 */
public final class ReadConsistencyExperiment implements Experiment {

    static final Source READ_CONSISTENCY = new Source("Amazon DynamoDB Developer Guide: DynamoDB read consistency",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html");
    static final Source DYNAMODB_PAPER = new Source("Elhemali et al., Amazon DynamoDB: A Scalable, Predictably Performant, and Fully "
            + "Managed NoSQL Database Service, USENIX ATC 2022, section 3 (Architecture)",
            "https://www.usenix.org/conference/atc22/presentation/elhemali");
    static final Source CAPACITY = new Source("Amazon DynamoDB Developer Guide: Read/write capacity mode (read request units)",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html");
    static final Source TERRY_SESSIONS = new Source("Terry et al., Session Guarantees for Weakly Consistent Replicated Data, "
            + "PDIS 1994", "https://doi.org/10.1109/PDIS.1994.331722");
    static final Source HERLIHY_WING = new Source("Herlihy and Wing, Linearizability: A Correctness Condition for Concurrent "
            + "Objects, ACM TOPLAS 12(3), 1990", "https://doi.org/10.1145/78969.78972");

    /** Bucket edges (ms since the last acknowledged write to the key) of the stale-probability chart. */
    static final double[] SINCE_WRITE_EDGES = {0, 10, 25, 50, 100, 200, 500, 1000, Double.POSITIVE_INFINITY};
    static final double SOON_AFTER_WRITE_MILLIS = 10;

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("dynamodb-read-consistency",
                "Eventually vs. strongly consistent reads: how often and how soon after a write a read is stale",
                "Eventually consistent reads sometimes return a value older than the latest acknowledged write, most often "
                        + "right after the write; strongly consistent reads never do, and their history is linearizable.",
                """
                        DynamoDB stores every partition three times, in three Availability Zones. The three replicas form a \
                        replication group that runs Multi-Paxos; one replica is the leader. A write goes to the leader, which \
                        acknowledges it once a quorum of the group (two of three) has it in its write-ahead log. The third replica \
                        may still be behind.

                        A strongly consistent read (ConsistentRead=true) is served by the leader and reflects every acknowledged \
                        write. An eventually consistent read, the default, may be served by any replica, so it can return an older \
                        value for a while after a write; the Developer Guide promises only that such a read "might not reflect the \
                        results of a recently completed write". It costs half: one read request unit reads up to 4 KB strongly \
                        consistent, or twice that eventually consistent.

                        This experiment runs writers and readers on a few hot keys, picks the read mode at random for each read, \
                        records every operation with its invoke and completion time, and then checks the history: staleness of \
                        each read (versions and milliseconds behind the latest acknowledged write) and the linearizability of the \
                        writes with each mode's reads, and the session guarantees (monotonic reads above all: a reader that \
                        lands on a fresher replica, then on a lagging one, sees time go backwards). On the local target the \
                        replica lag is dslab's model of the replication group (parameters lag-median and lag-p99); on a real \
                        account you observe the service itself.""",
                List.of(READ_CONSISTENCY, DYNAMODB_PAPER, CAPACITY, HERLIHY_WING, TERRY_SESSIONS),
                Duration.ofSeconds(20), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("What share of the eventually consistent reads will return a stale value?",
                        "eventual-stale-percent", List.of(
                                new Prediction.Choice("none at all (0 %)", 0, 1e-9),
                                new Prediction.Choice("a few (under 5 %)", 1e-9, 5),
                                new Prediction.Choice("some (5 % to 25 %)", 5, 25),
                                new Prediction.Choice("many (25 % or more)", 25, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(180));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return Stream.concat(Stream.of(
                ParameterSpec.duration("duration", "15s", "2s", "2m", "how long the clients run"),
                ParameterSpec.integer("writers", 2, 1, 16, "clients that write unique values"),
                ParameterSpec.integer("readers", 4, 1, 32, "clients that read"),
                ParameterSpec.integer("keys", 3, 1, 50, "hot keys the clients share"),
                ParameterSpec.duration("write-interval", "50ms", "0ms", "1s", "pause of each writer between writes"),
                ParameterSpec.duration("read-interval", "10ms", "0ms", "1s", "pause of each reader between reads"),
                ParameterSpec.decimal("strong-share", 0.5, 0, 1, "share of the reads that are strongly consistent")),
                ReplicaLag.parameters("local target only: ").stream()).toList();
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        ReplicaLag.apply(context);
        int writers = p.integer("writers");
        int keys = p.integer("keys");
        double strongShare = p.decimal("strong-share");
        long writePause = Math.round(p.millis("write-interval"));
        long readPause = Math.round(p.millis("read-interval"));
        AtomicLong[] nextValue = new AtomicLong[writers];
        Arrays.setAll(nextValue, i -> new AtomicLong());
        try (DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            RegisterTable registers = new RegisterTable(context, dynamoDb);
            Clients.run(context, "clients", writers + p.integer("readers"), Duration.ofMillis(Math.round(p.millis("duration"))),
                    (client, random) -> {
                        String key = "k" + random.nextInt(keys);
                        if (client < writers) {
                            registers.write(client, key, "c" + client + "-" + nextValue[client].incrementAndGet());
                            Thread.sleep(writePause);
                        } else {
                            registers.read(client, key, random.nextDouble() < strongShare);
                            Thread.sleep(readPause);
                        }
                        return true;
                    });
            return analyse(context.history().operations(), registers);
        }
    }

    ExperimentResult analyse(List<RecordedOp> history, RegisterTable registers) {
        ReadModeAnalysis analysis = new ReadModeAnalysis(history);
        StalenessReport eventual = analysis.staleness("eventual");
        StalenessReport strong = analysis.staleness("strong");
        List<Observation> observations = new ArrayList<>();
        long writes = history.stream().filter(op -> op.f().equals("write") && op.outcome() == Outcome.OK).count();
        long failed = history.stream().filter(op -> op.outcome() != Outcome.OK).count();
        observations.add(new Observation("writes", "acknowledged writes", writes, ""));
        observations.add(new Observation("eventual-reads", "eventually consistent reads", eventual.readCount(), ""));
        observations.add(new Observation("strong-reads", "strongly consistent reads", strong.readCount(), ""));
        observations.add(new Observation("failed-operations", "operations that failed or timed out", failed, ""));
        observations.add(new Observation("eventual-stale-percent", "stale eventually consistent reads",
                100 * eventual.staleFraction(), "%"));
        observations.add(new Observation("strong-stale-percent", "stale strongly consistent reads", 100 * strong.staleFraction(), "%"));
        StalenessReport.Bucket soon = eventual.bucket(0, SOON_AFTER_WRITE_MILLIS);
        observations.add(new Observation("eventual-stale-within-10ms-percent",
                "stale eventually consistent reads issued within 10 ms of a write", soon.reads() == 0 ? Double.NaN : 100 * soon.staleFraction(), "%"));
        observations.add(new Observation("eventual-reads-within-10ms", "eventually consistent reads issued within 10 ms of a write",
                soon.reads(), ""));
        observations.add(new Observation("max-versions-behind", "most versions an eventually consistent read was behind",
                eventual.maxVersionsBehind(), ""));
        observations.add(new Observation("max-millis-behind", "longest an eventually consistent read was behind", eventual.maxMillisBehind(), "ms"));
        observations.add(new Observation("eventual-read-p50-ms", "median latency of eventually consistent reads", median(history, "eventual"), "ms"));
        observations.add(new Observation("strong-read-p50-ms", "median latency of strongly consistent reads", median(history, "strong"), "ms"));
        observations.add(new Observation("capacity-per-eventual-read", "read capacity units per eventually consistent read",
                perRead(registers.capacityUnits(false), eventual.readCount()), "RCU"));
        observations.add(new Observation("capacity-per-strong-read", "read capacity units per strongly consistent read",
                perRead(registers.capacityUnits(true), strong.readCount()), "RCU"));

        SessionReport strongSessions = analysis.sessions("strong");
        SessionReport eventualSessions = analysis.sessions("eventual");
        observations.add(new Observation("eventual-monotonic-read-violations",
                "eventually consistent reads that went back to an older value than the same client had already read",
                eventualSessions.violations(SessionViolation.Guarantee.MONOTONIC_READS).size(), ""));
        List<Check> checks = List.of(analysis.linearizability("strong"), analysis.linearizability("eventual"),
                ReadModeAnalysis.sessionCheck("strong", strongSessions), ReadModeAnalysis.sessionCheck("eventual", eventualSessions));
        Chart byTimeSinceWrite = new Chart("stale-by-time-since-write", "Stale reads by time since the last acknowledged write",
                Chart.Kind.BAR, "ms since the last acknowledged write to the key", "% of reads stale",
                List.of(bucketSeries("eventual", eventual), bucketSeries("strong", strong)));
        return new ExperimentResult(observations, checks, List.of(byTimeSinceWrite), analysis.staleMarks());
    }

    private static Chart.Series bucketSeries(String mode, StalenessReport report) {
        List<Chart.Point> points = new ArrayList<>();
        List<StalenessReport.Bucket> buckets = report.histogram(SINCE_WRITE_EDGES);
        for (int i = 0; i < buckets.size(); i++) {
            StalenessReport.Bucket bucket = buckets.get(i);
            String label = Double.isInfinite(bucket.toMillis())
                    ? ">= " + Numbers.format(bucket.fromMillis()) + " ms"
                    : Numbers.format(bucket.fromMillis()) + "-" + Numbers.format(bucket.toMillis()) + " ms";
            points.add(new Chart.Point(i, bucket.reads() == 0 ? 0 : 100 * bucket.staleFraction(), label + " (" + bucket.reads() + " reads)"));
        }
        return new Chart.Series(mode, points);
    }

    private static double median(List<RecordedOp> history, String mode) {
        double[] latencies = history.stream()
                .filter(op -> op.f().equals("read") && mode.equals(op.mode()) && op.outcome() == Outcome.OK)
                .mapToDouble(op -> (op.completeNanos() - op.invokeNanos()) / 1e6).sorted().toArray();
        return latencies.length == 0 ? Double.NaN : latencies[latencies.length / 2];
    }

    private static double perRead(double units, int reads) {
        return reads == 0 ? Double.NaN : units / reads;
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::staleSoonAfterWrite, this::linearizableMode, this::monotonicReads, this::capacityOfStrongReads, this::whyStale);
    }

    private Optional<Question> staleSoonAfterWrite(RunSummary run) {
        Optional<Double> within = run.observations().value("eventual-stale-within-10ms-percent");
        double reads = run.observations().value("eventual-reads-within-10ms").orElse(0.0);
        if (within.isEmpty() || reads < 20) {
            return Optional.empty();
        }
        double value = within.get();
        return Optional.of(new Question("obs.dynamodb-read-consistency.stale-within-10ms",
                String.format(Locale.ROOT, "In your run %s, what percentage of the %d eventually consistent reads issued within 10 ms "
                        + "of an acknowledged write to their key returned a stale value?", run.runId(), (long) reads),
                List.of(), new AnswerKey.Numeric(round1(value), Math.max(2, value * 0.1), "%"),
                "Your history says " + Numbers.format(value) + " %. Right after a write, the replica that was not in the write's "
                        + "quorum often has not applied it yet; an eventually consistent read lands there with probability about one in "
                        + "three, so the stale share is highest in the first milliseconds and falls as the lag distribution's tail passes.",
                List.of(READ_CONSISTENCY, DYNAMODB_PAPER), Difficulty.MEDIUM, List.of("dynamodb", "consistency"),
                "How would the stale share change if writes were acknowledged only after all three replicas had them?"));
    }

    private Optional<Question> linearizableMode(RunSummary run) {
        Optional<Check.Verdict> strong = verdict(run, "writes + strong reads");
        Optional<Check.Verdict> eventual = verdict(run, "writes + eventual reads");
        if (strong.isEmpty() || eventual.isEmpty() || strong.get() == Check.Verdict.UNKNOWN || eventual.get() == Check.Verdict.UNKNOWN) {
            return Optional.empty();
        }
        boolean strongOk = strong.get() == Check.Verdict.PASS;
        boolean eventualOk = eventual.get() == Check.Verdict.PASS;
        int answer = strongOk && eventualOk ? 2 : strongOk ? 0 : eventualOk ? 1 : 3;
        return Optional.of(new Question("obs.dynamodb-read-consistency.linearizable-mode",
                "In your run " + run.runId() + ", which read mode gave a linearizable history together with the writes?",
                List.of("only strongly consistent reads", "only eventually consistent reads", "both", "neither"),
                new AnswerKey.SingleChoice(answer),
                "The checker's verdicts for your run: strong " + strong.get() + ", eventual " + eventual.get() + ". Strongly consistent "
                        + "reads are served by the leader, which has every acknowledged write, so they can always be placed between their "
                        + "invocation and completion. An eventually consistent read served by a lagging replica returns a value that "
                        + "an acknowledged write had already replaced, which no linearization allows. (If eventual reads passed, your run "
                        + "had no stale read: try a larger lag-median.)",
                List.of(READ_CONSISTENCY, HERLIHY_WING), Difficulty.MEDIUM, List.of("dynamodb", "consistency-models"),
                "Is a history of only eventually consistent reads sequentially consistent? What would you need to know?"));
    }

    private Optional<Question> monotonicReads(RunSummary run) {
        Optional<Double> violations = run.observations().value("eventual-monotonic-read-violations");
        if (violations.isEmpty() || violations.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-read-consistency.monotonic-reads",
                String.format(Locale.ROOT, "In your run %s, a reader issuing eventually consistent reads %d times got an older value of a "
                        + "key than one it had already read. Which session guarantee does that violate?", run.runId(),
                        violations.get().longValue()),
                List.of("read-your-writes", "monotonic reads", "monotonic writes", "writes-follow-reads"),
                new AnswerKey.SingleChoice(1),
                "Monotonic reads: once a client has seen a value, it never sees an older one. Each eventually consistent read may go "
                        + "to a different replica; after reading from an up-to-date replica, the next read can land on the one that "
                        + "lags. (Read-your-writes concerns a client's own writes; these readers never wrote.)",
                List.of(ReadConsistencyExperiment.READ_CONSISTENCY, TERRY_SESSIONS), Difficulty.MEDIUM,
                List.of("consistency-models", "dynamodb"),
                "How would you give one user monotonic reads on DynamoDB without paying for strongly consistent reads everywhere?"));
    }

    private Optional<Question> capacityOfStrongReads(RunSummary run) {
        Optional<Double> strong = run.observations().value("capacity-per-strong-read");
        Optional<Double> eventual = run.observations().value("capacity-per-eventual-read");
        if (strong.isEmpty() || eventual.isEmpty() || eventual.get() <= 0) {
            return Optional.empty();
        }
        double ratio = strong.get() / eventual.get();
        return Optional.of(new Question("obs.dynamodb-read-consistency.capacity-ratio",
                "Your run read small items (under 4 KB). How many times the read capacity of an eventually consistent GetItem did a "
                        + "strongly consistent GetItem consume, as the service reported it (ConsumedCapacity)?",
                List.of(), new AnswerKey.Numeric(round1(ratio), 0.05, ""),
                "Your run measured " + Numbers.format(strong.get()) + " RCU per strong read and " + Numbers.format(eventual.get())
                        + " per eventual read: a factor of " + Numbers.format(ratio) + ". One read capacity unit is one strongly "
                        + "consistent read per second of up to 4 KB, or two eventually consistent ones.",
                List.of(CAPACITY), Difficulty.EASY, List.of("dynamodb", "capacity"),
                "When is paying double for strong reads the right call, and what would you do instead to read your own writes?"));
    }

    private Optional<Question> whyStale(RunSummary run) {
        Optional<Double> stale = run.observations().value("eventual-stale-percent");
        if (stale.isEmpty() || stale.get() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-read-consistency.why-stale",
                "In your run " + Numbers.format(stale.get()) + " % of eventually consistent reads were stale although every write they "
                        + "missed had been acknowledged. Explain how DynamoDB can acknowledge a write that a later read does not see.",
                List.of(), new AnswerKey.Open(
                        "Each partition is a replication group of three replicas in three AZs with a Multi-Paxos leader. The leader "
                                + "acknowledges a write once a quorum (two of three, itself included) has persisted it, so one replica "
                                + "may not have it yet. Eventually consistent reads may be served by any replica, including that one; "
                                + "strongly consistent reads go to the leader. The lagging replica catches up shortly after, which is "
                                + "why stale reads cluster right after writes.",
                        List.of("three replicas in a replication group with a leader",
                                "write acknowledged after a quorum (2 of 3), so one replica can lag",
                                "eventually consistent reads can be served by any replica; strong reads by the leader",
                                "the lag is short, so staleness is most likely right after a write")),
                "Quorum replication acknowledges before every replica has the write; only reads that go to the leader (or to a read "
                        + "quorum) are guaranteed to see it.",
                List.of(DYNAMODB_PAPER, READ_CONSISTENCY), Difficulty.MEDIUM, List.of("dynamodb", "replication"),
                "Could DynamoDB make eventually consistent reads never stale without giving up their price? What would it cost?"));
    }

    private static Optional<Check.Verdict> verdict(RunSummary run, String scope) {
        return run.checks().stream().filter(check -> check.checker().equals("linearizability") && check.scope().equals(scope))
                .map(Check::verdict).findFirst();
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
