package dev.dslab.scenarios.kinesis;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Two KCL workers share the sandbox stream; the one holding the most leases is killed -9 mid-stream. The
 * survivor takes its leases over once they expire and resumes from the dead worker's checkpoints, so what
 * the dead worker processed after its last checkpoint is processed again. Rounds sweep the checkpoint
 * interval: the replay grows with it, the takeover time does not.
 */
public final class KinesisFailoverExperiment implements Experiment {

    static final Source DUPLICATES = new Source("Amazon Kinesis Data Streams Developer Guide: Handle duplicate records "
            + "(consumer retries: record processors restart and replay from the last checkpoint)",
            "https://docs.aws.amazon.com/streams/latest/dev/kinesis-record-processor-duplicates.html");
    static final Source KCL_CONFIGURATION = new Source("Amazon Kinesis Data Streams Developer Guide: KCL configurations "
            + "(failoverTimeMillis: how long before a lease owner is considered failed)",
            "https://docs.aws.amazon.com/streams/latest/dev/kcl-configuration.html");
    static final Source KCL_LEASES = new Source("Amazon Kinesis Data Streams Developer Guide: DynamoDB metadata tables and load "
            + "balancing in KCL (lease table, checkpoints, the leader's lease assignment)",
            "https://docs.aws.amazon.com/streams/latest/dev/kcl-dynamoDB.html");
    static final Source KCL_SOURCE = new Source("amazon-kinesis-client 3.5.1 source: LeaseManagementConfig "
            + "(leaseAssignmentIntervalMillis = 2 x failoverTimeMillis, dynamoDbLockBasedLeaderLeaseDurationInMillis = 120 s)",
            "https://github.com/awslabs/amazon-kinesis-client/blob/master/amazon-kinesis-client/src/main/java/software/amazon/kinesis/leases/LeaseManagementConfig.java");

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WORKER_START = Duration.ofSeconds(90);
    private static final Duration DRAIN = Duration.ofSeconds(60);

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("kinesis-failover",
                "What a KCL worker crash costs: time until its shards are taken over, and records processed twice",
                "The survivor processes the dead worker's shards only after their leases expire (failover time, plus the "
                        + "leader's next assignment pass), and replays everything the dead worker processed after its last "
                        + "checkpoint: at-least-once delivery, with about half a checkpoint interval of duplicates per shard.",
                """
                        The Kinesis Client Library (KCL) coordinates the workers of one application through a lease table in \
                        DynamoDB: one lease per shard, held by one worker, renewed every few seconds, and carrying the shard's \
                        checkpoint, the sequence number up to which the application says it has processed the shard. A worker \
                        that stops renewing (it crashed, hung, or lost the network) is considered failed after failoverTimeMillis \
                        (10 s by default); in KCL 3 an elected leader then assigns its expired leases to the other workers, \
                        every leaseAssignmentIntervalMillis (2 x failoverTimeMillis by default). The leader still counts the dead \
                        worker as alive until two of its metrics reports are missing (30 s apart by default) and meanwhile gives \
                        a survivor only its fair share of the expired leases. If the dead worker was the leader, nobody assigns \
                        anything until its leader lock expires (120 s by default).

                        The new owner starts the shard at its checkpoint, not where the dead worker stopped: every record the \
                        dead worker processed after its last checkpoint is delivered again. Kinesis consumers therefore get \
                        at-least-once delivery, and the Developer Guide asks applications to anticipate processing a record more \
                        than once. Checkpointing more often shrinks the replay but never removes it (a crash between the side \
                        effect and the checkpoint always replays), and each checkpoint is a DynamoDB write. The way out is \
                        idempotent processing: make applying a record twice the same as once, for example a conditional write \
                        keyed by shard and sequence number.

                        Each round of this experiment starts two worker processes (kcl-consumers) with one checkpoint interval, \
                        writes records at a steady rate, kills -9 the worker holding the most leases after it has processed a \
                        seeded number of records, measures the time until the survivor has gained all of the dead worker's \
                        shards, drains the stream, and counts what was processed twice. The rounds divide the interval by 4 each \
                        time. Each run uses a stream of its own and clears the sandbox's lease table first. So that a run takes \
                        about a minute, the defaults are shorter than KCL's (parameters): 3 s failover time, lease assignment \
                        every second, a 6 s leader lease, metrics every 2 s.""",
                List.of(DUPLICATES, KCL_CONFIGURATION, KCL_LEASES, KCL_SOURCE),
                Duration.ofSeconds(60), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("A worker is killed -9. How long until the other worker processes the shards it held?",
                        "takeover-s", List.of(
                                new Prediction.Choice("at once: under a second", 0, 1),
                                new Prediction.Choice("1 to 5 seconds", 1, 5),
                                new Prediction.Choice("5 to 30 seconds", 5, 30),
                                new Prediction.Choice("more than 30 seconds", 30, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(300));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("checkpoint-every", 100, 1, 10_000, "first round's checkpoint interval in records; each next round divides it by 4"),
                ParameterSpec.integer("rounds", 2, 1, 4, "rounds, one checkpoint interval each"),
                ParameterSpec.integer("rate", 100, 10, 1000, "records written per second"),
                ParameterSpec.duration("processing-delay", "2ms", "0ms", "100ms", "time each worker spends on a record"),
                ParameterSpec.duration("failover-time", "3s", "1s", "60s", "KCL failoverTimeMillis: an unrenewed lease expires after this (KCL's: 10s)"),
                ParameterSpec.duration("assignment-interval", "1s", "500ms", "120s", "KCL 3 leaseAssignmentIntervalMillis (KCL's: 2 x failover time)"),
                ParameterSpec.duration("leader-lease", "6s", "4s", "120s", "KCL 3 leader lock lease: how long a dead leader blocks assignment (KCL's: 120s)"),
                ParameterSpec.duration("metrics-interval", "2s", "2s", "60s", "KCL 3 worker metrics report interval: a worker counts as alive until 2 intervals"
                        + " after its last report (KCL's: 30s)"));
    }

    /** What one round measured. */
    record Round(int interval, String victim, boolean victimWasLeader, Set<String> victimShards, long written, long processed,
                 long duplicates, long lost, long uncheckpointed, long replayed, double takeoverSeconds) {
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        Random random = new Random(context.seed());
        List<Round> rounds = new ArrayList<>();
        Map<Long, String> marks = new HashMap<>();
        int interval = p.integer("checkpoint-every");
        String leaseTable = context.sandbox().leaseTable();
        try (KclWorkers workers = new KclWorkers(context.kclWorkerJar(), context.target(), context.runDirectory().resolve("workers"));
             KinesisClient kinesis = context.target().kinesis();
             RunStream stream = RunStream.create(context, kinesis, 2)) {
            // the lease table belongs to one stream: leases and checkpoints of an earlier run's stream must go
            context.progress().note("clearing the lease table " + leaseTable + " (" + KclLeaseTable.clear(context.target(), leaseTable)
                    + " items of earlier runs)");
            for (int round = 1; round <= p.integer("rounds"); round++) {
                KclLeaseTable.releaseLeader(context.target(), leaseTable);
                rounds.add(round(context, workers, kinesis, stream.name(), round, interval, random, marks));
                interval = Math.max(1, interval / 4);
            }
        }
        return analyse(rounds, marks);
    }

    private Round round(RunContext context, KclWorkers workers, KinesisClient kinesis, String stream, int round, int interval,
                        Random random, Map<Long, String> marks) throws InterruptedException {
        ParameterValues p = context.parameters();
        HistoryRecorder history = context.history();
        String prefix = context.runId() + "/" + round + "/";
        KclWorkerSettings settings = KclWorkerSettings.of(stream, context.sandbox().leaseTable())
                .checkpointEvery(interval, Duration.ZERO)
                .processingDelay(Duration.ofMillis(Math.round(p.millis("processing-delay"))))
                .failover(Duration.ofMillis(Math.round(p.millis("failover-time"))), Duration.ofMillis(Math.round(p.millis("assignment-interval"))),
                        Duration.ofMillis(Math.round(p.millis("leader-lease"))))
                .metricsInterval(Duration.ofMillis(Math.round(p.millis("metrics-interval"))));
        List<KclWorkers.Worker> pair = List.of(workers.start("r" + round + "-a", settings), workers.start("r" + round + "-b", settings));
        Map<String, ReportTail> tails = new LinkedHashMap<>();
        pair.forEach(worker -> tails.put(worker.id(), new ReportTail(worker.report())));
        Map<String, Integer> clients = new HashMap<>(Map.of(pair.get(0).id(), 1, pair.get(1).id(), 2));
        Map<String, List<WorkerEvent>> seen = new HashMap<>();
        pair.forEach(worker -> seen.put(worker.id(), new ArrayList<>()));
        Map<String, Integer> processedCount = new HashMap<>();

        Set<String> written = ConcurrentHashMap.newKeySet();
        PacedProducer producer = PacedProducer.start("kinesis-failover-producer", p.integer("rate"),
                number -> put(history, kinesis, stream, prefix + number, "key-" + (number % 16), written));
        int killAfter = interval + random.nextInt(2 * interval);
        try {
            // wait until the pair holds every lease and the victim has processed killAfter records of this round
            KclWorkers.Worker victim = null;
            long deadline = System.nanoTime() + WORKER_START.toNanos();
            while (victim == null) {
                follow(context, tails, seen, clients, processedCount, prefix, marks, null);
                Map<String, Set<String>> held = holdings(seen);
                long shardsHeld = held.values().stream().mapToLong(Set::size).sum();
                for (KclWorkers.Worker worker : pair) {
                    boolean holdsMost = held.get(worker.id()).size() * 2 >= shardsHeld && !held.get(worker.id()).isEmpty();
                    if (holdsMost && processedCount.getOrDefault(worker.id(), 0) >= killAfter) {
                        victim = worker;
                        break;
                    }
                    if (!worker.isAlive()) {
                        throw new ExperimentException("KCL worker " + worker.id() + " exited before the kill: " + worker.describe());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new ExperimentException("round " + round + ": no worker had processed " + killAfter + " records within "
                            + WORKER_START.toSeconds() + " s; the workers' logs are in " + context.runDirectory().resolve("workers"));
                }
                context.progress().update("round " + round + "/" + p.integer("rounds") + ": consuming before the kill (records)",
                        Math.min(killAfter, processedCount.values().stream().mapToInt(Integer::intValue).max().orElse(0)), killAfter);
                producer.check();
                Thread.sleep(POLL.toMillis());
            }
            KclWorkers.Worker survivor = pair.get(0) == victim ? pair.get(1) : pair.get(0);
            KclWorkers.Worker replacement = null;
            boolean victimWasLeader = KclLeaseTable.leader(context.target(), context.sandbox().leaseTable()).map(victim.id()::equals).orElse(false);
            Set<String> victimShards = new HashSet<>(holdings(seen).get(victim.id()));
            HistoryRecorder.Pending kill = history.invoke(0, "kill", victim.id(), null, null, null);
            victim.kill();
            Instant killedAt = Instant.now();
            kill.ok("kill -9 of " + victim.id() + " holding " + String.join(", ", victimShards) + (victimWasLeader ? " (the leader)" : ""));
            follow(context, tails, seen, clients, processedCount, prefix, marks, null);
            long uncheckpointed = uncheckpointed(seen.get(victim.id()), victimShards);

            // the takeover: the survivor gains every shard the victim held
            Instant takenOver = null;
            deadline = System.nanoTime() + Duration.ofMillis(Math.round(p.millis("leader-lease") + 3 * p.millis("failover-time")
                    + 2 * p.millis("assignment-interval") + 3 * p.millis("metrics-interval"))).plus(WORKER_START).toNanos();
            while (takenOver == null) {
                follow(context, tails, seen, clients, processedCount, prefix, marks, killedAt);
                Set<String> regained = new HashSet<>();
                Instant last = null;
                for (WorkerEvent event : seen.get(survivor.id())) {
                    if (event.is("lease-gained") && victimShards.contains(event.shard()) && event.time().isAfter(killedAt)) {
                        regained.add(event.shard());
                        last = last == null || event.time().isAfter(last) ? event.time() : last;
                    }
                }
                if (regained.containsAll(victimShards)) {
                    takenOver = last;
                    history.invoke(0, "takeover", survivor.id(), null, null, null).ok(String.join(", ", victimShards));
                } else if (!survivor.isAlive() && replacement == null) {
                    // KCL's scheduler has (rarely, cause not yet found) stopped on its own in the survivor right after the
                    // kill; a supervisor would start another worker, and the takeover then includes that start: said so
                    String exited = survivor.describe();
                    replacement = workers.start(survivor.id() + "-2", settings);
                    tails.put(replacement.id(), new ReportTail(replacement.report()));
                    seen.put(replacement.id(), new ArrayList<>());
                    clients.put(replacement.id(), clients.get(survivor.id()));
                    history.invoke(0, "restart", survivor.id(), null, null, null).ok(survivor.id() + " " + exited.lines().findFirst().orElse("")
                            + "; " + replacement.id() + " started in its place");
                    context.progress().note("round " + round + ": " + survivor.id() + " stopped on its own after the kill ("
                            + exited.lines().findFirst().orElse("") + "); " + replacement.id() + " takes its place, as a supervisor would start one");
                    survivor = replacement;
                    deadline += WORKER_START.toNanos();
                } else if (System.nanoTime() > deadline || !survivor.isAlive()) {
                    throw new ExperimentException("round " + round + ": " + survivor.id() + " did not take over " + victimShards
                            + " after the kill (" + (System.nanoTime() > deadline ? "time is up" : "it exited") + "): " + survivor.describe());
                }
                context.progress().update("round " + round + "/" + p.integer("rounds") + ": waiting for the takeover (ms since kill -9)",
                        Duration.between(killedAt, Instant.now()).toMillis(), Math.round(p.millis("failover-time") + p.millis("assignment-interval")));
                producer.check();
                Thread.sleep(POLL.toMillis());
            }
            Thread.sleep(1000);
            producer.stop();

            // drain: every record written in this round processed by someone
            deadline = System.nanoTime() + DRAIN.toNanos();
            while (true) {
                follow(context, tails, seen, clients, processedCount, prefix, marks, killedAt);
                Set<String> processed = processedData(seen, prefix);
                context.progress().update("round " + round + "/" + p.integer("rounds") + ": draining (records)", processed.size(), written.size());
                if (processed.containsAll(written) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
            survivor.stop();
            follow(context, tails, seen, clients, processedCount, prefix, marks, killedAt);
            long replayed = WorkerReports.replayed(seen.get(victim.id()), seen.get(survivor.id()), victimShards, killedAt);
            List<String> all = new ArrayList<>();
            seen.values().forEach(events -> events.stream().filter(e -> e.is("record") && e.data() != null && e.data().startsWith(prefix))
                    .forEach(e -> all.add(e.data())));
            Set<String> distinct = new HashSet<>(all);
            long lost = written.stream().filter(data -> !distinct.contains(data)).count();
            return new Round(interval, victim.id(), victimWasLeader, victimShards, written.size(), all.size(), all.size() - distinct.size(),
                    lost, uncheckpointed, replayed, Duration.between(killedAt, takenOver).toMillis() / 1000.0);
        } finally {
            producer.close();
            pair.forEach(KclWorkers.Worker::kill);
        }
    }

    private static void put(HistoryRecorder history, KinesisClient kinesis, String stream, String data, String key, Set<String> written) {
        HistoryRecorder.Pending put = history.invoke(0, "put", key, data, null, null);
        try {
            kinesis.putRecord(request -> request.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(data)));
            put.ok(data);
            written.add(data);
        } catch (SdkException notWritten) {
            // a put without an answer may have been written: it is not expected, and counted if processed
            put.indeterminate(notWritten.getMessage());
        }
    }

    /** Reads what the workers reported since the last call, records each processed record as an operation. */
    private static void follow(RunContext context, Map<String, ReportTail> tails, Map<String, List<WorkerEvent>> seen,
                               Map<String, Integer> clients, Map<String, Integer> processedCount, String prefix,
                               Map<Long, String> marks, Instant killedAt) {
        Set<String> before = processedData(seen, prefix);
        for (Map.Entry<String, ReportTail> tail : tails.entrySet()) {
            for (WorkerEvent event : tail.getValue().poll()) {
                seen.get(tail.getKey()).add(event);
                if (!event.is("record") || event.data() == null || !event.data().startsWith(prefix)) {
                    continue;
                }
                processedCount.merge(tail.getKey(), 1, Integer::sum);
                RecordedOp op = context.history().invoke(clients.get(tail.getKey()), "process", event.shard(), null, null, tail.getKey())
                        .ok(event.data());
                if (!before.add(event.data())) {
                    marks.put(op.index(), "processed again by " + tail.getKey() + (killedAt == null ? "" : " after the kill -9"));
                }
            }
        }
    }

    private static Set<String> processedData(Map<String, List<WorkerEvent>> seen, String prefix) {
        Set<String> data = new HashSet<>();
        seen.values().forEach(events -> events.stream().filter(e -> e.is("record") && e.data() != null && e.data().startsWith(prefix))
                .forEach(e -> data.add(e.data())));
        return data;
    }

    /** The shards each worker holds now, from its lease-gained and lease-lost lines. */
    private static Map<String, Set<String>> holdings(Map<String, List<WorkerEvent>> seen) {
        Map<String, Set<String>> held = new HashMap<>();
        seen.forEach((worker, events) -> {
            Set<String> shards = new HashSet<>();
            for (WorkerEvent event : events) {
                if (event.is("lease-gained")) {
                    shards.add(event.shard());
                } else if (event.is("lease-lost") || event.is("shard-ended")) {
                    shards.remove(event.shard());
                }
            }
            held.put(worker, shards);
        });
        return held;
    }

    /** Records the worker processed on the given shards after its last checkpoint there. */
    static long uncheckpointed(List<WorkerEvent> events, Set<String> shards) {
        Map<String, Long> pending = new HashMap<>();
        for (WorkerEvent event : events) {
            if (event.shard() == null || !shards.contains(event.shard())) {
                continue;
            }
            if (event.is("record")) {
                pending.merge(event.shard(), 1L, Long::sum);
            } else if (event.is("checkpoint") || event.is("lease-gained")) {
                pending.put(event.shard(), 0L);
            }
        }
        return pending.values().stream().mapToLong(Long::longValue).sum();
    }

    ExperimentResult analyse(List<Round> rounds, Map<Long, String> marks) {
        List<Observation> observations = new ArrayList<>();
        double[] takeovers = rounds.stream().mapToDouble(Round::takeoverSeconds).sorted().toArray();
        long written = rounds.stream().mapToLong(Round::written).sum();
        long duplicates = rounds.stream().mapToLong(Round::duplicates).sum();
        long lost = rounds.stream().mapToLong(Round::lost).sum();
        observations.add(new Observation("records-written", "records written (all rounds)", written, ""));
        observations.add(new Observation("takeover-s", "median time from kill -9 to the survivor holding all of the dead worker's shards",
                takeovers[(takeovers.length - 1) / 2], "s"));
        observations.add(new Observation("takeover-max-s", "longest takeover", takeovers[takeovers.length - 1], "s"));
        observations.add(new Observation("duplicates-total", "records processed twice (all rounds)", duplicates, ""));
        observations.add(new Observation("duplicates-at-largest", "records processed twice in the round with the largest checkpoint interval ("
                + rounds.get(0).interval() + ")", rounds.get(0).duplicates(), ""));
        observations.add(new Observation("duplicates-at-smallest", "records processed twice in the round with the smallest checkpoint interval ("
                + rounds.get(rounds.size() - 1).interval() + ")", rounds.get(rounds.size() - 1).duplicates(), ""));
        observations.add(new Observation("largest-interval", "the largest checkpoint interval (records)", rounds.get(0).interval(), ""));
        observations.add(new Observation("lost-records", "records written but never processed", lost, ""));
        observations.add(new Observation("leader-killed-rounds", "rounds in which the killed worker was KCL's leader",
                rounds.stream().filter(Round::victimWasLeader).count(), ""));
        for (Round round : rounds) {
            observations.add(new Observation("duplicates-every-" + round.interval(), "records processed twice, checkpoint every "
                    + round.interval() + " records", round.duplicates(), ""));
            observations.add(new Observation("takeover-every-" + round.interval() + "-s", "takeover time, checkpoint every "
                    + round.interval() + " records" + (round.victimWasLeader() ? " (leader killed)" : ""), round.takeoverSeconds(), "s"));
        }
        boolean replayMatches = rounds.stream().allMatch(round -> round.duplicates() == round.replayed());
        List<Check> checks = List.of(
                new Check("at-least-once", "every record written is processed", lost == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        lost == 0 ? "all " + written + " records processed, " + duplicates + " of them twice" : lost + " records never processed"),
                new Check("replay-from-checkpoint", "what is processed twice is what the dead worker processed after the checkpoint the survivor resumed from",
                        replayMatches ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        rounds.stream().map(round -> "every " + round.interval() + ": " + round.duplicates() + " twice, "
                                + round.replayed() + " after the checkpoint the survivor resumed from").reduce((a, b) -> a + "; " + b).orElse("")));
        List<Chart.Point> twice = new ArrayList<>();
        List<Chart.Point> pending = new ArrayList<>();
        List<Chart.Point> takeover = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Round round = rounds.get(i);
            String label = "every " + round.interval();
            twice.add(new Chart.Point(i, round.duplicates(), label));
            pending.add(new Chart.Point(i, round.uncheckpointed(), label));
            takeover.add(new Chart.Point(i, round.takeoverSeconds(), label + (round.victimWasLeader() ? " (leader)" : "")));
        }
        List<Chart> charts = List.of(
                new Chart("duplicates-by-interval", "Records processed twice after kill -9, by checkpoint interval", Chart.Kind.BAR,
                        "checkpoint interval (records)", "records", List.of(new Chart.Series("processed twice", twice),
                        new Chart.Series("after the last checkpoint in the dead worker's report", pending))),
                new Chart("takeover-by-round", "Seconds from kill -9 until the survivor held all the dead worker's shards", Chart.Kind.BAR,
                        "checkpoint interval (records)", "seconds", List.of(new Chart.Series("takeover", takeover))));
        return new ExperimentResult(observations, checks, charts, marks);
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::duplicatesAtLargest, this::takeover, this::idempotence);
    }

    private Optional<Question> duplicatesAtLargest(RunSummary run) {
        Optional<Double> duplicates = run.observations().value("duplicates-at-largest");
        Optional<Double> interval = run.observations().value("largest-interval");
        if (duplicates.isEmpty() || interval.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.kinesis-failover.duplicates",
                "In your run " + run.runId() + ", with a checkpoint every " + Numbers.format(interval.get()) + " records, how many records "
                        + "were processed twice after the kill -9?",
                List.of(), new AnswerKey.Numeric(duplicates.get(), Math.max(2, duplicates.get() * 0.1), "records"),
                "Your run processed " + Numbers.format(duplicates.get()) + " records twice: exactly those the killed worker had processed "
                        + "after its last checkpoint on each shard it held. The survivor starts each shard at the checkpoint in the lease "
                        + "table, so on average half an interval per shard is replayed, and up to a whole one.",
                List.of(DUPLICATES, KCL_LEASES), Difficulty.EASY, List.of("kinesis", "kcl", "at-least-once"),
                "If you checkpoint after every record, can a crash still replay a record? When?"));
    }

    private Optional<Question> takeover(RunSummary run) {
        Optional<Double> seconds = run.observations().value("takeover-s");
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        String failover = run.parameters().getOrDefault("failover-time", "3s");
        String assignment = run.parameters().getOrDefault("assignment-interval", "1s");
        return Optional.of(new Question("obs.kinesis-failover.takeover",
                "In your run " + run.runId() + " (failover time " + failover + ", assignment every " + assignment + "), what was the median "
                        + "time in seconds from the kill -9 until the survivor held all of the dead worker's shards?",
                List.of(), new AnswerKey.Numeric(Math.round(seconds.get() * 10) / 10.0, Math.max(1, seconds.get() * 0.2), "s"),
                "Your run measured " + Numbers.format(seconds.get()) + " s. A lease is expired once its owner has not renewed it for the "
                        + "failover time; KCL 3's leader then hands it out at its next assignment pass. When the killed worker was the "
                        + "leader, its leader lock must expire first (the leader lease, 120 s by KCL's default).",
                List.of(KCL_CONFIGURATION, KCL_LEASES, KCL_SOURCE), Difficulty.MEDIUM, List.of("kinesis", "kcl", "failover"),
                "What does a shorter failover time cost, and what can go wrong if it is shorter than a long GC pause?"));
    }

    private Optional<Question> idempotence(RunSummary run) {
        return Optional.of(new Question("obs.kinesis-failover.idempotence",
                "Your run processed records twice after a crash. Which of these make a KCL application's effects correct anyway?",
                List.of("Checkpoint after every record: then nothing is ever processed twice",
                        "Write each result with a conditional put keyed by shard and sequence number, so a replay finds it done",
                        "Checkpoint before processing each batch instead of after",
                        "Store the last applied sequence number with the result in the same transaction, and skip records at or below it"),
                new AnswerKey.MultipleChoice(Set.of(1, 3)),
                "Delivery stays at-least-once whatever the interval: a crash between the effect and the checkpoint replays the record. "
                        + "Checkpointing before processing turns replays into losses (at-most-once). Idempotent effects, a conditional "
                        + "write keyed by the record's identity or a sequence number kept atomically with the result, make a replay harmless.",
                List.of(DUPLICATES, KCL_LEASES), Difficulty.MEDIUM, List.of("kinesis", "kcl", "idempotence"),
                "How would you deduplicate records that a producer retried (same data, different sequence numbers)?"));
    }
}
