package dev.dslab.scenarios.kinesis;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.check.Operation.Outcome;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentException;
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
import dev.dslab.scenarios.kinesis.ShardLineage.Handoff;
import dev.dslab.scenarios.kinesis.StreamHistory.Delivery;
import dev.dslab.scenarios.kinesis.StreamHistory.Put;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A KCL worker consumes a stream of the run's own while the stream is resharded under it: a shard is split,
 * then its two children are merged again. The worker's report shows KCL finishing each parent (to its shard end)
 * before it reads any child, and the stream checker shows every partition key's order kept across both reshards.
 */
public final class KinesisReshardingExperiment implements Experiment {

    static final Source RESHARDING = new Source("Amazon Kinesis Data Streams Developer Guide: Reshard a stream "
            + "(split and merge; parent shards are closed, their records stay readable for the retention period)",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding.html");
    static final Source AFTER_RESHARDING = new Source("Amazon Kinesis Data Streams Developer Guide: Complete the resharding action "
            + "(wait for ACTIVE; data routing, data persistence and shard state after a reshard; read a parent to its end before its children)",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-after-resharding.html");
    static final Source KCL_RESHARDING = new Source("Amazon Kinesis Data Streams Developer Guide: Use resharding, scaling, and parallel "
            + "processing (how the KCL tracks shards in its lease table and adapts to resharding)",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-record-processor-scaling.html");
    static final Source SPLIT_API = new Source("Amazon Kinesis Data Streams API Reference: SplitShard",
            "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html");
    static final Source MERGE_API = new Source("Amazon Kinesis Data Streams API Reference: MergeShards",
            "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html");
    static final Source KCL_BLOCK = new Source("amazon-kinesis-client 3.5.1 source: BlockOnParentShardTask (a child waits until every "
            + "parent's lease is checkpointed at SHARD_END, looking again every parentShardPollIntervalMillis, 10 s by default)",
            "https://github.com/awslabs/amazon-kinesis-client/blob/master/amazon-kinesis-client/src/main/java/software/amazon/kinesis/lifecycle/BlockOnParentShardTask.java");

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WORKER_START = Duration.ofSeconds(90);
    private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("kinesis-resharding",
                "What a split and a merge do to a consumer: parents finished before children, per-key order kept, the shard lineage",
                "After a reshard the parent shard is closed but keeps its records; new records of its keys go to the children. A KCL "
                        + "worker reads each parent to its end and checkpoints it before it reads any child, so every partition key stays "
                        + "in order across the reshard, at the price of a short pause before the children are read.",
                """
                        Resharding changes how many shards a stream has. SplitShard divides one shard's hash key range in two at a \
                        hash key you choose; MergeShards joins two shards with adjacent ranges. Either way the shards you named \
                        become parents: they are closed (no new records, and reading one ends with the list of its children) \
                        but keep their records for the stream's retention period, while the new child shards take every record \
                        put from then on. The stream is UPDATING until the reshard is done, then ACTIVE again; ListShards names \
                        each child's parent (and a merge's adjacent parent), which is the lineage this experiment draws.

                        So right after a split, the records of one partition key are in two shards: the older ones in the \
                        parent, the newer ones in a child. A consumer that read the child as soon as it appeared would apply \
                        newer records of a key before older ones. The Developer Guide therefore says to read a parent until it is \
                        exhausted before reading its children. The Kinesis Client Library does this for you: when a worker \
                        reaches a parent's end it checkpoints the lease at SHARD_END and creates the children's leases; a \
                        child's consumer first checks that every parent's lease is at SHARD_END, and if not, waits \
                        parentShardPollIntervalMillis (10 s by default) and looks again. This holds whichever worker has the \
                        child, because the check reads the lease table.

                        This experiment creates a stream of its own (the sandbox stream's name plus the run id, deleted at the \
                        end), clears the sandbox's lease table, and starts one real KCL 3 worker process (kcl-consumers), which \
                        reports every record it processes with its shard, and every lease gained and shard finished. One \
                        worker on purpose: then the order the worker writes its report in is the order it processed records, so \
                        "parent before child" is read straight from one file, and the run needs one JVM start rather than \
                        two (a second worker would show the same rule, enforced through the lease table). A producer writes \
                        numbered records under a fixed set of partition keys with PutRecord. Once the worker reads every shard, \
                        the run splits the first shard in the middle of its range, waits, and merges the two children back \
                        (reshard=split-merge; split or merge alone are parameters), each time waiting for ACTIVE. It then drains \
                        the stream and measures: each reshard's time to ACTIVE, the worker's last record from each parent \
                        against its first from each child, the records that waited in a child meanwhile, per-key order across the \
                        reshards (the stream checker), duplicates and losses. So that a run takes about a minute, the worker \
                        looks for finished parents every second and assigns leases every second (parameters; KCL's defaults are \
                        10 s and 20 s).""",
                List.of(RESHARDING, AFTER_RESHARDING, KCL_RESHARDING, SPLIT_API, MERGE_API, KCL_BLOCK),
                Duration.ofSeconds(60), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("A shard is split while a KCL worker is reading it. How many records of the new child shards "
                        + "will the worker process before it has finished the old parent shard?", "child-records-before-parent-end", List.of(
                                new Prediction.Choice("none: it finishes the parent first", 0, 0.5),
                                new Prediction.Choice("some: it reads parent and children side by side for a while", 0.5, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(240));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("shards", 2, 1, 4, "shards of the run's stream before the reshards"),
                ParameterSpec.choice("reshard", "split-merge", List.of("split-merge", "split", "merge"),
                        "split the first shard in two, then merge the two children back; or only split; or only merge the first two shards"),
                ParameterSpec.duration("phase", "6s", "2s", "60s", "consumption before the first reshard, between reshards and after the last"),
                ParameterSpec.integer("rate", 40, 5, 500, "records put per second"),
                ParameterSpec.integer("keys", 24, 2, 200, "partition keys the producer writes under (key-00, key-01, ...)"),
                ParameterSpec.duration("processing-delay", "2ms", "0ms", "100ms", "time the worker spends on each record"),
                ParameterSpec.integer("checkpoint-every", 50, 1, 10_000, "the worker checkpoints every this many records (and always at a shard's end)"),
                ParameterSpec.duration("parent-poll-interval", "1s", "100ms", "30s",
                        "KCL parentShardPollIntervalMillis: how often a child's consumer looks whether its parents are finished (KCL's: 10s)"),
                ParameterSpec.duration("assignment-interval", "1s", "500ms", "60s",
                        "KCL 3 leaseAssignmentIntervalMillis: how often new child leases are handed out (KCL's: 20s)"));
    }

    /** One reshard as the run did it: the shards it closed, the ones it made, when it was asked for and when the stream was ACTIVE again. */
    record Reshard(String kind, List<String> parents, List<String> children, long requestedNanos, long activeNanos) {
        double seconds() {
            return (activeNanos - requestedNanos) / 1e9;
        }
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        String reshardPlan = p.choice("reshard");
        if (reshardPlan.equals("merge") && p.integer("shards") < 2) {
            throw new ExperimentException("reshard=merge needs shards of at least 2 (a merge joins two adjacent shards)");
        }
        HistoryRecorder history = context.history();
        StreamHistory records = new StreamHistory();
        List<Reshard> reshards = new ArrayList<>();
        Map<Long, String> marks = new HashMap<>();
        String leaseTable = context.sandbox().leaseTable();
        Phase phase = new Phase(p.millis("phase"));
        try (KclWorkers workers = new KclWorkers(context.kclWorkerJar(), context.target(), context.runDirectory().resolve("workers"));
             KinesisClient kinesis = context.target().kinesis();
             RunStream stream = RunStream.create(context, kinesis, p.integer("shards"))) {
            context.progress().note("clearing the lease table " + leaseTable + " (" + KclLeaseTable.clear(context.target(), leaseTable)
                    + " items of earlier runs)");
            KclWorkerSettings settings = KclWorkerSettings.of(stream.name(), leaseTable)
                    .checkpointEvery(p.integer("checkpoint-every"), Duration.ZERO)
                    .processingDelay(Duration.ofMillis(Math.round(p.millis("processing-delay"))))
                    .failover(Duration.ofSeconds(10), Duration.ofMillis(Math.round(p.millis("assignment-interval"))), Duration.ofSeconds(10))
                    .metricsInterval(Duration.ofSeconds(2))
                    .parentPollInterval(Duration.ofMillis(Math.round(p.millis("parent-poll-interval"))));
            KclWorkers.Worker worker = workers.start("w1", settings);
            Follower follower = new Follower(context, worker, records, marks);
            int keys = p.integer("keys");
            int[] sequence = new int[keys];
            PacedProducer producer = PacedProducer.start("kinesis-resharding-producer", p.integer("rate"), number -> {
                int keyIndex = number % keys;
                String key = String.format(Locale.ROOT, "key-%02d", keyIndex);
                put(history, kinesis, stream.name(), key, context.runId() + "/" + key + "/" + sequence[keyIndex]++, records);
            });
            try {
                awaitEveryShardRead(context, follower, worker, records, producer);
                phase.await(context, follower, "consuming before the reshard", producer);
                List<Shard> shards = stream.shards();
                if (!reshardPlan.equals("merge")) {
                    reshards.add(split(context, kinesis, stream.name(), open(shards), follower));
                    shards = listShards(kinesis, stream.name());
                    phase.await(context, follower, "consuming after the split", producer);
                }
                if (!reshardPlan.equals("split")) {
                    List<Shard> openShards = open(shards);
                    List<String> pair = reshards.isEmpty() ? adjacentPair(openShards) : reshards.get(0).children();
                    reshards.add(merge(context, kinesis, stream.name(), pair, follower));
                    shards = listShards(kinesis, stream.name());
                    phase.await(context, follower, "consuming after the merge", producer);
                }
                producer.stop();
                drain(context, follower, records);
            } finally {
                producer.close();
                worker.kill();
            }
            follower.read();
            ShardLineage lineage = ShardLineage.of(listShards(kinesis, stream.name()));
            return analyse(lineage, reshards, records, follower, history.now(), marks);
        }
    }

    /** Sleeps one phase while following the worker's report, so progress moves and every record is recorded as it is processed. */
    private static final class Phase {
        private final long millis;

        Phase(double millis) {
            this.millis = Math.round(millis);
        }

        void await(RunContext context, Follower follower, String what, PacedProducer producer) throws InterruptedException {
            long start = System.nanoTime();
            long end = start + millis * 1_000_000;
            while (System.nanoTime() < end) {
                follower.poll();
                producer.check();
                context.progress().update(what + " (ms)", (System.nanoTime() - start) / 1_000_000, millis);
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /**
     * Reads the worker's report as it grows: keeps every event in the order written, records each processed record
     * (and each lease gained and shard ended) as an operation of the history, and each record as a delivery for the
     * stream checker, on the run's clock.
     */
    static final class Follower {
        private final RunContext context;
        private final KclWorkers.Worker worker;
        private final ReportTail tail;
        private final StreamHistory records;
        private final Map<Long, String> marks;
        private final List<WorkerEvent> events = new ArrayList<>();
        private final Set<String> processed = new HashSet<>();
        private final Map<String, Long> opOfFirstRecord = new HashMap<>();
        private final Map<String, Long> opOfLastRecord = new HashMap<>();
        private final long anchorRunNanos;
        private final Instant anchorWall;

        Follower(RunContext context, KclWorkers.Worker worker, StreamHistory records, Map<Long, String> marks) {
            this.context = context;
            this.worker = worker;
            this.tail = new ReportTail(worker.report());
            this.records = records;
            this.marks = marks;
            this.anchorRunNanos = context.history().now();
            this.anchorWall = Instant.now();
        }

        /** The run clock's reading at a wall-clock instant of this machine (the worker runs here too). */
        long runNanos(Instant time) {
            return anchorRunNanos + Duration.between(anchorWall, time).toNanos();
        }

        /** Reads what the worker appended since the last poll; fails the run when the worker has died. */
        void poll() {
            read();
            if (!worker.isAlive()) {
                throw new ExperimentException("the KCL worker exited during the run: " + worker.describe());
            }
        }

        /** Reads what the worker appended since the last poll, whether it still runs or not. */
        void read() {
            List<WorkerEvent> fresh = tail.poll();
            List<Delivery> batch = new ArrayList<>();
            for (WorkerEvent event : fresh) {
                events.add(event);
                if (event.is("record") && event.data() != null) {
                    RecordedOp op = context.history().invoke(1, "process", event.shard(), null, null, worker.id()).ok(event.data());
                    opOfFirstRecord.putIfAbsent(event.shard(), op.index());
                    opOfLastRecord.put(event.shard(), op.index());
                    processed.add(event.data());
                    batch.add(new Delivery(event.data(), event.partitionKey(), event.shard(), event.sequenceNumber(), Math.max(0, runNanos(event.time()))));
                } else if (event.is("lease-gained") || event.is("shard-ended")) {
                    context.history().invoke(1, event.event(), event.shard(), null, null, worker.id()).ok(event.event().equals("lease-gained")
                            ? "resumes after " + event.fields().get("from") : "checkpointed at SHARD_END");
                }
            }
            records.delivered(batch);
        }

        List<WorkerEvent> events() {
            return List.copyOf(events);
        }

        boolean readFrom(String shard) {
            return opOfFirstRecord.containsKey(shard);
        }

        Set<String> processed() {
            return processed;
        }

        Long firstRecordOp(String shard) {
            return opOfFirstRecord.get(shard);
        }

        Long lastRecordOp(String shard) {
            return opOfLastRecord.get(shard);
        }
    }

    /** Waits until the worker has processed records of every shard that has some: it holds every lease and reads. */
    private static void awaitEveryShardRead(RunContext context, Follower follower, KclWorkers.Worker worker, StreamHistory records,
                                            PacedProducer producer) throws InterruptedException {
        long deadline = System.nanoTime() + WORKER_START.toNanos();
        while (true) {
            follower.poll();
            producer.check();
            Set<String> shards = new HashSet<>();
            records.puts().stream().filter(put -> put.outcome() == Outcome.OK).forEach(put -> shards.add(put.shardId()));
            long read = shards.stream().filter(follower::readFrom).count();
            if (!shards.isEmpty() && read == shards.size()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ExperimentException("the KCL worker read " + read + " of " + shards.size() + " shards within " + WORKER_START.toSeconds()
                        + " s of its start: " + worker.describe());
            }
            context.progress().update("starting the KCL worker (shards read)", read, shards.size());
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Reshard split(RunContext context, KinesisClient kinesis, String stream, List<Shard> open, Follower follower)
            throws InterruptedException {
        Shard parent = open.get(0);
        BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
        BigInteger middle = start.add(end).add(BigInteger.ONE).shiftRight(1);
        context.progress().note("splitting " + ShardMap.label(parent.shardId()) + " at the middle of its hash key range");
        HistoryRecorder.Pending op = context.history().invoke(2, "split", parent.shardId(), middle.toString(), null, null);
        long requested = context.history().now();
        try {
            kinesis.splitShard(request -> request.streamName(stream).shardToSplit(parent.shardId()).newStartingHashKey(middle.toString()));
        } catch (SdkException refused) {
            op.fail(KinesisErrors.describe(refused));
            throw new ExperimentException("SplitShard of " + parent.shardId() + " failed: " + KinesisErrors.describe(refused));
        }
        return completed(context, kinesis, stream, "split", List.of(parent.shardId()), requested, op, follower);
    }

    private static Reshard merge(RunContext context, KinesisClient kinesis, String stream, List<String> pair, Follower follower)
            throws InterruptedException {
        context.progress().note("merging " + ShardMap.label(pair.get(0)) + " and " + ShardMap.label(pair.get(1)));
        HistoryRecorder.Pending op = context.history().invoke(2, "merge", pair.get(0), pair.get(1), null, null);
        long requested = context.history().now();
        try {
            kinesis.mergeShards(request -> request.streamName(stream).shardToMerge(pair.get(0)).adjacentShardToMerge(pair.get(1)));
        } catch (SdkException refused) {
            op.fail(KinesisErrors.describe(refused));
            throw new ExperimentException("MergeShards of " + pair + " failed: " + KinesisErrors.describe(refused));
        }
        return completed(context, kinesis, stream, "merge", pair, requested, op, follower);
    }

    /** Waits until the stream is ACTIVE again (polling: the SDK's waiter polls every 10 s), then names the children. */
    private static Reshard completed(RunContext context, KinesisClient kinesis, String stream, String kind, List<String> parents, long requested,
                                     HistoryRecorder.Pending op, Follower follower) throws InterruptedException {
        long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
        while (true) {
            follower.poll();
            try {
                if (kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE) {
                    break;
                }
            } catch (SdkException busy) {
                // ask again
            }
            if (System.nanoTime() > deadline) {
                op.indeterminate("not ACTIVE within " + ACTIVE_WITHIN.toSeconds() + " s");
                throw new ExperimentException("the " + kind + " of " + parents + " did not complete within " + ACTIVE_WITHIN.toSeconds() + " s");
            }
            context.progress().update(kind + " of " + String.join(" and ", parents.stream().map(ShardMap::label).toList())
                    + ": waiting for ACTIVE (ms)", (context.history().now() - requested) / 1_000_000, 1000);
            Thread.sleep(50);
        }
        long active = context.history().now();
        List<String> children = listShards(kinesis, stream).stream()
                .filter(shard -> (shard.parentShardId() != null && parents.contains(shard.parentShardId()))
                        || (shard.adjacentParentShardId() != null && parents.contains(shard.adjacentParentShardId())))
                .map(Shard::shardId).sorted().toList();
        op.ok(String.join(", ", children));
        context.progress().note(kind + " done in " + Numbers.format((active - requested) / 1e9) + " s: "
                + String.join(" + ", parents.stream().map(ShardMap::label).toList()) + " -> "
                + String.join(", ", children.stream().map(ShardMap::label).toList()));
        return new Reshard(kind, parents, children, requested, active);
    }

    static List<Shard> listShards(KinesisClient kinesis, String stream) {
        List<Shard> shards = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var page = token == null ? kinesis.listShards(request -> request.streamName(stream))
                    : kinesis.listShards(request -> request.nextToken(token));
            shards.addAll(page.shards());
            next = page.nextToken();
        } while (next != null);
        return shards;
    }

    /** The shards no other shard names as a parent, by hash key range. */
    static List<Shard> open(List<Shard> shards) {
        Set<String> parents = new HashSet<>();
        for (Shard shard : shards) {
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
        }
        return shards.stream().filter(shard -> !parents.contains(shard.shardId()))
                .sorted(Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey()))).toList();
    }

    /** The first two open shards whose ranges touch. */
    private static List<String> adjacentPair(List<Shard> open) {
        for (int i = 0; i + 1 < open.size(); i++) {
            BigInteger end = new BigInteger(open.get(i).hashKeyRange().endingHashKey());
            if (end.add(BigInteger.ONE).equals(new BigInteger(open.get(i + 1).hashKeyRange().startingHashKey()))) {
                return List.of(open.get(i).shardId(), open.get(i + 1).shardId());
            }
        }
        throw new ExperimentException("no two open shards of the stream have adjacent hash key ranges to merge");
    }

    private static void drain(RunContext context, Follower follower, StreamHistory records) throws InterruptedException {
        Set<String> acknowledged = new HashSet<>();
        records.puts().stream().filter(put -> put.outcome() == Outcome.OK).forEach(put -> acknowledged.add(put.recordId()));
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (true) {
            follower.poll();
            long done = acknowledged.stream().filter(follower.processed()::contains).count();
            context.progress().update("draining (records processed)", done, acknowledged.size());
            if (done == acknowledged.size() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void put(HistoryRecorder history, KinesisClient kinesis, String stream, String key, String data, StreamHistory records) {
        HistoryRecorder.Pending put = history.invoke(0, "put", key, data, null, null);
        long invoked = history.now();
        try {
            PutRecordResponse answer = kinesis.putRecord(request -> request.streamName(stream).partitionKey(key)
                    .data(SdkBytes.fromUtf8String(data)));
            put.ok(answer.shardId());
            records.put(Put.ok(data, key, invoked, history.now(), answer.shardId(), answer.sequenceNumber()));
        } catch (SdkException notWritten) {
            boolean maybe = KinesisErrors.mayHaveApplied(notWritten);
            if (maybe) {
                put.indeterminate(KinesisErrors.describe(notWritten));
            } else {
                put.fail(KinesisErrors.describe(notWritten));
            }
            records.put(Put.notAcknowledged(data, key, invoked, history.now(), maybe ? Outcome.INDETERMINATE : Outcome.FAIL));
        }
    }

    // ---- analysis ----------------------------------------------------------------------------------------

    ExperimentResult analyse(ShardLineage lineage, List<Reshard> reshards, StreamHistory records, Follower follower, long endNanos,
                             Map<Long, String> marks) {
        List<WorkerEvent> events = follower.events();
        StreamReport report = records.check();
        List<Handoff> handoffs = lineage.handoffs(events);
        Set<String> keysMoved = lineage.keysMoved(events);

        Map<String, Long> firstAcknowledged = new HashMap<>();
        for (Put put : records.puts()) {
            if (put.outcome() == Outcome.OK) {
                firstAcknowledged.merge(put.shardId(), put.completeNanos(), Math::min);
            }
        }
        Map<String, Double> opened = new HashMap<>();
        Map<String, Double> closed = new HashMap<>();
        for (Reshard reshard : reshards) {
            reshard.parents().forEach(parent -> closed.put(parent, reshard.activeNanos() / 1e9));
            reshard.children().forEach(child -> opened.put(child, reshard.activeNanos() / 1e9));
        }

        List<Observation> observations = new ArrayList<>();
        observations.add(new Observation("records-written", "records acknowledged by the stream", report.acknowledged(), ""));
        observations.add(new Observation("records-processed", "records the worker processed (duplicates included)", report.deliveries(), ""));
        for (int i = 0; i < reshards.size(); i++) {
            Reshard reshard = reshards.get(i);
            observations.add(new Observation(reshard.kind() + "-s", "seconds from " + (reshard.kind().equals("split") ? "SplitShard" : "MergeShards")
                    + " of " + labels(reshard.parents()) + " until the stream was ACTIVE again", reshard.seconds(), "s"));
        }
        observations.add(new Observation("shards-in-lineage", "shards in the stream's lineage at the end (closed parents included)",
                lineage.members().size(), ""));
        observations.add(new Observation("shards-open", "open shards at the end", lineage.members().size() - lineage.parents().size(), ""));
        long childRecordsEarly = 0;
        long childRecordsWaiting = 0;
        long parentRecordsAfterReshard = 0;
        List<Double> gaps = new ArrayList<>();
        double longestWait = 0;
        for (Handoff handoff : handoffs) {
            Instant parentsDone = handoff.parentsEnded();
            String child = ShardMap.label(handoff.child());
            for (WorkerEvent event : events) {
                if (!event.is("record")) {
                    continue;
                }
                if (event.shard().equals(handoff.child()) && (parentsDone == null || event.time().isBefore(parentsDone))) {
                    childRecordsEarly++;
                }
            }
            if (parentsDone != null) {
                long doneNanos = follower.runNanos(parentsDone);
                childRecordsWaiting += records.puts().stream().filter(put -> put.outcome() == Outcome.OK && handoff.child().equals(put.shardId())
                        && put.completeNanos() < doneNanos).count();
            }
            if (!Double.isNaN(handoff.gapSeconds())) {
                gaps.add(handoff.gapSeconds());
                observations.add(new Observation("gap-" + child.replace(' ', '-') + "-s", "seconds from the last record of "
                        + labels(handoff.parents()) + " to the first of its child " + child, handoff.gapSeconds(), "s"));
            }
            if (handoff.childFirstRecord() != null && firstAcknowledged.containsKey(handoff.child())) {
                double waited = Math.max(0, follower.runNanos(handoff.childFirstRecord()) - firstAcknowledged.get(handoff.child())) / 1e9;
                longestWait = Math.max(longestWait, waited);
            }
            Long first = follower.firstRecordOp(handoff.child());
            if (first != null) {
                marks.put(first, "first record of " + child + " (child of " + labels(handoff.parents()) + ")"
                        + (Double.isNaN(handoff.gapSeconds()) ? "" : ", " + Numbers.format(handoff.gapSeconds()) + " s after the parents' last"));
            }
        }
        for (Reshard reshard : reshards) {
            for (String parent : reshard.parents()) {
                Long last = follower.lastRecordOp(parent);
                if (last != null) {
                    marks.put(last, "last record of " + ShardMap.label(parent) + " before its children");
                }
                parentRecordsAfterReshard += events.stream().filter(event -> event.is("record") && event.shard().equals(parent)
                        && follower.runNanos(event.time()) > reshard.activeNanos()).count();
            }
        }
        long childrenEarly = handoffs.stream().filter(handoff -> !handoff.parentsFirst()).count();
        observations.add(new Observation("child-records-before-parent-end", "records processed from a child before all its parents were finished",
                childRecordsEarly, ""));
        observations.add(new Observation("children-started-early", "child shards read before their parents were finished", childrenEarly, ""));
        observations.add(new Observation("parent-records-after-reshard", "records processed from parents after their reshard was complete "
                + "(the parents' backlog)", parentRecordsAfterReshard, ""));
        observations.add(new Observation("child-records-waiting", "records already in a child when its parents were finished "
                + "(they waited for the parents)", childRecordsWaiting, ""));
        observations.add(new Observation("handoff-gap-max-s", "longest time from a parent's last record to its child's first",
                gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0), "s"));
        observations.add(new Observation("child-wait-max-s", "longest time a child's first record waited to be processed", longestWait, "s"));
        observations.add(new Observation("keys-moved", "partition keys read from a parent and from its child", keysMoved.size(), ""));
        observations.add(new Observation("out-of-order-within-keys", "out-of-order pairs within a partition key", report.keyOutOfOrder(), ""));
        observations.add(new Observation("duplicates", "records processed more than once", report.duplicates(), ""));
        observations.add(new Observation("lost", "acknowledged records never processed", report.lost(), ""));

        List<Check> checks = new ArrayList<>();
        checks.add(new Check("parents before children", handoffs.size() + " child shards",
                childrenEarly == 0 && !handoffs.isEmpty() ? Check.Verdict.PASS : Check.Verdict.FAIL,
                handoffs.isEmpty() ? "no child shard was made"
                        : childrenEarly == 0 ? handoffs.stream().map(h -> ShardMap.label(h.child()) + " after " + labels(h.parents())).reduce((a, b) -> a + "; " + b).orElse("")
                        : handoffs.stream().filter(h -> !h.parentsFirst()).map(Handoff::violation).findFirst().orElse("")));
        checks.add(new Check("order", "within each partition key, across the reshards", report.keyOutOfOrder() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                report.keyOutOfOrder() == 0 ? report.outOfOrderByKey().size() + " keys (" + keysMoved.size() + " moved to a child shard), "
                        + report.recordsDelivered() + " records processed in the order written"
                        : Numbers.format(report.keyOutOfOrder()) + " pairs out of order; first: " + report.keyExamples().get(0)));
        checks.add(new Check("no acknowledged record lost", "parents and children", report.lost() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                report.lost() == 0 ? report.acknowledged() + " acknowledged records all processed, " + report.duplicates() + " more than once"
                        : report.lost() + " acknowledged records never processed, e.g. " + String.join(", ", report.lostExamples())));
        checks.add(new Check("sequence numbers increase", "within each shard", report.shardOrderViolations() == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                report.shardOrderViolations() + " records processed with a sequence number below one processed before from their shard"));

        double end = endNanos / 1e9;
        List<Chart> charts = List.of(
                lineage.chart("lineage", "Shard lineage: each shard's hash key range, from when it opened to when it closed", opened, closed, end),
                ShardTimeline.of(records, "processed"),
                handoffChart(handoffs));
        return new ExperimentResult(observations, checks, charts, marks);
    }

    private static String labels(List<String> shards) {
        return String.join(" + ", shards.stream().map(ShardMap::label).toList());
    }

    /**
     * Where the time between a parent's last record and its child's first goes, per child: until the worker reached
     * the parent's end (and checkpointed it), until it started the child (the child's lease assigned to it, the
     * parents found finished), until the child's first record was processed.
     */
    private static Chart handoffChart(List<Handoff> handoffs) {
        List<Chart.Point> toEnd = new ArrayList<>();
        List<Chart.Point> toStart = new ArrayList<>();
        List<Chart.Point> toFirst = new ArrayList<>();
        int x = 0;
        for (Handoff handoff : handoffs) {
            if (handoff.parentsLastRecord() == null || handoff.parentsEnded() == null || handoff.childLeaseGained() == null
                    || handoff.childFirstRecord() == null) {
                continue;
            }
            String label = labels(handoff.parents()) + " -> " + ShardMap.label(handoff.child());
            toEnd.add(new Chart.Point(x, seconds(handoff.parentsLastRecord(), handoff.parentsEnded()), label));
            toStart.add(new Chart.Point(x, seconds(handoff.parentsEnded(), handoff.childLeaseGained()), label));
            toFirst.add(new Chart.Point(x, seconds(handoff.childLeaseGained(), handoff.childFirstRecord()), label));
            x++;
        }
        return new Chart("handoffs", "From a parent's last record to its child's first: where the seconds go (the worker's report)",
                Chart.Kind.BAR, "parents -> child", "seconds", List.of(
                        new Chart.Series("parent's last record to its shard end (checkpointed)", toEnd),
                        new Chart.Series("shard end to the child started (lease assigned, parents found finished)", toStart),
                        new Chart.Series("child started to its first record processed", toFirst)));
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
    }

    // ---- quiz ---------------------------------------------------------------------------------------------

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::splitTime, this::handoffGap, this::lineageSize, this::whyParentsFirst);
    }

    private Optional<Question> splitTime(RunSummary run) {
        Optional<Double> seconds = run.observations().value("split-s").or(() -> run.observations().value("merge-s"));
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        String kind = run.observations().value("split-s").isPresent() ? "SplitShard" : "MergeShards";
        return Optional.of(new Question("obs.kinesis-resharding.reshard-time",
                "In your run " + run.runId() + ", how many seconds passed from the " + kind + " call until the stream was ACTIVE again?",
                List.of(), new AnswerKey.Numeric(Math.round(seconds.get() * 10) / 10.0, Math.max(0.5, seconds.get() * 0.3), "s"),
                "Your run measured " + Numbers.format(seconds.get()) + " s. The call only starts the reshard: the stream is UPDATING "
                        + "until the children exist and the parents are closed, and a second reshard is refused until it is ACTIVE again. "
                        + "On AWS a reshard takes seconds; the Developer Guide's sample polls DescribeStream until ACTIVE.",
                List.of(RESHARDING, AFTER_RESHARDING), Difficulty.EASY, List.of("kinesis", "resharding"),
                "Can producers keep writing while the stream is UPDATING? Where do their records go?"));
    }

    private Optional<Question> handoffGap(RunSummary run) {
        Optional<Double> gap = run.observations().value("handoff-gap-max-s");
        Optional<Double> waiting = run.observations().value("child-records-waiting");
        if (gap.isEmpty() || waiting.isEmpty() || gap.get() <= 0) {
            return Optional.empty();
        }
        String poll = run.parameters().getOrDefault("parent-poll-interval", "1s");
        return Optional.of(new Question("obs.kinesis-resharding.handoff-gap",
                "In your run " + run.runId() + " (parent-poll-interval " + poll + "), what was the longest time in seconds between the "
                        + "worker's last record from a parent shard and its first record from that parent's child?",
                List.of(), new AnswerKey.Numeric(Math.round(gap.get() * 10) / 10.0, Math.max(0.5, gap.get() * 0.3), "s"),
                "Your run: " + Numbers.format(gap.get()) + " s, while " + Numbers.format(waiting.get()) + " records were already waiting in "
                        + "the children when their parents were finished (the report's hand-off chart splits the time). The worker first "
                        + "reads the parent until GetRecords says it has ended, and checkpoints it at SHARD_END; KCL then creates the "
                        + "children's leases, KCL 3's leader hands them out at its next assignment (every assignment-interval), and a "
                        + "child's consumer that finds a parent unfinished sleeps parentShardPollIntervalMillis (10 s by default) before it "
                        + "looks again; the child's first GetRecords follows.",
                List.of(KCL_BLOCK, KCL_RESHARDING), Difficulty.MEDIUM, List.of("kinesis", "kcl", "resharding"),
                "What would a consumer that read the children at once gain, and what would it break?"));
    }

    private Optional<Question> lineageSize(RunSummary run) {
        Optional<Double> total = run.observations().value("shards-in-lineage");
        Optional<Double> open = run.observations().value("shards-open");
        if (total.isEmpty() || open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-resharding.lineage",
                "Your run " + run.runId() + " started with " + run.parameters().getOrDefault("shards", "2") + " shards and resharded ("
                        + run.parameters().getOrDefault("reshard", "split-merge") + "). How many shards did ListShards return at the end, "
                        + "closed parents included?",
                List.of(), new AnswerKey.Numeric(total.get(), 0, "shards"),
                "Your run: " + Numbers.format(total.get()) + " shards, " + Numbers.format(open.get()) + " of them open. Every split closes "
                        + "one shard and adds two; every merge closes two and adds one. Closed parents stay in the list, with their records, "
                        + "until the retention period has passed, so that consumers can finish them; the children name them as parents.",
                List.of(RESHARDING, AFTER_RESHARDING), Difficulty.EASY, List.of("kinesis", "resharding", "lineage"),
                "Why do shard ids never get reused after a merge?"));
    }

    private Optional<Question> whyParentsFirst(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-resharding.parents-first",
                "Your worker finished every parent before reading its children. What would a consumer that read a new child shard "
                        + "immediately, while the parent still had unread records, risk?",
                List.of("Processing newer records of a partition key before older ones of the same key",
                        "Losing the parent's unread records, because a closed shard is deleted",
                        "Nothing: all records of a key stay in one shard for the life of the stream",
                        "Reading the same record from both the parent and the child"),
                new AnswerKey.MultipleChoice(Set.of(0)),
                "After a reshard a key's older records are in the parent and its newer ones in a child; only finishing the parent first "
                        + "keeps the key's order (your run: " + run.observations().value("keys-moved").map(Numbers::format).orElse("n/a")
                        + " keys moved, " + run.observations().value("out-of-order-within-keys").map(Numbers::format).orElse("n/a")
                        + " out-of-order pairs). A closed parent keeps its records for the retention period, and a record is in exactly "
                        + "one shard.",
                List.of(AFTER_RESHARDING, KCL_RESHARDING), Difficulty.MEDIUM, List.of("kinesis", "resharding", "ordering"),
                "A Lambda event source mapping also reads a resharded stream. What does it do about parents and children?"));
    }
}
