package dev.dslab.scenarios.dynamodb;

import static dev.dslab.scenarios.engine.Numbers.percentile;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.consensus.linearizability.Operation.Outcome;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Writes items that belong to the sandbox table's GSI and polls the index until each appears: the lag
 * distribution of an index that is only ever eventually consistent, beside a strongly consistent read of
 * the base table that sees each item at once.
 */
public final class GsiLagExperiment implements Experiment {

    static final Source GSI = new Source("Amazon DynamoDB Developer Guide: Using Global Secondary Indexes in DynamoDB "
            + "(Data synchronization between tables and global secondary indexes)",
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html");
    static final Source GSI_PROPAGATION = new Source("AWS re:Post Knowledge Center: Why are items missing from my DynamoDB "
            + "global secondary index? (write operations propagate to a GSI within about a second)",
            "https://repost.aws/knowledge-center/dynamodb-missing-table-items-gsi");

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("dynamodb-gsi-lag",
                "How long a written item takes to appear in a global secondary index",
                "A strongly consistent GetItem on the table sees each item as soon as the write is acknowledged; a Query on the GSI "
                        + "finds it only after the index has caught up, typically well under a second, with a long tail.",
                """
                        A global secondary index is a separate table, with its own partitions, that DynamoDB maintains for you. \
                        The write to the base table is acknowledged first; the change is then propagated to the index \
                        asynchronously. That is why every read of a GSI is eventually consistent: Query and Scan on a GSI refuse \
                        ConsistentRead=true. Under normal conditions the propagation takes a fraction of a second; it grows when \
                        the index is short of write capacity or the table has many indexes.

                        This experiment writes items whose GSI keys are unique, then polls the index with Query until each item \
                        appears and records when. It also reads each item back from the base table with a strongly consistent \
                        GetItem right after the write, which always finds it. The chart is the cumulative distribution of the \
                        observed lag. On the local target the index lag is dslab's model (parameters gsi-lag-median, gsi-lag-p99).""",
                List.of(GSI, GSI_PROPAGATION, ReadConsistencyExperiment.READ_CONSISTENCY),
                Duration.ofSeconds(15), Set.of("local", "localstack", "aws"),
                Optional.of(new Prediction("How long will it take for half of the items to appear in the GSI (the median lag)?",
                        "lag-p50-ms", List.of(
                                new Prediction.Choice("no lag: they are there at once (under 5 ms)", 0, 5),
                                new Prediction.Choice("5 to 50 ms", 5, 50),
                                new Prediction.Choice("50 to 500 ms", 50, 500),
                                new Prediction.Choice("half a second or more", 500, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(180));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("items", 60, 5, 2000, "items to write and wait for"),
                ParameterSpec.integer("writers", 3, 1, 16, "clients writing and polling in parallel"),
                ParameterSpec.duration("poll-interval", "5ms", "0ms", "1s", "pause between two queries of the index"),
                ParameterSpec.duration("give-up", "10s", "100ms", "60s", "an item not in the index after this is counted missing"),
                ParameterSpec.duration("gsi-lag-median", "100ms", "0ms", "10s", "local target only: median index lag of the model"),
                ParameterSpec.duration("gsi-lag-p99", "1s", "0ms", "60s", "local target only: 99th percentile index lag"));
    }

    /** One item's journey: acknowledged at {@code writeAckNanos}, first seen in the index at {@code seenNanos} (or never). */
    record Sample(String item, long writeAckNanos, long seenNanos, boolean baseReadSawIt, int queries) {
        boolean seen() {
            return seenNanos >= 0;
        }

        double lagMillis() {
            return (seenNanos - writeAckNanos) / 1e6;
        }
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        if (p.millis("gsi-lag-p99") < p.millis("gsi-lag-median")) {
            throw new IllegalArgumentException("parameter 'gsi-lag-p99' must be at least gsi-lag-median");
        }
        if (context.model().isPresent()) {
            context.changeModel("dynamodb/replication", Map.of("gsiLagMedianMillis", Math.round(p.millis("gsi-lag-median")),
                    "gsiLagP99Millis", Math.round(p.millis("gsi-lag-p99")), "seed", context.seed()));
        }
        int items = p.integer("items");
        long pollPause = Math.round(p.millis("poll-interval"));
        long giveUpNanos = Math.round(p.millis("give-up") * 1e6);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        HistoryRecorder history = context.history();
        String table = context.sandbox().table();
        String index = context.sandbox().gsi();
        String indexKey = context.runId() + "#gsi-lag";
        try (DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            // a generous bound: the workload ends when every item is written and found (or given up on)
            Duration bound = Duration.ofMillis(Math.round(p.millis("give-up")) * (items / p.integer("writers") + 2));
            Clients.Measure measure = new Clients.Measure("items seen in the index or given up", samples::size, items);
            Clients.run(context, "writers", p.integer("writers"), bound, measure, (client, random) -> {
                int number = next.getAndIncrement();
                if (number >= items) {
                    return false;
                }
                String item = String.format(Locale.ROOT, "item-%05d", number);
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(context.runId() + "#" + item),
                        "sk", AttributeValue.fromS("gsi-lag"));
                HistoryRecorder.Pending put = history.invoke(client, "put", item, item, null, null);
                try {
                    dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                            "pk", key.get("pk"), "sk", key.get("sk"),
                            "gsi1pk", AttributeValue.fromS(indexKey), "gsi1sk", AttributeValue.fromS(item))));
                } catch (SdkException failure) {
                    put.fail(RegisterTable.describe(failure));
                    return true;
                }
                RecordedOp written = put.ok(item);
                HistoryRecorder.Pending get = history.invoke(client, "get", item, null, null, "strong");
                boolean baseSaw;
                try {
                    baseSaw = dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).hasItem();
                    get.ok(baseSaw ? item : null);
                } catch (SdkException failure) {
                    get.fail(RegisterTable.describe(failure));
                    baseSaw = false;
                }
                int queries = 0;
                long seen = -1;
                while (history.now() - written.completeNanos() < giveUpNanos) {
                    queries++;
                    HistoryRecorder.Pending query = history.invoke(client, "query-index", item, null, null, "gsi");
                    try {
                        QueryResponse response = dynamoDb.query(request -> request.tableName(table).indexName(index)
                                .keyConditionExpression("gsi1pk = :pk AND gsi1sk = :sk")
                                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(indexKey), ":sk", AttributeValue.fromS(item))));
                        RecordedOp answered = query.ok(response.count() > 0 ? item : null);
                        if (response.count() > 0) {
                            seen = answered.completeNanos();
                            break;
                        }
                    } catch (SdkException failure) {
                        query.fail(RegisterTable.describe(failure));
                    }
                    Thread.sleep(pollPause);
                }
                samples.add(new Sample(item, written.completeNanos(), seen, baseSaw, queries));
                return true;
            });
        }
        return analyse(new ArrayList<>(samples), context.history().operations());
    }

    ExperimentResult analyse(List<Sample> samples, List<RecordedOp> history) {
        double[] lags = samples.stream().filter(Sample::seen).mapToDouble(Sample::lagMillis).sorted().toArray();
        long missing = samples.stream().filter(sample -> !sample.seen()).count();
        long baseMisses = samples.stream().filter(sample -> !sample.baseReadSawIt()).count();
        long failed = history.stream().filter(op -> op.outcome() != Outcome.OK).count();
        List<Observation> observations = List.of(
                new Observation("items", "items written", samples.size(), ""),
                new Observation("items-missing", "items not in the index when given up on", missing, ""),
                new Observation("lag-p50-ms", "median time until an item was in the index", percentile(lags, 0.5), "ms"),
                new Observation("lag-p90-ms", "90th percentile of the index lag", percentile(lags, 0.9), "ms"),
                new Observation("lag-p99-ms", "99th percentile of the index lag", percentile(lags, 0.99), "ms"),
                new Observation("lag-max-ms", "longest index lag", lags.length == 0 ? Double.NaN : lags[lags.length - 1], "ms"),
                new Observation("visible-within-100ms-percent", "items in the index within 100 ms", share(lags, 100, samples.size()), "%"),
                new Observation("visible-within-1s-percent", "items in the index within 1 s", share(lags, 1000, samples.size()), "%"),
                new Observation("base-strong-read-misses", "strongly consistent base-table reads right after the write that missed the item",
                        baseMisses, ""),
                new Observation("failed-operations", "operations that failed or timed out", failed, ""));
        List<Check> checks = List.of(
                new Check("read-your-writes", "strong GetItem on the table after the write", baseMisses == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        baseMisses + " of " + samples.size() + " reads missed the item just written"),
                new Check("index-convergence", "every item reaches the GSI", missing == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        missing == 0 ? "all " + samples.size() + " items appeared in the index" : missing + " items never appeared"));
        List<Chart.Point> cdf = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            cdf.add(Chart.Point.of(lags[i], 100.0 * (i + 1) / samples.size()));
        }
        Chart chart = new Chart("gsi-lag-cdf", "Items visible in the GSI, by time since the write was acknowledged", Chart.Kind.CDF,
                "ms since the write was acknowledged", "% of items in the index", List.of(new Chart.Series("GSI Query", cdf)));
        return new ExperimentResult(observations, checks, List.of(chart), Map.of());
    }

    private static double share(double[] sorted, double withinMillis, int total) {
        long count = java.util.Arrays.stream(sorted).filter(lag -> lag <= withinMillis).count();
        return Numbers.percent(count, total);
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::medianLag, this::consistentReadOnIndex, this::whyAsynchronous);
    }

    private Optional<Question> medianLag(RunSummary run) {
        Optional<Double> median = run.observations().value("lag-p50-ms");
        if (median.isEmpty()) {
            return Optional.empty();
        }
        double value = median.get();
        return Optional.of(new Question("obs.dynamodb-gsi-lag.median",
                "In your run " + run.runId() + ", what was the median time (ms) from an acknowledged write until the item showed up in "
                        + "a Query on the GSI?",
                List.of(), new AnswerKey.Numeric(Math.round(value), Math.max(5, value * 0.2), "ms"),
                "Your run measured " + Numbers.format(value) + " ms (p99 " + run.observations().value("lag-p99-ms").map(Numbers::format)
                        .orElse("n/a") + " ms). The index is updated asynchronously after the base-table write is acknowledged, so "
                        + "a reader of the index sees the item only after this lag.",
                List.of(GSI, GSI_PROPAGATION), Difficulty.EASY, List.of("dynamodb", "gsi"),
                "A service writes an order and immediately lists the customer's orders through a GSI. What can go wrong and how do you fix it?"));
    }

    private Optional<Question> consistentReadOnIndex(RunSummary run) {
        return Optional.of(new Question("obs.dynamodb-gsi-lag.consistent-read",
                "Your run had to poll the GSI. Which of these would have let a reader see the item in the index at once?",
                List.of("Query the GSI with ConsistentRead=true",
                        "Nothing on the GSI: it supports only eventually consistent reads; read the base table strongly instead",
                        "Use a local secondary index with ConsistentRead=true, if the access pattern fits one",
                        "Increase the GSI's provisioned write capacity to zero lag"),
                new AnswerKey.MultipleChoice(Set.of(1, 2)),
                "GSIs support only eventually consistent reads: a Query with ConsistentRead=true on a GSI is rejected with a "
                        + "ValidationException. An LSI shares its partition with the base table and supports strongly consistent reads, "
                        + "but it must use the table's partition key. More GSI write capacity avoids propagation delays from throttling; "
                        + "it never makes the lag zero.",
                List.of(ReadConsistencyExperiment.READ_CONSISTENCY, GSI), Difficulty.MEDIUM, List.of("dynamodb", "gsi"),
                "Why can an LSI be strongly consistent when a GSI cannot?"));
    }

    private Optional<Question> whyAsynchronous(RunSummary run) {
        return Optional.of(new Question("obs.dynamodb-gsi-lag.why-async",
                "Why does DynamoDB update a GSI asynchronously rather than in the same write as the base table?",
                List.of(), new AnswerKey.Open(
                        "A GSI has its own partition key, so an item's index entry usually lives on other partitions (other "
                                + "replication groups, other machines) than the item. Updating both atomically would make every write a "
                                + "distributed transaction across partitions, adding latency and coupling the table's availability to the "
                                + "index's. Propagating asynchronously keeps base-table writes single-partition and fast, at the price of "
                                + "an eventually consistent index.",
                        List.of("the index entry lives on different partitions than the item",
                                "a synchronous update would need a cross-partition (distributed) commit on every write",
                                "that would cost latency and availability of base-table writes",
                                "so index reads are eventually consistent")),
                "Index partitions are keyed differently from the table, so synchronous maintenance would be a distributed transaction.",
                List.of(GSI, ReadConsistencyExperiment.DYNAMODB_PAPER), Difficulty.HARD, List.of("dynamodb", "gsi"),
                "What happens to base-table writes when a GSI is throttled, and why did AWS choose that?"));
    }
}
