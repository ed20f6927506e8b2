package dev.dslab.scenarios.election;

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
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.history.RecordedOp;
import dev.dslab.scenarios.kinesis.KclWorkers;
import dev.dslab.scenarios.kinesis.WorkerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Leader election on the learner's DynamoDB table by separate worker processes (kcl-consumers'
 * {@code LeaseElectionWorker}): one lease item with an owner, a record version number the holder changes at every
 * heartbeat, and a fencing token that goes up at every takeover. The leader is killed -9 and the takeover timed; then
 * the next leader is paused for longer than its lease between deciding that it leads and writing, and its stale
 * write lands on two resource items: accepted on the one without a fence (the new leader's entries are lost),
 * rejected on the one whose condition requires the writer's token to be at least the last one seen.
 */
public final class DynamoDbLeaderElectionExperiment implements Experiment {

    static final Source CONDITIONS = new Source("Amazon DynamoDB Developer Guide: Condition expressions (a write that succeeds only "
            + "if the item's attributes meet a condition, checked atomically with the write)",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html");
    static final Source LOCK_CLIENT = new Source("AWS Database Blog: Building Distributed Locks with the DynamoDB Lock Client "
            + "(lease duration, heartbeats, record version numbers; no clock compared across hosts)",
            "https://aws.amazon.com/blogs/database/building-distributed-locks-with-the-dynamodb-lock-client/");
    static final Source KLEPPMANN = new Source("Martin Kleppmann: How to do distributed locking (2016): a paused client's lease "
            + "expires, and only a fencing token checked by the storage rejects its late write",
            "https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html");
    static final Source CHUBBY = new Source(Source.Kind.PAPER, "Burrows: The Chubby Lock Service for Loosely-Coupled Distributed "
            + "Systems (OSDI 2006)", "https://www.usenix.org/legacy/event/osdi06/tech/full_papers/burrows/burrows.pdf",
            "2.4 Locks and sequencers (a sequencer names the lock's generation; servers check it before acting)");

    static final String WORKER_MAIN = "dev.dslab.kcl.LeaseElectionWorker";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WORKER_START = Duration.ofSeconds(60);

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("dynamodb-leader-election",
                "Leader election with leases on DynamoDB: takeover after kill -9, and why a paused leader needs a fencing token",
                "A killed leader is replaced about one lease duration after its last heartbeat: nobody can tell a dead holder "
                        + "from a slow one sooner. A leader paused past its lease does not know it was replaced: its late write is "
                        + "accepted by a resource that checks nothing, erasing the new leader's work, and rejected by one that "
                        + "requires the writer's fencing token to be at least the last one it saw.",
                """
                        Worker processes (separate JVMs) elect a leader through one lease item in your table, as the DynamoDB \
                        Lock Client does: the first worker creates it with a put conditional on attribute_not_exists; the \
                        holder renews it every heartbeat by writing a new record version number (rvn), conditional on still \
                        owning it; every other worker reads the item and, when it has seen the same rvn for a whole lease \
                        duration of its own clock, takes it over with an update conditional on that rvn, which also adds one \
                        to the lease's fencing token. Condition expressions make each step atomic: of two workers racing for \
                        the same rvn exactly one succeeds. No clock is compared across processes.

                        First the leader is killed -9. It cannot release anything; the others wait until the rvn has stood \
                        still for a lease duration, so the takeover takes about a lease after the last heartbeat (between the \
                        lease minus a heartbeat and the lease plus a poll after the kill).

                        Then the new leader is paused (a stop-the-world pause, like a long garbage collection) after it \
                        decided it leads and read the resource, and before it writes. Its lease expires, another worker takes \
                        over with the next token and appends to the resource. The paused worker wakes and writes what it \
                        computed before the pause. A lease alone cannot stop that write: the paused process checked its lease \
                        before the pause and cannot check it atomically with a write to another system. Kleppmann's fix, \
                        Chubby's sequencer: the resource remembers the highest token it accepted and refuses lower ones. Here \
                        the leader writes two items: resource-unfenced with a plain put (the stale write is accepted and the \
                        new leader's entries vanish: a lost update), and resource-fenced with a put conditional on \
                        "attribute_not_exists(fence) OR fence <= :token" (the stale write is rejected).

                        The run uses items of your sandbox table with partition key leader-election#<run id> (lease, \
                        resource-unfenced, resource-fenced) and deletes them at the end. The workers are the kcl-consumers \
                        jar's LeaseElectionWorker; their reports are in the run directory.""",
                List.of(CONDITIONS, LOCK_CLIENT, KLEPPMANN, CHUBBY),
                Duration.ofSeconds(40), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("A leader is paused past its lease; meanwhile another worker becomes leader. When the paused one "
                        + "wakes, it writes to a resource item with a plain PutItem (no condition). What happens to its write?",
                        "stale-accepted-unfenced", List.of(
                        new Prediction.Choice("DynamoDB rejects it: the lease has expired", 0, 1),
                        new Prediction.Choice("it is accepted and overwrites the new leader's work", 1, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(180));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("workers", 3, 3, 5, "worker processes competing for the lease (one is killed, one paused, one takes over)"),
                ParameterSpec.duration("lease", "2s", "500ms", "30s", "lease duration: a holder not heard from this long is replaced"),
                ParameterSpec.duration("heartbeat", "500ms", "50ms", "10s", "how often the leader renews (must be under half the lease)"),
                ParameterSpec.duration("poll", "100ms", "20ms", "2s", "how often a worker looks at the lease, and the leader's loop tick"),
                ParameterSpec.duration("write-every", "300ms", "50ms", "10s", "how often the leader appends an entry to the resource items"),
                ParameterSpec.duration("pause", "5s", "1s", "60s", "how long the second leader stops before its write (must exceed lease + 1s)"));
    }

    /** What the run saw of each worker, from its report. */
    record Timeline(String worker, List<WorkerEvent> events, Instant killedAt) {
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        long lease = Math.round(p.millis("lease"));
        long heartbeat = Math.round(p.millis("heartbeat"));
        long pause = Math.round(p.millis("pause"));
        if (heartbeat * 2 > lease) {
            throw new ExperimentException("heartbeat (" + heartbeat + " ms) must be at most half the lease (" + lease + " ms): a holder "
                    + "renews at least twice per lease, or one slow renewal loses it");
        }
        if (pause < lease + 1000) {
            throw new ExperimentException("pause (" + pause + " ms) must exceed the lease by a second or more (" + (lease + 1000)
                    + " ms), so another worker takes over while the leader is stopped");
        }
        String key = "leader-election#" + context.runId();
        String table = context.sandbox().table();
        Instant startedAt = Instant.now();
        Map<String, Instant> killed = new LinkedHashMap<>();
        Map<Long, String> marks = new HashMap<>();
        try (KclWorkers workers = new KclWorkers(context.kclWorkerJar(), context.target(), context.runDirectory().resolve("workers"));
             DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            List<KclWorkers.Worker> all = new ArrayList<>();
            for (int i = 1; i <= p.integer("workers"); i++) {
                all.add(workers.start("w" + i, WORKER_MAIN, List.of("--table", table, "--key", key, "--lease", Long.toString(lease),
                        "--heartbeat", Long.toString(heartbeat), "--poll", Long.toString(Math.round(p.millis("poll"))),
                        "--write-every", Long.toString(Math.round(p.millis("write-every"))))));
            }
            Map<String, KclWorkers.Worker> byId = new LinkedHashMap<>();
            all.forEach(worker -> byId.put(worker.id(), worker));
            try {
                context.progress().update("starting " + all.size() + " worker processes", 0, 0);
                WorkerEvent first = await(context, all, e -> e.is("acquired"), WORKER_START, "a first leader");
                KclWorkers.Worker leader = byId.get(first.worker());
                context.progress().note(first.worker() + " leads with token " + token(first));
                await(context, List.of(leader), e -> e.is("write") && accepted(e), Duration.ofSeconds(10), first.worker() + "'s first write");

                // 1. kill -9 the leader: nothing released, the others must wait the lease out
                record(context, 0, "kill", first.worker(), "kill -9 of the leader " + first.worker() + " (token " + token(first) + ")");
                leader.kill();
                Instant killedAt = Instant.now();
                killed.put(first.worker(), killedAt);
                context.progress().note("killed " + first.worker() + " -9; waiting for a takeover");
                WorkerEvent second = await(context, all, e -> e.is("acquired") && e.time().isAfter(killedAt),
                        Duration.ofMillis(lease * 3 + 10_000), "a takeover after the kill");
                KclWorkers.Worker next = byId.get(second.worker());
                context.progress().note(second.worker() + " took over with token " + token(second) + " after "
                        + Duration.between(killedAt, second.time()).toMillis() + " ms");
                await(context, List.of(next), e -> e.is("write") && accepted(e) && e.time().isAfter(second.time()), Duration.ofSeconds(10),
                        second.worker() + "'s first write");

                // 2. pause the new leader between its decision and its write, past its lease
                record(context, 0, "pause", second.worker(), "pause " + pause + " ms before " + second.worker() + "'s next write");
                next.send("pause " + pause);
                WorkerEvent paused = await(context, List.of(next), e -> e.is("pause-start"), Duration.ofSeconds(10), "the pause");
                context.progress().note(second.worker() + " paused for " + pause + " ms (token " + token(second) + ")");
                WorkerEvent third = await(context, all, e -> e.is("acquired") && e.time().isAfter(paused.time()),
                        Duration.ofMillis(pause + 10_000), "a takeover during the pause");
                await(context, all, e -> e.is("write") && e.worker().equals(third.worker()) && e.time().isAfter(third.time()),
                        Duration.ofMillis(pause + 10_000), third.worker() + "'s write during the pause");
                await(context, List.of(next), e -> e.is("lost"), Duration.ofMillis(pause + lease + 10_000),
                        second.worker() + " noticing it lost the lease");
                // one more write of the new leader after the stale one, so the lost entries are plain in the final items
                Instant staleDone = Instant.now();
                await(context, all, e -> e.is("write") && e.worker().equals(third.worker()) && e.time().isAfter(staleDone),
                        Duration.ofSeconds(10), third.worker() + "'s write after the stale one");

                Map<String, List<String>> finalEntries = new LinkedHashMap<>();
                for (String resource : List.of("resource-unfenced", "resource-fenced")) {
                    finalEntries.put(resource, entries(dynamoDb, table, key, resource));
                }
                List<Timeline> timelines = new ArrayList<>();
                for (KclWorkers.Worker worker : all) {
                    timelines.add(new Timeline(worker.id(), worker.events(), killed.get(worker.id())));
                }
                return analyse(context, timelines, finalEntries, startedAt, lease, marks, second.worker(), third.worker());
            } finally {
                all.forEach(KclWorkers.Worker::kill);
                deleteItems(dynamoDb, table, key);
            }
        }
    }

    private static WorkerEvent await(RunContext context, List<KclWorkers.Worker> workers, Predicate<WorkerEvent> condition, Duration timeout,
                                     String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (KclWorkers.Worker worker : workers) {
                Optional<WorkerEvent> found = worker.events().stream().filter(condition).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ExperimentException("no " + what + " within " + timeout.toSeconds() + " s; the workers: "
                        + workers.stream().map(w -> w.id() + " " + w.describe()).reduce((a, b) -> a + "; " + b).orElse("none"));
            }
            context.progress().update("waiting for " + what, 0, 0);
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void record(RunContext context, int client, String f, String key, String what) {
        context.history().invoke(client, f, key, null, null, null).ok(what);
    }

    private static List<String> entries(DynamoDbClient dynamoDb, String table, String key, String resource) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key), "sk", AttributeValue.fromS(resource)))).item();
        return item == null || !item.containsKey("entries") ? List.of() : item.get("entries").l().stream().map(AttributeValue::s).toList();
    }

    private static void deleteItems(DynamoDbClient dynamoDb, String table, String key) {
        for (String sk : List.of("lease", "resource-unfenced", "resource-fenced")) {
            try {
                dynamoDb.deleteItem(delete -> delete.tableName(table).key(Map.of("pk", AttributeValue.fromS(key), "sk", AttributeValue.fromS(sk))));
            } catch (SdkException leftBehind) {
                // the items are small and named after the run; a later run uses its own key
            }
        }
    }

    static long token(WorkerEvent event) {
        return ((Number) event.fields().get("token")).longValue();
    }

    static boolean accepted(WorkerEvent event) {
        return Boolean.TRUE.equals(event.fields().get("accepted"));
    }

    ExperimentResult analyse(RunContext context, List<Timeline> timelines, Map<String, List<String>> finalEntries, Instant startedAt,
                             long lease, Map<Long, String> marks, String secondLeader, String thirdLeader) {
        List<WorkerEvent> events = timelines.stream().flatMap(t -> t.events().stream())
                .sorted(java.util.Comparator.comparing(WorkerEvent::time)).toList();
        Instant killedAt = timelines.stream().filter(t -> t.killedAt() != null).findFirst().map(Timeline::killedAt).orElseThrow();
        WorkerEvent takeoverAfterKill = events.stream().filter(e -> e.is("acquired") && e.worker().equals(secondLeader)
                && e.time().isAfter(killedAt)).findFirst().orElseThrow();
        WorkerEvent pauseStart = events.stream().filter(e -> e.is("pause-start")).findFirst().orElseThrow();
        WorkerEvent pauseEnd = events.stream().filter(e -> e.is("pause-end")).findFirst().orElseThrow();
        WorkerEvent takeoverInPause = events.stream().filter(e -> e.is("acquired") && e.worker().equals(thirdLeader)
                && e.time().isAfter(pauseStart.time())).findFirst().orElseThrow();
        long staleToken = token(pauseStart);
        long newToken = token(takeoverInPause);

        // every worker event as an operation of the history, in time order: acquisitions, losses, and each write's verdict
        Map<String, Integer> clients = new HashMap<>();
        for (int i = 0; i < timelines.size(); i++) {
            clients.put(timelines.get(i).worker(), i + 1);
        }
        for (WorkerEvent event : events) {
            int client = clients.get(event.worker());
            if (event.is("acquired")) {
                context.history().invoke(client, "acquire", "lease", null, null, null).ok("token " + token(event) + " from "
                        + (String.valueOf(event.fields().get("from")).isEmpty() ? "nobody (new lease)" : event.fields().get("from")));
            } else if (event.is("lost")) {
                context.history().invoke(client, "lost", "lease", null, null, null).ok("token " + token(event) + ": " + event.fields().get("reason"));
            } else if (event.is("write")) {
                String resource = (String) event.fields().get("resource");
                String entry = (String) event.fields().get("entry");
                boolean stale = event.time().isAfter(pauseEnd.time()) && event.worker().equals(secondLeader) && token(event) == staleToken;
                var pending = context.history().invoke(client, "write", resource, entry, null, resource.endsWith("unfenced") ? "unfenced" : "fenced");
                RecordedOp op = accepted(event) ? pending.ok(entry) : pending.fail("ConditionalCheckFailed: fence above token " + token(event));
                if (stale) {
                    marks.put(op.index(), (accepted(event) ? "stale write accepted" : "stale write rejected") + " (token " + staleToken
                            + " after token " + newToken + ")");
                }
            }
        }

        // the entries the new leader wrote during the pause, and which of them survived the stale write
        Map<String, Long> lost = new LinkedHashMap<>();
        Map<String, Boolean> staleAccepted = new LinkedHashMap<>();
        for (String resource : List.of("resource-unfenced", "resource-fenced")) {
            List<String> present = finalEntries.get(resource);
            lost.put(resource, events.stream().filter(e -> e.is("write") && accepted(e) && resource.equals(e.fields().get("resource")))
                    .map(e -> (String) e.fields().get("entry")).filter(entry -> !present.contains(entry)).count());
            staleAccepted.put(resource, events.stream().anyMatch(e -> e.is("write") && e.worker().equals(secondLeader)
                    && resource.equals(e.fields().get("resource")) && e.time().isAfter(pauseEnd.time()) && accepted(e)));
        }
        double takeoverKillMs = Duration.between(killedAt, takeoverAfterKill.time()).toMillis();
        double takeoverPauseMs = Duration.between(pauseStart.time(), takeoverInPause.time()).toMillis();
        long highestToken = events.stream().filter(e -> e.is("acquired")).mapToLong(DynamoDbLeaderElectionExperiment::token).max().orElse(0);

        List<Observation> observations = List.of(
                new Observation("lease-ms", "lease duration", lease, "ms"),
                new Observation("takeover-kill-ms", "kill -9 of the leader to a new leader", takeoverKillMs, "ms"),
                new Observation("takeover-kill-waited-ms", "how long the new leader had seen the old lease unrenewed",
                        ((Number) takeoverAfterKill.fields().get("waitedMillis")).doubleValue(), "ms"),
                new Observation("takeover-pause-ms", "start of the leader's pause to a new leader", takeoverPauseMs, "ms"),
                new Observation("pause-ms", "the paused leader stopped for", ((Number) pauseStart.fields().get("millis")).doubleValue(), "ms"),
                new Observation("stale-token", "the paused leader's fencing token", staleToken, ""),
                new Observation("new-token", "the fencing token of the leader that took over during the pause", newToken, ""),
                new Observation("stale-accepted-unfenced", "stale writes accepted by the resource without a fence",
                        staleAccepted.get("resource-unfenced") ? 1 : 0, ""),
                new Observation("stale-accepted-fenced", "stale writes accepted by the fenced resource", staleAccepted.get("resource-fenced") ? 1 : 0, ""),
                new Observation("lost-entries-unfenced", "acknowledged entries lost from the resource without a fence", lost.get("resource-unfenced"), ""),
                new Observation("lost-entries-fenced", "acknowledged entries lost from the fenced resource", lost.get("resource-fenced"), ""),
                new Observation("leaders", "leases granted in the run (highest fencing token)", highestToken, ""));

        List<Check> checks = new ArrayList<>();
        Map<Long, String> owners = new LinkedHashMap<>();
        boolean oneOwnerPerToken = true;
        long previous = 0;
        boolean increasing = true;
        for (WorkerEvent acquired : events.stream().filter(e -> e.is("acquired")).toList()) {
            oneOwnerPerToken &= owners.putIfAbsent(token(acquired), acquired.worker()) == null;
            increasing &= token(acquired) > previous;
            previous = token(acquired);
        }
        checks.add(new Check("lease", "one holder per fencing token, tokens increase", oneOwnerPerToken && increasing ? Check.Verdict.PASS
                : Check.Verdict.FAIL, "leases in order: " + owners.entrySet().stream().map(o -> o.getValue() + " token " + o.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("none")));
        checks.add(fencing("resource-fenced", "writes conditional on the fencing token", staleAccepted, lost, secondLeader, staleToken, newToken));
        checks.add(fencing("resource-unfenced", "plain writes (no fence)", staleAccepted, lost, secondLeader, staleToken, newToken));

        return new ExperimentResult(observations, checks, charts(timelines, events, startedAt, lease, takeoverKillMs, takeoverPauseMs, lost),
                marks);
    }

    private static Check fencing(String resource, String scope, Map<String, Boolean> staleAccepted, Map<String, Long> lost, String stale,
                                 long staleToken, long newToken) {
        boolean safe = !staleAccepted.get(resource) && lost.get(resource) == 0;
        return new Check("no write from a replaced leader", resource + ": " + scope, safe ? Check.Verdict.PASS : Check.Verdict.FAIL,
                (staleAccepted.get(resource) ? stale + "'s write with token " + staleToken + " was accepted after token " + newToken
                        : stale + "'s write with token " + staleToken + " was rejected (the item's fence was " + newToken + ")")
                        + "; " + lost.get(resource) + " acknowledged entries lost");
    }

    private static List<Chart> charts(List<Timeline> timelines, List<WorkerEvent> events, Instant startedAt, long lease, double takeoverKillMs,
                                      double takeoverPauseMs, Map<String, Long> lost) {
        List<Chart.Series> holders = new ArrayList<>();
        for (Timeline timeline : timelines) {
            List<Chart.Point> points = new ArrayList<>();
            points.add(Chart.Point.of(0, 0));
            for (WorkerEvent event : timeline.events()) {
                double at = seconds(startedAt, event.time());
                if (event.is("acquired")) {
                    points.add(Chart.Point.of(at, token(event)));
                } else if (event.is("lost")) {
                    points.add(Chart.Point.of(at, 0));
                } else if (event.is("pause-start")) {
                    points.add(new Chart.Point(at, token(event), "paused"));
                }
            }
            if (timeline.killedAt() != null) {
                points.add(Chart.Point.of(seconds(startedAt, timeline.killedAt()), 0));
            }
            points.add(Chart.Point.of(seconds(startedAt, events.get(events.size() - 1).time()), points.get(points.size() - 1).y()));
            holders.add(new Chart.Series(timeline.worker() + (timeline.killedAt() != null ? " (killed -9)" : ""), points));
        }
        return List.of(
                new Chart("lease-holders", "Fencing token each worker holds over the run (0: not the leader; a paused leader still believes it holds its token)",
                        Chart.Kind.TIMELINE, "seconds since the run started", "token held", holders),
                new Chart("takeover", "Time to a new leader against the lease duration", Chart.Kind.BAR, "", "ms", List.of(new Chart.Series("ms",
                        List.of(new Chart.Point(0, lease, "lease duration"), new Chart.Point(1, takeoverKillMs, "after kill -9"),
                                new Chart.Point(2, takeoverPauseMs, "after the pause began"))))),
                new Chart("lost-entries", "Acknowledged entries lost to the paused leader's stale write", Chart.Kind.BAR, "resource", "entries",
                        List.of(new Chart.Series("lost", List.of(new Chart.Point(0, lost.get("resource-unfenced"), "no fence"),
                                new Chart.Point(1, lost.get("resource-fenced"), "fenced by token"))))));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    // ---- quiz ---------------------------------------------------------------------------------------------------

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::takeover, this::lostEntries, this::whyFencing, this::whatCondition);
    }

    private Optional<Question> takeover(RunSummary run) {
        Optional<Double> takeover = run.observations().value("takeover-kill-ms");
        Optional<Double> lease = run.observations().value("lease-ms");
        if (takeover.isEmpty() || lease.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-leader-election.takeover",
                "In your run " + run.runId() + " (lease " + Numbers.format(lease.get()) + " ms), how many milliseconds passed from the kill -9 of "
                        + "the leader until another worker held the lease?",
                List.of(), new AnswerKey.Numeric(Math.round(takeover.get()), Math.max(200, takeover.get() * 0.2), "ms"),
                "Your run measured " + Numbers.format(takeover.get()) + " ms. A dead holder cannot release its lease, and nobody can tell it "
                        + "from a slow one: a waiter takes over only after the record version number stood still for a whole lease "
                        + "duration of its own clock (the DynamoDB Lock Client's rule), so a takeover costs about a lease after the last "
                        + "heartbeat, less the time since that heartbeat, plus a poll.",
                List.of(LOCK_CLIENT, CONDITIONS), Difficulty.EASY, List.of("leader-election", "leases", "dynamodb"),
                "What does a shorter lease cost, and what breaks if the lease is shorter than the longest pause a leader can have?"));
    }

    private Optional<Question> lostEntries(RunSummary run) {
        Optional<Double> lost = run.observations().value("lost-entries-unfenced");
        Optional<Double> fenced = run.observations().value("lost-entries-fenced");
        if (lost.isEmpty() || fenced.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-leader-election.lost-entries",
                "In your run " + run.runId() + ", how many acknowledged entries of the new leader did the paused leader's stale write erase from "
                        + "the resource item without a fence?",
                List.of(), new AnswerKey.Numeric(lost.get(), 0.5, "entries"),
                "Your run lost " + Numbers.format(lost.get()) + " entries there and " + Numbers.format(fenced.get()) + " from the fenced item. "
                        + "The paused leader had read the item before its pause and wrote back its old list plus one entry: every entry "
                        + "the new leader appended meanwhile vanished, although DynamoDB had acknowledged each. On the fenced item the put "
                        + "required fence <= its token, and the new leader had already raised the fence, so DynamoDB rejected it.",
                List.of(KLEPPMANN, CONDITIONS), Difficulty.MEDIUM, List.of("leader-election", "fencing", "lost-update"),
                "Would a compare-and-set on the item's version (optimistic locking) have saved these entries? What would it not protect?"));
    }

    private Optional<Question> whyFencing(RunSummary run) {
        return Optional.of(new Question("obs.dynamodb-leader-election.why-fencing",
                "Your paused leader checked its lease just before the pause and wrote just after it. Which measures stop such a write from "
                        + "a replaced leader?",
                List.of("The resource refuses a write whose fencing token is below the highest it has accepted",
                        "The leader checks that its lease is still valid right before each write",
                        "A longer lease duration",
                        "The lock service hands out a sequencer (lock generation) that the resource server validates"),
                new AnswerKey.MultipleChoice(Set.of(0, 3)),
                "A check before the write cannot be atomic with a write to another system: the pause can fall between them, as in your "
                        + "run. A longer lease only makes it rarer. The resource itself must reject the late write: a fencing token "
                        + "(Kleppmann) is exactly Chubby's sequencer, a number that grows with every grant and that servers check.",
                List.of(KLEPPMANN, CHUBBY), Difficulty.MEDIUM, List.of("leader-election", "fencing"),
                "Your fenced item accepted writes with token >= the fence. Why not only token == current token?"));
    }

    private Optional<Question> whatCondition(RunSummary run) {
        return Optional.of(new Question("obs.dynamodb-leader-election.takeover-condition",
                "Two workers see the same unrenewed lease at once and both try to take it over. What in your run's worker makes exactly one "
                        + "of them succeed?",
                List.of("An UpdateItem with ConditionExpression rvn = :seen (the record version number it watched); the loser gets "
                        + "ConditionalCheckFailedException",
                        "A GetItem with ConsistentRead right before the PutItem",
                        "Comparing the workers' clocks with the lease's expiry time",
                        "The lowest worker id wins"),
                new AnswerKey.SingleChoice(0),
                "DynamoDB evaluates a condition expression and applies the write atomically: the first update changes the rvn, so the "
                        + "second's condition fails. A read then a write leaves a gap between them, and clocks on different hosts "
                        + "drift: the Lock Client compares no clocks, only the rvn it saw against its own elapsed time.",
                List.of(CONDITIONS, LOCK_CLIENT), Difficulty.EASY, List.of("leader-election", "dynamodb", "conditional-writes"),
                "How would you let a leader give up its lease on a clean shutdown so the next takes over at once?"));
    }
}
