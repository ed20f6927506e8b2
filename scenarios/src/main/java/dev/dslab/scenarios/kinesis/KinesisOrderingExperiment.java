package dev.dslab.scenarios.kinesis;

import static dev.dslab.scenarios.engine.Numbers.percentile;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.check.Operation.Outcome;
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
import dev.dslab.scenarios.history.RecordedOp;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Producers write records under their own partition keys through PutRecord and PutRecords, retrying puts
 * that time out; a consumer reads every shard with GetRecords. The checker shows order kept within each key
 * and not across keys, and counts the duplicates the retries leave and the gaps where a producer gave up.
 */
public final class KinesisOrderingExperiment implements Experiment {

    static final Source KEY_CONCEPTS = new Source("Amazon Kinesis Data Streams Developer Guide: Terminology and concepts "
            + "(shards, partition keys, sequence numbers)", "https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html");
    static final Source PUT_RECORD = new Source("Amazon Kinesis Data Streams API Reference: PutRecord",
            "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html");
    static final Source PUT_RECORDS = new Source("Amazon Kinesis Data Streams API Reference: PutRecords",
            "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html");
    static final Source DUPLICATES = new Source("Amazon Kinesis Data Streams Developer Guide: Handle duplicate records",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-record-processor-duplicates.html");
    static final Source QUOTAS = new Source("Amazon Kinesis Data Streams Developer Guide: Quotas and limits",
            "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html");

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
    /** How long a producer waits for an answer the network "lost": the request is sent in full, the answer ignored. */
    private static final Duration ANSWER_LOST = Duration.ofMillis(1);

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("kinesis-ordering",
                "What order a Kinesis consumer sees records in, and where duplicates and gaps come from",
                "Records with the same partition key are read in the order they were written, because a key maps to one shard and "
                        + "a shard is an ordered log. Records with different keys are not: the consumer reads shards independently, in "
                        + "batches, so a record is often read after one written later on another shard. Retries of puts that timed out "
                        + "leave duplicates; a producer that gives up leaves a gap.",
                """
                        A Kinesis data stream is a set of shards. PutRecord and PutRecords hash each record's partition key (MD5) \
                        to a 128-bit number; the shard whose hash key range holds it stores the record and gives it a sequence \
                        number that increases within the shard. So all records of one partition key are in one shard, in the \
                        order they arrived, and a consumer reading that shard gets them in that order. There is no order across \
                        shards: each shard is read with its own iterator, in batches of up to 10,000 records, at most five \
                        GetRecords calls per second per shard.

                        This experiment creates a stream of its own for the run (the sandbox stream's name plus the run id, \
                        deleted at the end). Producers own their partition keys and write one record at a time with PutRecord \
                        or in batches with PutRecords; a put that gets no answer (a timeout, a dropped connection) may or may not have been \
                        written, so the producer sends it again (up to max-attempts), exactly the situation the Developer Guide \
                        describes for producer retries: two copies with different sequence numbers. The run makes such \
                        answers go missing on purpose: lost-answers percent of the attempts are sent by a client that stops \
                        listening once its request is out, as if the network had dropped the answer. One consumer reads \
                        every shard from TRIM_HORIZON, one GetRecords of at most batch-limit records per shard in turn, every \
                        poll-interval; it starts consumer-delay after the producers, as a consumer catching up after a restart \
                        or a deploy does, so it reads backlogs shard by shard. The checker calls two records out of order when one \
                        was acknowledged before the other was first sent, yet the consumer read the later one first.

                        PutRecords is not ordered within its batch by contract: the API reference says to use PutRecord when \
                        records must be read in the order written, and a batch whose failed records are retried in the next \
                        call puts them behind later ones. PutRecord's SequenceNumberForOrdering gives strictly increasing \
                        sequence numbers for one key from one client.""",
                List.of(KEY_CONCEPTS, PUT_RECORD, PUT_RECORDS, DUPLICATES, QUOTAS),
                Duration.ofSeconds(20), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("What share of the records will the consumer read after a record (of any key) that was written "
                        + "after them?", "overtaken-percent", List.of(
                                new Prediction.Choice("none: a stream is read in the order it was written", 0, 0.5),
                                new Prediction.Choice("a few, under 10 %", 0.5, 10),
                                new Prediction.Choice("10 to 50 %", 10, 50),
                                new Prediction.Choice("more than half", 50, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(150));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.duration("duration", "8s", "1s", "60s", "how long the producers write"),
                ParameterSpec.integer("shards", 2, 1, 8, "shards of the run's stream"),
                ParameterSpec.integer("producers", 4, 1, 16, "producer clients; even ones use PutRecord, odd ones PutRecords (api=mixed)"),
                ParameterSpec.integer("keys-per-producer", 2, 1, 8, "partition keys each producer owns"),
                ParameterSpec.integer("rate", 40, 1, 400, "records per second each producer writes"),
                ParameterSpec.choice("api", "mixed", List.of("mixed", "putrecord", "putrecords"), "which put API the producers use"),
                ParameterSpec.integer("batch-size", 5, 1, 100, "records per PutRecords call"),
                ParameterSpec.decimal("lost-answers", 5, 0, 50,
                        "percent of put attempts whose answer the producer never gets (as if the network dropped it): it sends them again"),
                ParameterSpec.integer("max-attempts", 3, 1, 10, "attempts per record before the producer gives up on it (a gap)"),
                ParameterSpec.duration("consumer-delay", "2s", "0ms", "30s",
                        "the consumer starts this long after the producers, as one catching up after a restart does"),
                ParameterSpec.integer("batch-limit", 100, 1, 10000, "records per GetRecords call at most (Limit)"),
                ParameterSpec.duration("poll-interval", "250ms", "200ms", "5s",
                        "pause between two rounds of GetRecords over the shards (5 calls per second per shard are allowed)"));
    }

    /** One record a producer is writing. */
    private record Pending(String recordId, String partitionKey) {
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        int producers = p.integer("producers");
        int keysPerProducer = p.integer("keys-per-producer");
        int rate = p.integer("rate");
        int batchSize = p.integer("batch-size");
        int maxAttempts = p.integer("max-attempts");
        String api = p.choice("api");
        long pollMillis = Math.round(p.millis("poll-interval"));
        long writeNanos = Math.round(p.millis("duration") * 1e6);
        double lostAnswers = p.decimal("lost-answers") / 100;
        HistoryRecorder history = context.history();
        StreamHistory records = new StreamHistory();
        AtomicLong getRecordsThrottled = new AtomicLong();
        try (KinesisClient control = context.target().kinesis(); KinesisClient answerless = context.target().kinesis(ANSWER_LOST);
             RunStream stream = RunStream.create(context, control, p.integer("shards"))) {
            int shards = stream.shards().size();
            long[] written = new long[producers];
            long[] due = new long[producers];
            Consumer consumer = new Consumer(shards);
            long consumerStart = history.now() + Math.round(p.millis("consumer-delay") * 1e6);
            int batchLimit = p.integer("batch-limit");
            AtomicInteger producing = new AtomicInteger(producers);
            long writeEnd = history.now() + writeNanos;
            Producer producer = new Producer(history, records, control, answerless, lostAnswers, stream.name(), maxAttempts);
            Duration bound = Duration.ofNanos(Math.max(writeNanos, Math.round(p.millis("consumer-delay") * 1e6))).plus(DRAIN_LIMIT);
            Clients.run(context, "producers and consumer", producers + 1, bound, (client, random) -> {
                if (client < producers) {
                    if (history.now() >= writeEnd) {
                        producing.decrementAndGet();
                        return false;
                    }
                    boolean batch = api.equals("putrecords") || (api.equals("mixed") && client % 2 == 1);
                    List<Pending> next = new ArrayList<>();
                    for (int i = 0; i < (batch ? batchSize : 1); i++) {
                        next.add(new Pending(String.format(Locale.ROOT, "p%d-%05d", client, written[client]++),
                                "p" + client + "-k" + random.nextInt(keysPerProducer)));
                    }
                    if (batch) {
                        producer.putRecords(client, next, random);
                    } else {
                        producer.putRecord(client, next.get(0), random);
                    }
                    due[client] = Math.max(due[client], history.now() - 1_000_000_000L) + next.size() * 1_000_000_000L / rate;
                    long pause = due[client] - history.now();
                    if (pause > 0) {
                        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
                    }
                    return true;
                }
                if (history.now() < consumerStart) {
                    Thread.sleep(Math.min(pollMillis, (consumerStart - history.now()) / 1_000_000 + 1));
                    return true;
                }
                boolean more = consumeRound(context, client, control, stream, consumer, producing, records, getRecordsThrottled, batchLimit);
                if (more) {
                    Thread.sleep(pollMillis);
                }
                return more;
            });
        }
        return analyse(records.check(), records, history.operations(), getRecordsThrottled.get());
    }

    /** The consumer's state: one iterator per shard, and how many quiet rounds it has seen since the producers stopped. */
    private static final class Consumer {
        final String[] iterators;
        final boolean[] closed;
        int quietRounds;

        Consumer(int shards) {
            iterators = new String[shards];
            closed = new boolean[shards];
        }
    }

    /**
     * One round of the consumer: one GetRecords on every shard in turn, as a single consumer reading all shards
     * does. False when every shard is drained after the producers stopped (two quiet rounds in a row).
     */
    private static boolean consumeRound(RunContext context, int client, KinesisClient kinesis, RunStream stream, Consumer consumer,
                                        AtomicInteger producing, StreamHistory records, AtomicLong throttled, int limit)
            throws InterruptedException {
        // every put acknowledged before this moment is in its shard by the time this round's GetRecords answer
        boolean producersDone = producing.get() == 0;
        boolean quiet = true;
        for (int shard = 0; shard < stream.shards().size(); shard++) {
            if (consumer.closed[shard]) {
                continue;
            }
            String shardId = stream.shards().get(shard).shardId();
            HistoryRecorder history = context.history();
            if (consumer.iterators[shard] == null) {
                HistoryRecorder.Pending op = history.invoke(client, "get-shard-iterator", shardId, null, null, null);
                try {
                    consumer.iterators[shard] = kinesis.getShardIterator(request -> request.streamName(stream.name()).shardId(shardId)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                    op.ok(ShardIteratorType.TRIM_HORIZON.toString());
                } catch (SdkException failure) {
                    op.fail(KinesisErrors.describe(failure));
                    quiet = false;
                    continue;
                }
            }
            String iterator = consumer.iterators[shard];
            HistoryRecorder.Pending op = history.invoke(client, "get-records", shardId, null, null, null);
            GetRecordsResponse response;
            try {
                response = kinesis.getRecords(request -> request.shardIterator(iterator).limit(limit));
            } catch (SdkException failure) {
                if (KinesisErrors.throttled(failure)) {
                    throttled.incrementAndGet();
                }
                op.fail(KinesisErrors.describe(failure));
                quiet = false;
                continue;
            }
            long readAt = history.now();
            List<Delivery> batch = new ArrayList<>();
            for (Record record : response.records()) {
                batch.add(new Delivery(record.data().asString(StandardCharsets.UTF_8), record.partitionKey(), shardId,
                        record.sequenceNumber(), readAt));
            }
            records.delivered(batch);
            op.ok(Integer.toString(batch.size()));
            consumer.iterators[shard] = response.nextShardIterator();
            consumer.closed[shard] = response.nextShardIterator() == null;
            quiet &= batch.isEmpty() && (response.millisBehindLatest() == null || response.millisBehindLatest() == 0);
        }
        consumer.quietRounds = producersDone && quiet ? consumer.quietRounds + 1 : 0;
        return consumer.quietRounds < 2;
    }

    /**
     * Puts records the way a careful producer does: retry what was not acknowledged, back off when throttled.
     * A share of attempts goes through a client that stops listening as soon as the request is sent, so their
     * answers are lost as on a flaky network, whatever the target's latency.
     */
    private record Producer(HistoryRecorder history, StreamHistory records, KinesisClient kinesis, KinesisClient answerless,
                            double lostAnswers, String stream, int maxAttempts) {

        private KinesisClient client(Random random) {
            return random.nextDouble() < lostAnswers ? answerless : kinesis;
        }

        void putRecord(int client, Pending record, Random random) throws InterruptedException {
            for (int attempt = 1; attempt <= maxAttempts; attempt++) {
                HistoryRecorder.Pending op = history.invoke(client, "put", record.partitionKey(), record.recordId(), null, "PutRecord");
                try {
                    PutRecordResponse response = client(random).putRecord(request -> request.streamName(stream).partitionKey(record.partitionKey())
                            .data(SdkBytes.fromUtf8String(record.recordId())));
                    RecordedOp done = op.ok(record.recordId());
                    records.put(Put.ok(record.recordId(), record.partitionKey(), done.invokeNanos(), done.completeNanos(), response.shardId(),
                            response.sequenceNumber()));
                    return;
                } catch (SdkException failure) {
                    boolean mayHaveApplied = KinesisErrors.mayHaveApplied(failure);
                    RecordedOp done = mayHaveApplied ? op.indeterminate(KinesisErrors.describe(failure)) : op.fail(KinesisErrors.describe(failure));
                    records.put(Put.notAcknowledged(record.recordId(), record.partitionKey(), done.invokeNanos(), done.completeNanos(),
                            done.outcome()));
                    if (!mayHaveApplied) {
                        backOff(attempt, random);
                    }
                }
            }
        }

        void putRecords(int client, List<Pending> batch, Random random) throws InterruptedException {
            List<Pending> remaining = batch;
            for (int attempt = 1; attempt <= maxAttempts && !remaining.isEmpty(); attempt++) {
                List<HistoryRecorder.Pending> ops = new ArrayList<>();
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                for (Pending record : remaining) {
                    ops.add(history.invoke(client, "put", record.partitionKey(), record.recordId(), null, "PutRecords"));
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(record.partitionKey())
                            .data(SdkBytes.fromUtf8String(record.recordId())).build());
                }
                List<Pending> retry = new ArrayList<>();
                boolean throttled = false;
                try {
                    PutRecordsResponse response = client(random).putRecords(request -> request.streamName(stream).records(entries));
                    for (int i = 0; i < remaining.size(); i++) {
                        Pending record = remaining.get(i);
                        PutRecordsResultEntry result = response.records().get(i);
                        RecordedOp done;
                        if (result.errorCode() == null) {
                            done = ops.get(i).ok(record.recordId());
                            records.put(Put.ok(record.recordId(), record.partitionKey(), done.invokeNanos(), done.completeNanos(),
                                    result.shardId(), result.sequenceNumber()));
                            continue;
                        }
                        // ProvisionedThroughputExceededException wrote nothing; InternalFailure does not say
                        boolean rejected = KinesisErrors.THROTTLED.equals(result.errorCode());
                        throttled |= rejected;
                        done = rejected ? ops.get(i).fail(result.errorCode()) : ops.get(i).indeterminate(result.errorCode());
                        records.put(Put.notAcknowledged(record.recordId(), record.partitionKey(), done.invokeNanos(), done.completeNanos(),
                                done.outcome()));
                        retry.add(record);
                    }
                } catch (SdkException failure) {
                    boolean mayHaveApplied = KinesisErrors.mayHaveApplied(failure);
                    throttled = !mayHaveApplied;
                    for (int i = 0; i < remaining.size(); i++) {
                        Pending record = remaining.get(i);
                        RecordedOp done = mayHaveApplied ? ops.get(i).indeterminate(KinesisErrors.describe(failure))
                                : ops.get(i).fail(KinesisErrors.describe(failure));
                        records.put(Put.notAcknowledged(record.recordId(), record.partitionKey(), done.invokeNanos(), done.completeNanos(),
                                done.outcome()));
                    }
                    retry.addAll(remaining);
                }
                remaining = retry;
                if (throttled) {
                    backOff(attempt, random);
                }
            }
        }

        /** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"), from 50 ms. */
        private static void backOff(int attempt, Random random) throws InterruptedException {
            Thread.sleep(random.nextInt(1 + (50 << Math.min(attempt - 1, 5))));
        }
    }

    ExperimentResult analyse(StreamReport report, StreamHistory records, List<RecordedOp> history, long getRecordsThrottled) {
        double overtakenPercent = Numbers.percent(report.globalOvertaken(), report.recordsDelivered());
        double[] readLatencies = readLatencies(records);
        double[] putLatencies = records.puts().stream().filter(put -> put.outcome() == Outcome.OK)
                .mapToDouble(put -> (put.completeNanos() - put.invokeNanos()) / 1e6).sorted().toArray();
        List<Observation> observations = List.of(
                new Observation("records-written", "records the producers wrote (distinct, retries not counted)", report.records(), ""),
                new Observation("records-acknowledged", "records acknowledged by the stream", report.acknowledged(), ""),
                new Observation("put-attempts-indeterminate", "put attempts without an answer in time (retried)", report.indeterminateAttempts(), ""),
                new Observation("put-attempts-rejected", "put attempts rejected (throttled or invalid; retried)", report.failedAttempts(), ""),
                new Observation("records-read", "records the consumer read (duplicates included)", report.deliveries(), ""),
                new Observation("out-of-order-within-keys", "out-of-order pairs within a partition key", report.keyOutOfOrder(), ""),
                new Observation("out-of-order-global", "out-of-order pairs across keys (global order)", report.globalOutOfOrder(), ""),
                new Observation("overtaken-percent", "records read after a record written after them", overtakenPercent, "%"),
                new Observation("duplicates", "duplicate reads", report.duplicates(), ""),
                new Observation("producer-duplicates", "duplicates from producer retries (two copies in the stream)", report.producerDuplicates(), ""),
                new Observation("re-reads", "the same copy read twice by the consumer", report.redeliveries(), ""),
                new Observation("gaps", "gaps: records given up on while a later record of their key was read", report.gaps(), ""),
                new Observation("lost", "acknowledged records never read", report.lost(), ""),
                new Observation("unexpected", "records read that no producer wrote", report.unexpected(), ""),
                new Observation("read-latency-p50-ms", "median time from acknowledgement to read", percentile(readLatencies, 0.5), "ms"),
                new Observation("read-latency-p99-ms", "99th percentile time from acknowledgement to read", percentile(readLatencies, 0.99), "ms"),
                new Observation("put-latency-p50-ms", "median time to an acknowledged put", percentile(putLatencies, 0.5), "ms"),
                new Observation("put-latency-p99-ms", "99th percentile time to an acknowledged put", percentile(putLatencies, 0.99), "ms"),
                new Observation("get-records-throttled", "GetRecords calls throttled", getRecordsThrottled, ""));
        long keys = report.outOfOrderByKey().size();
        List<Check> checks = List.of(
                new Check("order", "within each partition key", report.keyOutOfOrder() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        report.keyOutOfOrder() == 0 ? keys + " keys, " + report.recordsDelivered() + " records read in the order written"
                                : Numbers.format(report.keyOutOfOrder()) + " pairs out of order; first: " + report.keyExamples().get(0)),
                new Check("order", "across keys (global)", report.globalOutOfOrder() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        report.globalOutOfOrder() == 0 ? "every record read in the order written"
                                : Numbers.format(report.globalOutOfOrder()) + " pairs out of order; e.g. " + report.globalExample()),
                new Check("no acknowledged record lost", "every shard", report.lost() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        report.lost() == 0 ? report.acknowledged() + " acknowledged records all read"
                                : report.lost() + " acknowledged records never read, e.g. " + String.join(", ", report.lostExamples())),
                new Check("sequence numbers increase", "within each shard", report.shardOrderViolations() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        report.shardOrderViolations() + " records read with a sequence number below one read before from their shard"));
        return new ExperimentResult(observations, checks, List.of(orderChart(report), ShardTimeline.of(records, "read"), deliveryChart(report)),
                marks(report, records, history));
    }

    private static Chart orderChart(StreamReport report) {
        List<Chart.Point> points = new ArrayList<>();
        int x = 0;
        for (Map.Entry<String, Long> key : report.outOfOrderByKey().entrySet()) {
            points.add(new Chart.Point(x++, key.getValue(), "key " + key.getKey()));
        }
        points.add(new Chart.Point(x, report.globalOutOfOrder(), "across all keys"));
        return new Chart("out-of-order-pairs", "Out-of-order pairs: within each partition key, and across keys", Chart.Kind.BAR,
                "partition key", "pairs read in the opposite order to the one written", List.of(new Chart.Series("pairs", points)));
    }

    private static Chart deliveryChart(StreamReport report) {
        return new Chart("delivery", "Beyond exactly once: duplicates, gaps and losses", Chart.Kind.BAR, "", "records", List.of(
                new Chart.Series("records", List.of(
                        new Chart.Point(0, report.producerDuplicates(), "duplicates from producer retries"),
                        new Chart.Point(1, report.redeliveries(), "re-reads by the consumer"),
                        new Chart.Point(2, report.gaps(), "gaps (producer gave up)"),
                        new Chart.Point(3, report.lost(), "acknowledged but never read")))));
    }

    /** Marks the put attempts behind duplicates and gaps, so the report's timeline shows where they came from. */
    private static Map<Long, String> marks(StreamReport report, StreamHistory records, List<RecordedOp> history) {
        Map<String, Long> reads = new HashMap<>();
        records.deliveries().forEach(delivery -> reads.merge(delivery.recordId(), 1L, Long::sum));
        Set<String> gaps = Set.copyOf(report.gapExamples());
        Map<Long, String> marks = new LinkedHashMap<>();
        for (RecordedOp op : history) {
            if (!op.f().equals("put") || op.value() == null) {
                continue;
            }
            long readCount = reads.getOrDefault(op.value(), 0L);
            if (op.outcome() == Outcome.INDETERMINATE && readCount > 1) {
                marks.put(op.index(), "no answer in time, so it was sent again: " + op.value() + " was read " + readCount + " times");
            } else if (gaps.contains(op.value())) {
                marks.put(op.index(), "given up on: a gap in key " + op.key());
            }
        }
        return marks;
    }

    private static double[] readLatencies(StreamHistory records) {
        Map<String, Long> acknowledged = new HashMap<>();
        for (Put put : records.puts()) {
            if (put.outcome() == Outcome.OK) {
                acknowledged.merge(put.recordId(), put.completeNanos(), Math::min);
            }
        }
        Map<String, Long> firstRead = new HashMap<>();
        records.deliveries().forEach(delivery -> firstRead.putIfAbsent(delivery.recordId(), delivery.readNanos()));
        return firstRead.entrySet().stream().filter(entry -> acknowledged.containsKey(entry.getKey()))
                .mapToDouble(entry -> Math.max(0, entry.getValue() - acknowledged.get(entry.getKey())) / 1e6).sorted().toArray();
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::overtaken, this::guarantees, this::duplicates, this::totalOrder);
    }

    private Optional<Question> overtaken(RunSummary run) {
        Optional<Double> value = run.observations().value("overtaken-percent");
        if (value.isEmpty() || run.observations().value("records-read").orElse(0.0) == 0) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-ordering.overtaken",
                "In your run " + run.runId() + " (" + run.parameters().get("shards") + " shards), what percentage of the records did the "
                        + "consumer read after a record that was written after them?",
                List.of(), new AnswerKey.Numeric(Math.round(value.get()), Math.max(3, value.get() * 0.15), "%"),
                "Your run: " + Numbers.format(value.get()) + " %, and " + run.observations().value("out-of-order-within-keys").map(Numbers::format)
                        .orElse("n/a") + " out-of-order pairs within a key. Each shard is an ordered log read with its own iterator, "
                        + "in batches; the consumer's view across shards interleaves those batches, so a record on one shard is often "
                        + "read after later records on another. Within a key (one shard) the order holds.",
                List.of(KEY_CONCEPTS), Difficulty.EASY, List.of("kinesis", "ordering"),
                "Your consumer must apply account events in order. How do you choose the partition key?"));
    }

    private Optional<Question> guarantees(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-ordering.guarantees",
                "Which of these does Kinesis Data Streams guarantee to a consumer reading a stream with GetRecords?",
                List.of("Records with the same partition key are read in the order the stream accepted them (while the stream is not resharded)",
                        "Records are read in the order they were written across the whole stream",
                        "Each record written is read exactly once",
                        "Every acknowledged record can be read until it expires from the stream (retention period)"),
                new AnswerKey.MultipleChoice(Set.of(0, 3)),
                "A partition key maps to one shard and sequence numbers increase within a shard, so per-key order holds; there is no "
                        + "order across shards. Delivery is at least once: producer retries write copies (your run read "
                        + run.observations().value("producer-duplicates").map(Numbers::format).orElse("n/a")
                        + " of them) and consumers that restart read records again.",
                List.of(KEY_CONCEPTS, DUPLICATES), Difficulty.MEDIUM, List.of("kinesis", "ordering", "delivery"),
                "What happens to per-key order when a shard is split while a consumer is reading?"));
    }

    private Optional<Question> duplicates(RunSummary run) {
        Optional<Double> indeterminate = run.observations().value("put-attempts-indeterminate");
        Optional<Double> duplicates = run.observations().value("producer-duplicates");
        if (indeterminate.isEmpty() || duplicates.isEmpty() || indeterminate.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-ordering.duplicates",
                "In your run " + run.runId() + ", " + Numbers.format(indeterminate.get()) + " put attempts got no answer (lost-answers "
                        + run.parameters().get("lost-answers") + " %) and were sent again. How many duplicate copies did the consumer read "
                        + "because of those retries?",
                List.of(), new AnswerKey.Numeric(duplicates.get(), Math.max(2, duplicates.get() * 0.1), "records"),
                "Your run: " + Numbers.format(duplicates.get()) + ". A put that times out may have been written: the answer was late or "
                        + "lost, not the record. Retrying it writes a second copy with its own sequence number; the stream cannot tell "
                        + "them apart. The Developer Guide's advice: put a unique id in the record and deduplicate when processing.",
                List.of(DUPLICATES, PUT_RECORD), Difficulty.MEDIUM, List.of("kinesis", "delivery", "idempotency"),
                "Why not let the producer skip the retry instead?"));
    }

    private Optional<Question> totalOrder(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-ordering.total-order",
                "A consumer needs every event of one customer in order, and may see each event more than once. How would you design "
                        + "the producer, the partition key and the consumer?",
                List.of(), new AnswerKey.Open(
                        "Use the customer id as the partition key so that all of a customer's events go to one shard, where they keep "
                                + "their order; write them with PutRecord (or SequenceNumberForOrdering) rather than relying on order within "
                                + "a PutRecords batch, whose failed entries are retried behind later ones. Give every event a unique id "
                                + "(or a per-customer version) and make the consumer idempotent: skip an id already applied, or apply only a "
                                + "version newer than the stored one, with a conditional write.",
                        List.of("the customer id (the entity needing order) is the partition key",
                                "order holds only within a shard, not across the stream",
                                "PutRecords retries can reorder records of a key; PutRecord or SequenceNumberForOrdering keeps order",
                                "a unique id or version per event lets the consumer drop duplicates (idempotent processing)")),
                "Order by key, not globally; deduplicate by id because delivery is at least once.",
                List.of(KEY_CONCEPTS, PUT_RECORD, PUT_RECORDS, DUPLICATES), Difficulty.HARD, List.of("kinesis", "ordering", "idempotency"),
                "How would a hot customer affect this design, and what would you do about it?"));
    }

}
