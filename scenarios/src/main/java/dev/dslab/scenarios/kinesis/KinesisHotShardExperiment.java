package dev.dslab.scenarios.kinesis;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Clients;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Two phases of the same offered load on a stream of the run's own: first most records share one partition
 * key, so one shard gets more than its write limit and throttles; then that key is salted with a suffix, the
 * load spreads over every shard and the throttling stops.
 */
public final class KinesisHotShardExperiment implements Experiment {

    static final Source RESHARDING = new Source("Amazon Kinesis Data Streams Developer Guide: Reshard a stream "
            + "(splitting hot shards, merging cold ones)", "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding.html");
    static final Source HOT_SHARD = new Source("Amazon Kinesis Data Streams Developer Guide: Troubleshoot Kinesis Data Streams producers "
            + "(a partition key bumping into the service limits when the rest are not)",
            "https://docs.aws.amazon.com/streams/latest/dev/troubleshooting-producers.html");

    static final List<String> PHASES = List.of("skewed", "salted");
    static final String HOT_KEY = "hot";
    private static final double WINDOW_SECONDS = 0.5;
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("kinesis-hot-shard",
                "How one hot partition key throttles its shard, and how salting the key spreads the load",
                "A shard accepts at most 1,000 records or 1 MB per second. When most records share one partition key, they all go to "
                        + "one shard, which rejects what is over its limit with ProvisionedThroughputExceededException while the other "
                        + "shards idle. Appending a random suffix to the hot key (salting) spreads the same load over every shard, and "
                        + "the throttling stops.",
                """
                        Each shard of a provisioned stream takes at most 1,000 records per second or 1 MB per second of writes, \
                        and serves 5 GetRecords calls and 2 MB per second of reads. A record's partition key decides its shard \
                        (the MD5 hash of the key falls in one shard's hash key range), so the capacity a single key can use is one \
                        shard's, however many shards the stream has. A key much busier than the others makes a hot shard: \
                        PutRecords answers the records over the limit with the ErrorCode ProvisionedThroughputExceededException \
                        (PutRecord throws it), while the stream as a whole is far from its capacity.

                        This experiment offers the same load twice to a stream of the run's own (the sandbox stream's name plus \
                        the run id, deleted at the end). In the skewed phase hot-share percent of the records carry the key \
                        "hot"; in the salted phase that key gets a random suffix (hot#0 .. hot#N-1, salt-buckets of them). \
                        Producers start together and send PutRecords batches paced to the offered rate (a busy machine may \
                        offer less: the run reports what it offered) and count, per record, what was accepted and what was \
                        throttled, and on which shard (the shard of a rejected record is computed from the MD5 of \
                        its key). Throttled records are not retried: retries add latency, not capacity.

                        Splitting the hot shard would not help a single hot key: a split divides the hash key range, and one \
                        key hashes to one point, so it stays on one shard. Salting costs something too: records of the hot key \
                        are no longer in one shard, so their order is lost, and a reader that wants them all must read every \
                        salted key. On the local target the limits are dslab's model (the admin control kinesis/limits, \
                        switched on for the run): token buckets holding one second of quota, so a burst over a shard's \
                        second is throttled even when the average rate is lower.""",
                List.of(KinesisOrderingExperiment.QUOTAS, RESHARDING, KinesisOrderingExperiment.PUT_RECORDS, KinesisOrderingExperiment.KEY_CONCEPTS,
                        HOT_SHARD),
                Duration.ofSeconds(30), Set.of("local", "aws"),
                Optional.of(new Prediction("With the default load (up to 2,000 records per second, 90 % of them under one key), what "
                        + "share of all records will the stream throttle in the skewed phase?", "throttled-percent-skewed", List.of(
                                new Prediction.Choice("none: the stream has four shards, plenty of capacity", 0, 1),
                                new Prediction.Choice("a few, 1 to 10 %", 1, 10),
                                new Prediction.Choice("10 to 40 %", 10, 40),
                                new Prediction.Choice("more than 40 %", 40, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(120));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.duration("phase", "8s", "2s", "30s", "how long each phase (skewed, salted) writes"),
                ParameterSpec.integer("shards", 4, 2, 8, "shards of the run's stream"),
                ParameterSpec.integer("rate", 2000, 100, 10000, "records per second offered, in total"),
                ParameterSpec.integer("hot-share", 90, 0, 100, "percent of the records under the hot key"),
                ParameterSpec.integer("salt-buckets", 16, 2, 64, "suffixes the salted phase spreads the hot key over"),
                ParameterSpec.integer("producers", 8, 1, 16, "producer clients, each offering its share of the rate; they start together"),
                ParameterSpec.integer("batch-size", 250, 1, 500, "records per PutRecords call"),
                ParameterSpec.integer("record-size", 100, 1, 10000, "bytes of data per record"),
                ParameterSpec.integer("cold-keys", 100, 1, 10000, "other partition keys, chosen at random for the rest of the records"));
    }

    /** What one phase saw, per shard. Thread-safe. */
    static final class PhaseCounts {
        final Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> throttled = new ConcurrentHashMap<>();
        final AtomicLong failedCalls = new AtomicLong();
        /** What the local target counted for the phase (its kinesis/limits counters), when it has them. */
        Map<String, long[]> targetCounts;
        final Map<Integer, long[]> windows = new ConcurrentHashMap<>();
        volatile long startNanos;
        volatile long endNanos;

        void count(String shard, boolean wasThrottled, long atNanos) {
            (wasThrottled ? throttled : accepted).computeIfAbsent(shard, s -> new AtomicLong()).incrementAndGet();
            long[] window = windows.computeIfAbsent((int) (atNanos / (WINDOW_SECONDS * 1e9)), w -> new long[2]);
            synchronized (window) {
                window[wasThrottled ? 1 : 0]++;
            }
        }

        long total(Map<String, AtomicLong> counts) {
            return counts.values().stream().mapToLong(AtomicLong::get).sum();
        }

        double seconds() {
            return Math.max(1e-9, (endNanos - startNanos) / 1e9);
        }
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        if (context.model().isPresent()) {
            context.changeModel("kinesis/limits", Map.of("enabled", true));
        }
        int producers = p.integer("producers");
        int batchSize = p.integer("batch-size");
        double perProducerRate = (double) p.integer("rate") / producers;
        double hotShare = p.integer("hot-share") / 100.0;
        int saltBuckets = p.integer("salt-buckets");
        int coldKeys = p.integer("cold-keys");
        SdkBytes data = SdkBytes.fromByteArray(new byte[p.integer("record-size")]);
        Duration phase = Duration.ofMillis(Math.round(p.millis("phase")));
        HistoryRecorder history = context.history();
        Map<String, PhaseCounts> phases = new TreeMap<>();
        List<String> shardIds;
        // a batch of hundreds of records may take seconds on a busy local target: wait for its answer rather than
        // count a slow call as failed
        try (KinesisClient kinesis = context.target().kinesis(BATCH_TIMEOUT);
             RunStream stream = RunStream.create(context, kinesis, p.integer("shards"))) {
            ShardMap shardMap = new ShardMap(stream.shards());
            shardIds = stream.shards().stream().map(shard -> shard.shardId()).toList();
            for (String name : PHASES) {
                boolean salted = name.equals("salted");
                PhaseCounts counts = new PhaseCounts();
                phases.put(name, counts);
                context.progress().note(name + " phase: " + Math.round(hotShare * 100) + " % of the records under the hot key"
                        + (salted ? ", salted over " + saltBuckets + " suffixes" : ""));
                long[] due = new long[producers];
                Map<String, long[]> countersBefore = targetCounters(context, stream.name());
                counts.startNanos = history.now();
                Clients.run(context, name + " phase", producers, phase, (client, random) -> {
                    List<String> keys = new ArrayList<>(batchSize);
                    List<PutRecordsRequestEntry> entries = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        String key = random.nextDouble() < hotShare
                                ? (salted ? HOT_KEY + "#" + random.nextInt(saltBuckets) : HOT_KEY)
                                : "cold-" + random.nextInt(coldKeys);
                        keys.add(key);
                        entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(data).build());
                    }
                    HistoryRecorder.Pending op = history.invoke(client, "put-records", name, Integer.toString(batchSize), null, name);
                    try {
                        PutRecordsResponse response = kinesis.putRecords(request -> request.streamName(stream.name()).records(entries));
                        long at = history.now();
                        for (int i = 0; i < keys.size(); i++) {
                            PutRecordsResultEntry result = response.records().get(i);
                            boolean throttled = KinesisErrors.THROTTLED.equals(result.errorCode());
                            counts.count(result.errorCode() == null ? result.shardId() : shardMap.shardOf(keys.get(i)), throttled, at);
                        }
                        op.ok(response.failedRecordCount() + " of " + keys.size() + " throttled");
                    } catch (SdkException failure) {
                        counts.failedCalls.incrementAndGet();
                        if (KinesisErrors.mayHaveApplied(failure)) {
                            op.indeterminate(KinesisErrors.describe(failure));
                        } else {
                            op.fail(KinesisErrors.describe(failure));
                        }
                    }
                    due[client] = Math.max(due[client], history.now() - 1_000_000_000L) + Math.round(batchSize * 1e9 / perProducerRate);
                    long pause = due[client] - history.now();
                    if (pause > 0) {
                        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
                    }
                    return true;
                });
                counts.endNanos = history.now();
                Map<String, long[]> countersAfter = targetCounters(context, stream.name());
                if (countersBefore != null && countersAfter != null) {
                    counts.targetCounts = new TreeMap<>();
                    countersAfter.forEach((shard, after) -> {
                        long[] before = countersBefore.getOrDefault(shard, new long[2]);
                        counts.targetCounts.put(shard, new long[] {after[0] - before[0], after[1] - before[1]});
                    });
                }
            }
        }
        return analyse(phases, shardIds);
    }

    /**
     * The local target's own per-shard counters of the stream (records accepted, records throttled), or null
     * without model controls. They count every record the front decided on, including those of a call whose
     * answer the producer did not wait for.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, long[]> targetCounters(RunContext context, String stream) {
        if (context.model().isEmpty()) {
            return null;
        }
        Map<String, long[]> counters = new TreeMap<>();
        Object shards = context.model().get().read("kinesis/limits").get("shards");
        if (shards instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> shard && stream.equals(shard.get("stream"))) {
                    counters.put(String.valueOf(shard.get("shardId")), new long[] {
                            ((Number) ((Map<String, Object>) shard).getOrDefault("putsAccepted", 0)).longValue(),
                            ((Number) ((Map<String, Object>) shard).getOrDefault("putsThrottled", 0)).longValue()});
                }
            }
        }
        return counters;
    }

    ExperimentResult analyse(Map<String, PhaseCounts> phases, List<String> shardIds) {
        List<Observation> observations = new ArrayList<>();
        List<Chart.Point> acceptedRate = new ArrayList<>();
        List<Chart.Point> throttledRate = new ArrayList<>();
        List<Chart.Series> perShard = new ArrayList<>();
        Map<String, Double> throttledPercent = new TreeMap<>();
        for (int index = 0; index < PHASES.size(); index++) {
            String name = PHASES.get(index);
            PhaseCounts counts = phases.get(name);
            long accepted = counts.total(counts.accepted);
            long throttled = counts.total(counts.throttled);
            double percent = Numbers.percent(throttled, accepted + throttled);
            throttledPercent.put(name, percent);
            String busiest = shardIds.stream().max((a, b) -> Long.compare(load(counts, a), load(counts, b))).orElse("none");
            observations.add(new Observation("offered-" + name, name + ": records offered per second",
                    (accepted + throttled) / counts.seconds(), "records/s"));
            observations.add(new Observation("accepted-" + name, name + ": records accepted per second", accepted / counts.seconds(), "records/s"));
            observations.add(new Observation("throttled-" + name, name + ": records throttled", throttled, ""));
            observations.add(new Observation("throttled-percent-" + name, name + ": share of records throttled", percent, "%"));
            observations.add(new Observation("busiest-shard-share-" + name, name + ": share of the records offered to the busiest shard",
                    Numbers.percent(load(counts, busiest), accepted + throttled), "%"));
            observations.add(new Observation("busiest-shard-accepted-" + name, name + ": records accepted per second by the busiest shard",
                    get(counts.accepted, busiest) / counts.seconds(), "records/s"));
            observations.add(new Observation("failed-calls-" + name, name + ": PutRecords calls without an answer or refused as a whole",
                    counts.failedCalls.get(), ""));
            if (counts.targetCounts != null) {
                long targetAccepted = counts.targetCounts.values().stream().mapToLong(values -> values[0]).sum();
                long targetThrottled = counts.targetCounts.values().stream().mapToLong(values -> values[1]).sum();
                observations.add(new Observation("target-throttled-" + name, name + ": records throttled, as the local target counted them",
                        targetThrottled, ""));
                observations.add(new Observation("target-throttled-percent-" + name, name + ": share throttled, as the local target counted",
                        Numbers.percent(targetThrottled, targetAccepted + targetThrottled), "%"));
                percent = Math.max(percent, Numbers.percent(targetThrottled, targetAccepted + targetThrottled));
                throttledPercent.put(name, percent);
            }
            acceptedRate.add(new Chart.Point(index, accepted / counts.seconds(), name));
            throttledRate.add(new Chart.Point(index, throttled / counts.seconds(), name));
            List<Chart.Point> acceptedByShard = new ArrayList<>();
            List<Chart.Point> throttledByShard = new ArrayList<>();
            for (int s = 0; s < shardIds.size(); s++) {
                acceptedByShard.add(new Chart.Point(s, get(counts.accepted, shardIds.get(s)) / counts.seconds(), ShardMap.label(shardIds.get(s))));
                throttledByShard.add(new Chart.Point(s, get(counts.throttled, shardIds.get(s)) / counts.seconds(),
                        ShardMap.label(shardIds.get(s))));
            }
            perShard.add(new Chart.Series(name + " accepted", acceptedByShard));
            perShard.add(new Chart.Series(name + " throttled", throttledByShard));
        }
        double skewed = throttledPercent.get("skewed");
        double salted = throttledPercent.get("salted");
        List<Check> checks = List.of(
                new Check("per-shard write limit", "skewed keys", skewed > 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        skewed > 0 ? Numbers.format(skewed) + " % of the records throttled, on the hot key's shard"
                                : "no record throttled: the hot shard stayed under its limit (is the offered rate reached?)"),
                new Check("salting spreads the load", "salted vs. skewed", salted < skewed ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        Numbers.format(salted) + " % throttled salted, " + Numbers.format(skewed) + " % skewed"));
        List<Chart> charts = List.of(
                new Chart("throughput-and-throttles", "Records per second accepted and throttled, skewed vs. salted keys", Chart.Kind.BAR,
                        "phase", "records per second", List.of(new Chart.Series("accepted", acceptedRate), new Chart.Series("throttled", throttledRate))),
                new Chart("per-shard", "Records per second per shard, accepted and throttled", Chart.Kind.BAR, "shard", "records per second",
                        perShard),
                timeline(phases));
        return new ExperimentResult(observations, checks, charts, Map.of());
    }

    private static Chart timeline(Map<String, PhaseCounts> phases) {
        Map<Integer, long[]> all = new TreeMap<>();
        phases.values().forEach(counts -> counts.windows.forEach((window, values) -> all.merge(window, values.clone(),
                (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]})));
        List<Chart.Point> accepted = new ArrayList<>();
        List<Chart.Point> throttled = new ArrayList<>();
        all.forEach((window, values) -> {
            accepted.add(Chart.Point.of(window * WINDOW_SECONDS, values[0] / WINDOW_SECONDS));
            throttled.add(Chart.Point.of(window * WINDOW_SECONDS, values[1] / WINDOW_SECONDS));
        });
        return new Chart("timeline", "Accepted and throttled records per second over the run (skewed phase, then salted)", Chart.Kind.TIMELINE,
                "seconds since the run started", "records per second", List.of(new Chart.Series("accepted", accepted),
                new Chart.Series("throttled", throttled)));
    }

    private static long get(Map<String, AtomicLong> counts, String shard) {
        AtomicLong count = counts.get(shard);
        return count == null ? 0 : count.get();
    }

    private static long load(PhaseCounts counts, String shard) {
        return get(counts.accepted, shard) + get(counts.throttled, shard);
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::throttledSkewed, this::splitHotShard, this::saltingCost, this::busiestShard);
    }

    private Optional<Question> throttledSkewed(RunSummary run) {
        Optional<Double> value = run.observations().value("throttled-percent-skewed");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-hot-shard.throttled",
                "In your run " + run.runId() + ", with " + run.parameters().get("hot-share") + " % of the records under one partition key, "
                        + "what percentage of all records did the stream throttle?",
                List.of(), new AnswerKey.Numeric(Math.round(value.get()), Math.max(3, value.get() * 0.15), "%"),
                "Your run: " + Numbers.format(value.get()) + " % (salted: " + run.observations().value("throttled-percent-salted")
                        .map(Numbers::format).orElse("n/a") + " %). Every record of the hot key goes to the same shard, whose limit is 1,000 "
                        + "records or 1 MB per second; the rest of its load is rejected with ProvisionedThroughputExceededException while "
                        + "the other shards have room.",
                List.of(KinesisOrderingExperiment.QUOTAS, KinesisOrderingExperiment.KEY_CONCEPTS), Difficulty.EASY, List.of("kinesis", "throughput"),
                "What would you put in the producer to survive short bursts over the limit?"));
    }

    private Optional<Question> splitHotShard(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-hot-shard.split",
                "The hot shard in your run was throttled. Would splitting it (SplitShard, or UpdateShardCount to twice the shards) have "
                        + "stopped the throttling, with the keys unchanged?",
                List.of("Yes: the hot shard's load is divided between its two children",
                        "No: one partition key hashes to a single point, so all of the hot key's records still go to one child shard",
                        "Yes, but only after the parent shard's records expire",
                        "No: Kinesis does not allow splitting a shard that is being throttled"),
                new AnswerKey.SingleChoice(1),
                "A split divides a shard's hash key range between two children. The MD5 hash of one partition key is one number, in one "
                        + "child's range, so a single hot key keeps hitting one shard's limit. Splitting helps when many keys share a hot "
                        + "shard; a single hot key needs a different key (salting) or less traffic.",
                List.of(RESHARDING, KinesisOrderingExperiment.KEY_CONCEPTS), Difficulty.MEDIUM, List.of("kinesis", "resharding", "throughput"),
                "When is splitting the right fix, and what must a consumer do when a shard is split?"));
    }

    private Optional<Question> saltingCost(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-hot-shard.salting-cost",
                "Salting the hot key (hot#0 .. hot#N-1) removed the throttling in your run. What did it cost?",
                List.of("Records of the hot key are no longer read in the order written: they are spread over several shards",
                        "A consumer that needs all of the hot key's records must read and merge every salted key",
                        "The stream's total write capacity went down",
                        "Each salted record is stored twice"),
                new AnswerKey.MultipleChoice(Set.of(0, 1)),
                "Order in Kinesis is per shard; salted records of one logical key land on different shards, so their relative order is "
                        + "lost and consumers must merge them (by a timestamp or sequence in the data, if order matters). Capacity is "
                        + "unchanged and nothing is stored twice.",
                List.of(KinesisOrderingExperiment.KEY_CONCEPTS, HOT_SHARD), Difficulty.MEDIUM, List.of("kinesis", "partitioning", "ordering"),
                "How would you salt a key whose events must stay ordered per user?"));
    }

    private Optional<Question> busiestShard(RunSummary run) {
        Optional<Double> accepted = run.observations().value("busiest-shard-accepted-skewed");
        if (accepted.isEmpty() || run.observations().value("throttled-skewed").orElse(0.0) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-hot-shard.busiest",
                "In the skewed phase of your run, about how many records per second did the hot key's shard accept?",
                List.of(), new AnswerKey.Numeric(Math.round(accepted.get()), Math.max(100, accepted.get() * 0.15), "records/s"),
                "Your run: " + Numbers.format(accepted.get()) + " records/s. A shard accepts up to 1,000 records per second (or 1 MB/s); "
                        + "whatever the producers offer beyond that on one shard is throttled.",
                List.of(KinesisOrderingExperiment.QUOTAS), Difficulty.EASY, List.of("kinesis", "throughput"),
                "How many shards would a stream need for 50,000 records per second of 2 KB each, with evenly spread keys?"));
    }
}
