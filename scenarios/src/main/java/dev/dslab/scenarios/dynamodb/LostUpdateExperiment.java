package dev.dslab.scenarios.dynamodb;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.check.LostUpdateChecker;
import dev.dslab.consensus.linearizability.Operation.Outcome;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Clients;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Concurrent increments of one counter item, four ways: read-modify-write, conditional write on a version
 * attribute (optimistic locking), atomic ADD, and TransactWriteItems. Lost updates, conflicts and
 * throughput side by side.
 */
public final class LostUpdateExperiment implements Experiment {

    static final Source CONDITIONAL = new Source("Amazon DynamoDB Developer Guide: Condition expressions (conditional writes)",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html");
    static final Source OPTIMISTIC = new Source("Amazon DynamoDB Developer Guide: Optimistic locking with version number",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBMapper.OptimisticLocking.html");
    static final Source ATOMIC_COUNTERS = new Source("Amazon DynamoDB Developer Guide: Working with items (atomic counters, "
            + "UpdateItem ADD)", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html");
    static final Source TRANSACTIONS = new Source("Amazon DynamoDB Developer Guide: Amazon DynamoDB Transactions: How it works",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html");
    static final Source KLEPPMANN = new Source("Kleppmann, Designing Data-Intensive Applications, chapter 7 (Preventing Lost "
            + "Updates)", "https://dataintensive.net/");

    enum Strategy {
        READ_MODIFY_WRITE("read-modify-write"), CONDITIONAL("conditional"), ATOMIC_ADD("atomic-add"), TRANSACTION("transaction");

        final String id;

        Strategy(String id) {
            this.id = id;
        }
    }

    static final int MAX_ATTEMPTS = 100;

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("dynamodb-lost-update",
                "Concurrent increments four ways: read-modify-write loses updates; conditions, ADD and transactions do not",
                "Read-modify-write loses increments whenever two clients read the same value; a conditional write on a version "
                        + "attribute loses none but pays in conflicts and retries; atomic ADD and transactions lose none.",
                """
                        A lost update happens when two clients read the same value, each computes a new one, and the second write \
                        overwrites the first: both increments were acknowledged, one is gone. DynamoDB's PutItem and UpdateItem \
                        with SET are last-writer-wins, so a read-modify-write counter loses updates under concurrency, even with \
                        strongly consistent reads: consistency of reads does not make the read and the write atomic.

                        The fixes: a condition on the write (optimistic concurrency control: write only if the version attribute \
                        still has the value you read, else re-read and retry); an update that is atomic on the server (UpdateItem \
                        ADD, or SET n = n + :one), which needs no read at all; or a transaction (TransactWriteItems), which is \
                        all-or-nothing across items and serializable, at twice the write cost per item.

                        This experiment runs the same concurrent increments with each strategy on its own counter item, then reads \
                        the final value strongly and checks it against the acknowledged increments.""",
                List.of(CONDITIONAL, OPTIMISTIC, ATOMIC_COUNTERS, TRANSACTIONS, KLEPPMANN),
                Duration.ofSeconds(25), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("With read-modify-write, what share of the acknowledged increments will be lost?",
                        "lost-percent-read-modify-write", List.of(
                                new Prediction.Choice("none", 0, 1e-9),
                                new Prediction.Choice("under 10 %", 1e-9, 10),
                                new Prediction.Choice("10 % to 50 %", 10, 50),
                                new Prediction.Choice("half or more", 50, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(300));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("clients", 4, 2, 16, "clients incrementing the same counter"),
                ParameterSpec.integer("increments", 30, 1, 1000, "increments per client and strategy"),
                ParameterSpec.duration("think-time", "2ms", "0ms", "1s", "pause between the read and the write of read-modify-write "
                        + "and conditional increments"));
    }

    /** What one strategy's phase produced. */
    record Phase(Strategy strategy, LostUpdateChecker.CounterResult counter, long conflicts, double seconds) {
        double throughput() {
            return seconds == 0 ? 0 : counter.acknowledged() / seconds;
        }

        double lostPercent() {
            return Numbers.percent(counter.lostAtLeast(), counter.acknowledged());
        }
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        List<Phase> phases = new ArrayList<>();
        try (DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            for (Strategy strategy : Strategy.values()) {
                context.progress().note("incrementing with " + strategy.id);
                phases.add(runPhase(context, dynamoDb, strategy, p));
            }
        }
        return analyse(phases);
    }

    private Phase runPhase(RunContext context, DynamoDbClient dynamoDb, Strategy strategy, ParameterValues p) throws InterruptedException {
        String table = context.sandbox().table();
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(context.runId() + "#counter-" + strategy.id),
                "sk", AttributeValue.fromS("counter"));
        dynamoDb.putItem(put -> put.tableName(table).item(item(key, 0, 0)));
        int perClient = p.integer("increments");
        long think = Math.round(p.millis("think-time"));
        AtomicLong conflicts = new AtomicLong();
        HistoryRecorder history = context.history();
        int[] done = new int[p.integer("clients")];
        long start = System.nanoTime();
        AtomicLong completed = new AtomicLong();
        Clients.Measure measure = new Clients.Measure("increments", completed::get, (long) perClient * p.integer("clients"));
        Clients.run(context, strategy.id, p.integer("clients"), Duration.ofMinutes(2), measure, (client, random) -> {
            if (done[client]++ >= perClient) {
                return false;
            }
            HistoryRecorder.Pending add = history.invoke(client, "add", strategy.id, "1", null, strategy.id);
            try {
                for (int attempt = 1; ; attempt++) {
                    if (increment(dynamoDb, table, key, strategy, think, context.runId() + "#ledger-" + strategy.id + "-" + client + "-" + done[client])) {
                        add.ok("1");
                        completed.incrementAndGet();
                        return true;
                    }
                    conflicts.incrementAndGet();
                    if (attempt == MAX_ATTEMPTS) {
                        add.fail("gave up after " + MAX_ATTEMPTS + " conflicting attempts");
                        return true;
                    }
                }
            } catch (SdkException failure) {
                if (RegisterTable.mayHaveApplied(failure)) {
                    add.indeterminate(RegisterTable.describe(failure));
                } else {
                    add.fail(RegisterTable.describe(failure));
                }
                return true;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, AttributeValue> last = dynamoDb.getItem(get -> get.tableName(table).key(key).consistentRead(true)).item();
        if (last == null || !last.containsKey("n")) {
            throw new ExperimentException("the counter item of " + strategy.id + " disappeared");
        }
        long finalValue = Long.parseLong(last.get("n").n());
        List<LostUpdateChecker.Increment> increments = new ArrayList<>();
        for (RecordedOp op : history.operations()) {
            if (op.f().equals("add") && strategy.id.equals(op.mode())) {
                increments.add(new LostUpdateChecker.Increment(op.client(), 1, op.outcome()));
            }
        }
        return new Phase(strategy, new LostUpdateChecker().checkCounter(increments, finalValue), conflicts.get(), seconds);
    }

    /** One attempt; false when it lost a conflict and must be retried (it changed nothing). */
    private static boolean increment(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> key, Strategy strategy,
                                     long think, String ledgerKey) throws InterruptedException {
        switch (strategy) {
            case READ_MODIFY_WRITE, CONDITIONAL -> {
                Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).key(key).consistentRead(true)).item();
                long n = Long.parseLong(item.get("n").n());
                long version = Long.parseLong(item.get("version").n());
                Thread.sleep(think);
                try {
                    dynamoDb.putItem(put -> {
                        put.tableName(table).item(item(key, n + 1, version + 1));
                        if (strategy == Strategy.CONDITIONAL) {
                            put.conditionExpression("version = :read")
                                    .expressionAttributeValues(Map.of(":read", AttributeValue.fromN(Long.toString(version))));
                        }
                    });
                    return true;
                } catch (ConditionalCheckFailedException conflict) {
                    return false;
                }
            }
            case ATOMIC_ADD -> {
                dynamoDb.updateItem(update -> update.tableName(table).key(key).updateExpression("ADD n :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                return true;
            }
            default -> {
                try {
                    dynamoDb.transactWriteItems(transaction -> transaction.transactItems(
                            TransactWriteItem.builder().update(Update.builder().tableName(table).key(key).updateExpression("ADD n :one")
                                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build(),
                            TransactWriteItem.builder().put(Put.builder().tableName(table).item(Map.of(
                                            "pk", AttributeValue.fromS(ledgerKey), "sk", AttributeValue.fromS("ledger")))
                                    .conditionExpression("attribute_not_exists(pk)").build()).build()));
                    return true;
                } catch (TransactionCanceledException cancelled) {
                    if (cancelled.cancellationReasons().stream().map(CancellationReason::code).anyMatch("TransactionConflict"::equals)) {
                        return false;
                    }
                    throw cancelled;
                }
            }
        }
    }

    private static Map<String, AttributeValue> item(Map<String, AttributeValue> key, long n, long version) {
        return Map.of("pk", key.get("pk"), "sk", key.get("sk"), "n", AttributeValue.fromN(Long.toString(n)),
                "version", AttributeValue.fromN(Long.toString(version)));
    }

    ExperimentResult analyse(List<Phase> phases) {
        List<Observation> observations = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        List<Chart.Point> lost = new ArrayList<>();
        List<Chart.Point> throughput = new ArrayList<>();
        List<Chart.Point> retries = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            String id = phase.strategy().id;
            LostUpdateChecker.CounterResult counter = phase.counter();
            observations.add(new Observation("acknowledged-" + id, id + ": acknowledged increments", counter.acknowledged(), ""));
            observations.add(new Observation("final-" + id, id + ": final counter value", counter.finalValue(), ""));
            observations.add(new Observation("lost-" + id, id + ": lost updates (at least)", counter.lostAtLeast(), ""));
            observations.add(new Observation("lost-percent-" + id, id + ": share of acknowledged increments lost", phase.lostPercent(), "%"));
            observations.add(new Observation("conflicts-" + id, id + ": conflicting attempts retried", phase.conflicts(), ""));
            observations.add(new Observation("throughput-" + id, id + ": acknowledged increments per second", phase.throughput(), "/s"));
            checks.add(new Check("lost-update", id, switch (counter.finding()) {
                case CONSISTENT -> Check.Verdict.PASS;
                default -> Check.Verdict.FAIL;
            }, counter.toString()));
            lost.add(new Chart.Point(i, counter.lostAtLeast(), id));
            throughput.add(new Chart.Point(i, phase.throughput(), id));
            retries.add(new Chart.Point(i, phase.conflicts(), id));
        }
        List<Chart> charts = List.of(
                new Chart("lost-updates", "Lost updates by strategy", Chart.Kind.BAR, "strategy", "increments lost",
                        List.of(new Chart.Series("lost", lost))),
                new Chart("throughput", "Acknowledged increments per second by strategy", Chart.Kind.BAR, "strategy", "increments/s",
                        List.of(new Chart.Series("throughput", throughput))),
                new Chart("conflicts", "Conflicting attempts retried by strategy", Chart.Kind.BAR, "strategy", "retries",
                        List.of(new Chart.Series("conflicts", retries))));
        return new ExperimentResult(observations, checks, charts, Map.of());
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::lostCount, this::safeStrategies, this::conflictsPerIncrement, this::whyLost);
    }

    private Optional<Question> lostCount(RunSummary run) {
        Optional<Double> lost = run.observations().value("lost-read-modify-write");
        Optional<Double> acknowledged = run.observations().value("acknowledged-read-modify-write");
        if (lost.isEmpty() || acknowledged.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-lost-update.rmw-lost",
                String.format(Locale.ROOT, "In your run %s, %d read-modify-write increments were acknowledged. How many of them did "
                        + "the final counter value not reflect?", run.runId(), acknowledged.get().longValue()),
                List.of(), new AnswerKey.Numeric(lost.get(), Math.max(1, lost.get() * 0.1), ""),
                "Your run lost " + Numbers.format(lost.get()) + ": every time two clients read the same value, both wrote value + 1 "
                        + "and one increment vanished, although DynamoDB acknowledged both writes.",
                List.of(KLEPPMANN, CONDITIONAL), Difficulty.EASY, List.of("dynamodb", "concurrency"),
                "Would strongly consistent reads alone have prevented these losses? Why not?"));
    }

    private Optional<Question> safeStrategies(RunSummary run) {
        List<String> options = List.of("read-modify-write", "conditional", "atomic-add", "transaction");
        Set<Integer> safe = new LinkedHashSet<>();
        for (int i = 0; i < options.size(); i++) {
            Optional<Double> lost = run.observations().value("lost-" + options.get(i));
            if (lost.isEmpty()) {
                return Optional.empty();
            }
            if (lost.get() == 0) {
                safe.add(i);
            }
        }
        if (safe.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.dynamodb-lost-update.safe-strategies",
                "In your run " + run.runId() + ", which strategies lost no increment? (pick all)",
                options, new AnswerKey.MultipleChoice(safe),
                "Conditional writes reject a write based on a stale read (the version changed), ADD is applied atomically by the "
                        + "partition's leader without a prior read, and a transaction is serializable. Read-modify-write has no such "
                        + "guard: the last writer wins.",
                List.of(CONDITIONAL, ATOMIC_COUNTERS, TRANSACTIONS), Difficulty.EASY, List.of("dynamodb", "concurrency"),
                "Which of the safe strategies would you choose for a like counter on a viral post, and which for an account balance?"));
    }

    private Optional<Question> conflictsPerIncrement(RunSummary run) {
        Optional<Double> conflicts = run.observations().value("conflicts-conditional");
        Optional<Double> acknowledged = run.observations().value("acknowledged-conditional");
        if (conflicts.isEmpty() || acknowledged.isEmpty() || acknowledged.get() == 0) {
            return Optional.empty();
        }
        double perIncrement = conflicts.get() / acknowledged.get();
        return Optional.of(new Question("obs.dynamodb-lost-update.conflicts-per-increment",
                "In your run " + run.runId() + ", how many failed conditional attempts (ConditionalCheckFailedException, then retry) "
                        + "did each acknowledged conditional increment cost on average?",
                List.of(), new AnswerKey.Numeric(Math.round(perIncrement * 100) / 100.0, Math.max(0.05, perIncrement * 0.1), ""),
                "Your run: " + Numbers.format(conflicts.get()) + " conflicts for " + Numbers.format(acknowledged.get())
                        + " increments. Optimistic concurrency does no locking; it pays with retries that grow with contention, "
                        + "each one a read and a rejected write that still consumes write capacity.",
                List.of(OPTIMISTIC, CONDITIONAL), Difficulty.MEDIUM, List.of("dynamodb", "concurrency"),
                "How would you keep the retry cost bounded under heavy contention?"));
    }

    private Optional<Question> whyLost(RunSummary run) {
        return Optional.of(new Question("obs.dynamodb-lost-update.why",
                "Every read-modify-write increment in your run read the counter with a strongly consistent read and got an "
                        + "acknowledgement for its write. Explain how increments were still lost, and the two cheapest fixes.",
                List.of(), new AnswerKey.Open(
                        "The read and the write are two separate operations; between them another client can read the same value. "
                                + "Both write value + 1 and the later write overwrites the earlier (PutItem is last-writer-wins), so "
                                + "one acknowledged increment disappears. Strong reads only guarantee the read sees the latest value "
                                + "at the time of the read. Fixes: make the update atomic on the server (UpdateItem ADD or SET n = n + "
                                + ":one, no read), or make the write conditional on the version read (optimistic locking) and retry "
                                + "on ConditionalCheckFailedException.",
                        List.of("read and write are separate operations: a race window between them",
                                "last writer wins: the second write overwrites the first",
                                "read consistency does not make read-then-write atomic",
                                "fix: atomic server-side update (ADD / SET n = n + 1)",
                                "fix: conditional write on a version, retried on conflict")),
                "A lost update is a race between read and write, not a replication anomaly.",
                List.of(KLEPPMANN, CONDITIONAL, ATOMIC_COUNTERS), Difficulty.MEDIUM, List.of("dynamodb", "concurrency"),
                "When would you still need a transaction rather than a conditional write?"));
    }
}
