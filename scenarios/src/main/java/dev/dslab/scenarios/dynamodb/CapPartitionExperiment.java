package dev.dslab.scenarios.dynamodb;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.check.ReadStaleness;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CAP trade-off on DynamoDB's own architecture: writers, strong readers and eventual readers run
 * before, during and after a partition of the replication group (an isolated leader, replica, or a crashed
 * leader); availability and staleness of each kind of operation per phase.
 */
public final class CapPartitionExperiment implements Experiment {

    static final Source GILBERT_LYNCH = new Source("Gilbert and Lynch, Brewer's Conjecture and the Feasibility of Consistent, "
            + "Available, Partition-Tolerant Web Services, ACM SIGACT News 33(2), 2002", "https://doi.org/10.1145/564585.564601");
    static final Source ABADI = new Source("Abadi, Consistency Tradeoffs in Modern Distributed Database System Design (PACELC), "
            + "IEEE Computer 45(2), 2012", "https://doi.org/10.1109/MC.2012.33");
    static final Source BREWER = new Source("Brewer, CAP Twelve Years Later: How the \"Rules\" Have Changed, IEEE Computer 45(2), 2012",
            "https://doi.org/10.1109/MC.2012.37");
    static final Source KLEPPMANN_CAP = new Source("Kleppmann, A Critique of the CAP Theorem, arXiv:1509.05393, 2015",
            "https://arxiv.org/abs/1509.05393");

    static final List<String> PHASES = List.of("before", "during", "after");
    static final List<String> KINDS = List.of("write", "strong", "eventual");
    static final double WINDOW_SECONDS = 0.5;

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("cap-partition",
                "CAP on DynamoDB's architecture: what stays available and what stays consistent while a replica group is partitioned",
                "While the leader is cut off, writes and strongly consistent reads fail, eventually consistent reads keep answering "
                        + "but may be stale; after healing, everything is available and consistent again.",
                """
                        The CAP theorem (Brewer's conjecture, proved by Gilbert and Lynch) says that no system can guarantee, \
                        during a network partition, both linearizable reads and writes (C) and that every request received by a \
                        non-failing node gets a non-error response (A). "Available" in the theorem is this strict, per-request \
                        property, not "up 99.99 % of the time"; and P is not a choice: partitions happen, so the real choice is \
                        what each operation does during one.

                        DynamoDB makes that choice per operation. A partition's replication group has a leader elected by \
                        Multi-Paxos; writes and strongly consistent reads need the leader (and, for writes, a quorum), so while the \
                        leader is unreachable they fail until a new leader is elected: consistent, not available. Eventually \
                        consistent reads may be served by any reachable replica: available, not consistent. PACELC (Abadi) adds \
                        the other half: Else, without a partition, the trade-off is Latency vs. Consistency, which DynamoDB hands to \
                        you as the ConsistentRead flag and its price.

                        This experiment runs writers, strong readers and eventual readers in three phases: before, during and after \
                        a fault of the local target's replication model (isolate the leader, isolate one replica, or crash the \
                        leader), and reports availability (success rate) and consistency (stale reads) per operation kind and \
                        phase, with a timeline. On the real service you cannot cut a replication group, so it runs on the local \
                        target only.""",
                List.of(GILBERT_LYNCH, ABADI, BREWER, KLEPPMANN_CAP, ReadConsistencyExperiment.DYNAMODB_PAPER,
                        ReadConsistencyExperiment.READ_CONSISTENCY),
                Duration.ofSeconds(20), Set.of("local"),
                Optional.of(new Prediction("While the leader is isolated, what share of strongly consistent reads will succeed?",
                        "success-percent-strong-during", List.of(
                                new Prediction.Choice("almost none (under 10 %)", 0, 10),
                                new Prediction.Choice("some (10 % to 90 %)", 10, 90),
                                new Prediction.Choice("almost all (90 % or more)", 90, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(240));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return Stream.concat(Stream.of(
                ParameterSpec.choice("fault", "isolate-leader", List.of("isolate-leader", "isolate-replica", "crash-leader"),
                        "what happens to the replication group during the middle phase"),
                ParameterSpec.integer("replica", 2, 1, 3, "the replica isolated by fault=isolate-replica"),
                ParameterSpec.duration("phase", "5s", "1s", "60s", "length of each phase (before, during, after)"),
                ParameterSpec.integer("clients", 2, 1, 8, "clients of each kind (writers, strong readers, eventual readers)"),
                ParameterSpec.duration("interval", "20ms", "0ms", "1s", "pause of each client between operations")),
                ReplicaLag.parameters("").stream()).toList();
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        ReplicaLag.apply(context);
        int perKind = p.integer("clients");
        long pause = Math.round(p.millis("interval"));
        long phaseMillis = Math.round(p.millis("phase"));
        AtomicLong[] counters = new AtomicLong[perKind];
        for (int i = 0; i < perKind; i++) {
            counters[i] = new AtomicLong();
        }
        long[] phaseStarts = new long[PHASES.size() + 1];
        try (DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            RegisterTable registers = new RegisterTable(context, dynamoDb);
            Thread faults = new Thread(() -> {
                try {
                    phaseStarts[0] = context.history().now();
                    Thread.sleep(phaseMillis);
                    phaseStarts[1] = context.history().now();
                    context.progress().note("fault: " + p.choice("fault"));
                    Map<String, Object> fault = new HashMap<>();
                    fault.put("action", p.choice("fault"));
                    if (p.choice("fault").equals("isolate-replica")) {
                        fault.put("replica", p.integer("replica"));
                    }
                    context.changeModel("dynamodb/fault", fault);
                    Thread.sleep(phaseMillis);
                    phaseStarts[2] = context.history().now();
                    context.progress().note("healing");
                    context.changeModel("dynamodb/fault", Map.of("action", "heal"));
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }, "cap-partition-faults");
            faults.setDaemon(true);
            faults.start();
            try {
                Clients.run(context, "clients", 3 * perKind, Duration.ofMillis(3 * phaseMillis), (client, random) -> {
                    String key = "k" + random.nextInt(2);
                    int kind = client / perKind;
                    if (kind == 0) {
                        registers.write(client, key, "c" + client + "-" + counters[client].incrementAndGet());
                    } else {
                        registers.read(client, key, kind == 1);
                    }
                    Thread.sleep(pause);
                    return true;
                });
            } finally {
                faults.interrupt();
                faults.join(5_000);
            }
            phaseStarts[3] = context.history().now();
        }
        return analyse(context.history().operations(), phaseStarts);
    }

    static String kindOf(RecordedOp op) {
        return op.f().equals("write") ? "write" : op.mode();
    }

    static String phaseOf(long nanos, long[] starts) {
        if (nanos >= starts[2] && starts[2] > 0) {
            return "after";
        }
        return nanos >= starts[1] && starts[1] > 0 ? "during" : "before";
    }

    ExperimentResult analyse(List<RecordedOp> history, long[] phaseStarts) {
        ReadModeAnalysis analysis = new ReadModeAnalysis(history);
        Map<RecordedOp, Boolean> stale = new HashMap<>();
        Set<Long> staleIndexes = analysis.staleMarks().keySet();
        history.forEach(op -> stale.put(op, staleIndexes.contains(op.index())));
        List<Observation> observations = new ArrayList<>();
        for (String phase : PHASES) {
            for (String kind : KINDS) {
                List<RecordedOp> ops = history.stream()
                        .filter(op -> kind.equals(kindOf(op)) && phase.equals(phaseOf(op.invokeNanos(), phaseStarts))).toList();
                long ok = ops.stream().filter(op -> op.outcome() == Outcome.OK).count();
                observations.add(new Observation("success-percent-" + kind + "-" + phase, kind + " operations that succeeded, " + phase,
                        ops.isEmpty() ? Double.NaN : Numbers.percent(ok, ops.size()), "%"));
                if (!kind.equals("write")) {
                    long staleReads = ops.stream().filter(op -> op.outcome() == Outcome.OK && stale.get(op)).count();
                    observations.add(new Observation("stale-percent-" + kind + "-" + phase, "stale " + kind + " reads, " + phase,
                            ok == 0 ? Double.NaN : Numbers.percent(staleReads, ok), "%"));
                }
            }
        }
        List<Check> checks = List.of(analysis.linearizability("strong"), analysis.linearizability("eventual"));
        return new ExperimentResult(observations, checks, List.of(timeline(history, stale)), analysis.staleMarks());
    }

    private static Chart timeline(List<RecordedOp> history, Map<RecordedOp, Boolean> stale) {
        long end = history.stream().mapToLong(RecordedOp::completeNanos).max().orElse(0);
        int windows = (int) Math.ceil(end / (WINDOW_SECONDS * 1e9)) + 1;
        Map<String, long[]> total = new LinkedHashMap<>();
        Map<String, long[]> good = new LinkedHashMap<>();
        long[] staleEventual = new long[windows];
        for (String kind : KINDS) {
            total.put(kind, new long[windows]);
            good.put(kind, new long[windows]);
        }
        for (RecordedOp op : history) {
            String kind = kindOf(op);
            if (!total.containsKey(kind)) {
                continue;
            }
            int window = (int) (op.invokeNanos() / (WINDOW_SECONDS * 1e9));
            total.get(kind)[window]++;
            if (op.outcome() == Outcome.OK) {
                good.get(kind)[window]++;
                if (kind.equals("eventual") && stale.get(op)) {
                    staleEventual[window]++;
                }
            }
        }
        List<Chart.Series> series = new ArrayList<>();
        for (String kind : KINDS) {
            List<Chart.Point> points = new ArrayList<>();
            for (int w = 0; w < windows; w++) {
                if (total.get(kind)[w] > 0) {
                    points.add(Chart.Point.of(w * WINDOW_SECONDS, Numbers.percent(good.get(kind)[w], total.get(kind)[w])));
                }
            }
            series.add(new Chart.Series(kind + " success %", points));
        }
        List<Chart.Point> stalePoints = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            if (good.get("eventual")[w] > 0) {
                stalePoints.add(Chart.Point.of(w * WINDOW_SECONDS, Numbers.percent(staleEventual[w], good.get("eventual")[w])));
            }
        }
        series.add(new Chart.Series("eventual stale %", stalePoints));
        return new Chart("cap-timeline", "Availability and staleness over the run (0.5 s windows)", Chart.Kind.TIMELINE,
                "seconds since the run started", "%", series);
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::strongDuring, this::availableDuring, this::cpOrAp);
    }

    private Optional<Question> strongDuring(RunSummary run) {
        Optional<Double> value = run.observations().value("success-percent-strong-during");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.cap-partition.strong-during",
                "In your run " + run.runId() + " (fault " + run.parameters().get("fault") + "), what percentage of strongly consistent "
                        + "reads succeeded during the fault?",
                List.of(), new AnswerKey.Numeric(Math.round(value.get()), Math.max(3, value.get() * 0.1), "%"),
                "Your run: " + Numbers.format(value.get()) + " %. A strongly consistent read must be served by the leader; if the "
                        + "leader is unreachable (isolated, or crashed and not yet replaced) the read fails rather than risk a stale "
                        + "answer. Isolating a follower does not affect it.",
                List.of(ReadConsistencyExperiment.DYNAMODB_PAPER, GILBERT_LYNCH), Difficulty.MEDIUM, List.of("cap", "dynamodb"),
                "How long does such an outage last on the real service, and what bounds it?"));
    }

    private Optional<Question> availableDuring(RunSummary run) {
        List<String> options = List.of("writes", "strongly consistent reads", "eventually consistent reads");
        Set<Integer> available = new LinkedHashSet<>();
        for (int i = 0; i < KINDS.size(); i++) {
            Optional<Double> success = run.observations().value("success-percent-" + KINDS.get(i) + "-during");
            if (success.isEmpty()) {
                return Optional.empty();
            }
            if (success.get() >= 90) {
                available.add(i);
            }
        }
        if (available.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.cap-partition.available-during",
                "In your run " + run.runId() + ", which kinds of operation stayed available (90 % or more succeeded) during the fault?",
                options, new AnswerKey.MultipleChoice(available),
                "Writes need the leader and a quorum; strong reads need the leader; eventual reads need any reachable replica. "
                        + "Which survive depends on what the fault cut off: your run used " + run.parameters().get("fault") + ".",
                List.of(ReadConsistencyExperiment.DYNAMODB_PAPER, ReadConsistencyExperiment.READ_CONSISTENCY), Difficulty.MEDIUM,
                List.of("cap", "dynamodb"), "Why does isolating one follower not make writes fail?"));
    }

    private Optional<Question> cpOrAp(RunSummary run) {
        return Optional.of(new Question("obs.cap-partition.cp-or-ap",
                "An interviewer asks: \"Is DynamoDB CP or AP?\" Using what your run showed, answer precisely.",
                List.of(), new AnswerKey.Open(
                        "Neither label fits the whole service: the choice is made per operation. Writes and strongly consistent reads "
                                + "go through the partition's leader and fail while it is unreachable: they choose consistency (CP "
                                + "behaviour for those operations). Eventually consistent reads are answered by any reachable replica and "
                                + "may be stale: they choose availability. CAP's availability means every request to a non-failing node "
                                + "gets a non-error answer, which no leader-based system offers for strong operations. Without a "
                                + "partition the trade-off is latency and cost vs. consistency (PACELC), exposed as ConsistentRead.",
                        List.of("the choice is per operation, not per system",
                                "writes and strong reads need the leader: consistent, unavailable in a partition",
                                "eventual reads are served by any replica: available, possibly stale",
                                "CAP availability is the strict per-request definition",
                                "PACELC: without partitions, latency vs. consistency (ConsistentRead)")),
                "CAP classifies behaviour during partitions per operation; labelling a whole database CP or AP loses the point.",
                List.of(GILBERT_LYNCH, ABADI, KLEPPMANN_CAP, ReadConsistencyExperiment.DYNAMODB_PAPER), Difficulty.HARD,
                List.of("cap", "pacelc", "dynamodb"), "Where do DynamoDB global tables sit in the same framing?"));
    }
}
