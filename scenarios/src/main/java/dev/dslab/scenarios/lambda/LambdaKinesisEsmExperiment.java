package dev.dslab.scenarios.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentException;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.kinesis.RunStream;
import dev.dslab.scenarios.lambda.EsmAnalysis.DestinationRecord;
import dev.dslab.scenarios.lambda.EsmAnalysis.ProcessedRow;
import dev.dslab.scenarios.lambda.EsmAnalysis.StrategyOutcome;
import dev.dslab.scenarios.lambda.EsmAnalysis.Workload;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A poison record in a Kinesis stream read by a Lambda event source mapping, handled side by side by the
 * strategies of the Lambda developer guide: retrying the whole batch, bisecting it, and ReportBatchItemFailures.
 * Each strategy gets a stream, a function (a copy of the sandbox's stream batch handler) with its own idempotency
 * table, and a mapping with an on-failure destination in the sandbox's bucket, all made through the public APIs
 * and deleted at the end. What each record went through is read back from the handler's idempotency rows and the
 * on-failure records.
 */
public final class LambdaKinesisEsmExperiment implements Experiment {

    /**
     * What follows the run id in the names of a run's own tables, functions and streams
     * ({@code <sandbox name>-<run id>-<strategy>}): the strategies' ids.
     */
    public static final List<String> RUN_NAME_SUFFIXES = EsmStrategy.ALL.stream().map(EsmStrategy::id).toList();

    static final Source WITH_KINESIS = new Source("AWS Lambda Developer Guide: Using AWS Lambda with Amazon Kinesis (polling, batching, error handling)",
            "https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html");
    static final Source ON_FAILURE = new Source("AWS Lambda Developer Guide: Retaining discarded batch records for a Kinesis event source",
            "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html");
    static final Source BATCH_FAILURES = new Source("AWS Lambda Developer Guide: Configuring partial batch response with Kinesis Data Streams and Lambda",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html");
    static final Source PARAMETERS = new Source("AWS Lambda Developer Guide: Lambda parameters for Kinesis event source mappings",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html");
    static final Source IDEMPOTENCY = new Source("Amazon Builders' Library: Making retries safe with idempotent APIs",
            "https://aws.amazon.com/builders-library/making-retries-safe-with-idempotent-APIs/");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PUT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(150);
    private static final long DRAIN_POLL_MILLIS = 750;
    private static final int PUT_CHUNK = 100;
    /** 100 records every 120 ms stays under a shard's 1,000 records per second. */
    private static final long PUT_PACE_MILLIS = 120;

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("lambda-kinesis-esm",
                "A poison record in a Kinesis event source mapping: retrying the batch, bisect, ReportBatchItemFailures",
                "One record that always fails blocks its shard: the mapping retries until MaximumRetryAttempts runs out, whatever the "
                        + "strategy, and only then sends it to the on-failure destination and moves on. Retrying the whole batch gives up "
                        + "the poison's whole batch, so the good records the function had not reached are never processed. Bisect splits "
                        + "the batch until the poison is alone and gives up only it, at the price of more deliveries. ReportBatchItemFailures "
                        + "retries from the poison record on, and the records after it are delivered again: an idempotent handler absorbs "
                        + "those duplicates.",
                """
                        Lambda reads each shard of a Kinesis stream in order and invokes the function with a batch of records (BatchSize). \
                        When the function fails, the event source mapping retries the entire batch, and to keep the shard's order it \
                        processes nothing else from that shard in the meantime. By default it retries until the records expire from the \
                        stream (24 hours on a new stream): one poison record stops its shard for a day. MaximumRetryAttempts and \
                        MaximumRecordAgeInSeconds bound the retries; when they run out, Lambda sends an invocation record naming the \
                        batch (shard, first and last sequence number, batch size, condition RetryAttemptsExhausted) to the on-failure \
                        destination and goes on with the next batch. For an S3 destination the record includes the batch itself.

                        BisectBatchOnFunctionError splits a failing batch in two and retries each half; splitting does not count against \
                        the retries, so the poison ends alone in a batch of one and only it is given up. With FunctionResponseTypes \
                        ReportBatchItemFailures the function returns the sequence numbers of the records that failed instead of failing; \
                        Lambda takes the lowest as the checkpoint and retries from there, so every record after the poison in its batch is \
                        delivered again on each retry. The handler must be idempotent: this one writes a row per sequence number with a \
                        DynamoDB conditional write (attribute_not_exists), and a redelivered record finds its row and is counted, not \
                        processed again. A handler written for a mapping without ReportBatchItemFailures throws instead, failing the \
                        batch (Lambda ignores a batch item failure report it did not ask for).

                        The run writes the same records, with one poison record ({"poison": true}) at poison-at, to one single-shard \
                        stream per strategy, and makes for each strategy a copy of the sandbox's stream batch function (its own \
                        idempotency table; BATCH_FAILURE_MODE throw or report) and an event source mapping from TRIM_HORIZON with \
                        batch-size, MaximumRetryAttempts = retries and an on-failure destination in the sandbox's bucket (objects under \
                        aws/lambda/<mapping UUID>/, kept after the run). Each function is invoked once with an empty batch first, so \
                        its cold start is over before the mapping starts; on the local target the DynamoDB model's replica lag is 0 \
                        during the run, so the handler's writes take the same time in every run. It waits until every record is processed or named by an \
                        on-failure record, then reads back each record's deliveries, the longest pause of the shard, and what went to \
                        the destination. bisect and report-batch-item-failures are true, false, or compare (both); comparing both runs \
                        the three strategies side by side.""",
                List.of(WITH_KINESIS, ON_FAILURE, BATCH_FAILURES, PARAMETERS, IDEMPOTENCY),
                Duration.ofSeconds(60), Set.of("local", "aws"),
                Optional.of(new Prediction("Without bisect and without ReportBatchItemFailures, the poison record fails its batch until "
                        + "the retries run out. What does Lambda then send to the on-failure destination?", "good-to-destination-retry",
                        List.of(new Prediction.Choice("the poison record alone: the good records of its batch are retried and processed", 0, 1),
                                new Prediction.Choice("the poison's whole batch, good records included", 1, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(240));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.choice("bisect", EsmStrategy.COMPARE, EsmStrategy.CHOICES,
                        "BisectBatchOnFunctionError: true, false, or compare (a mapping with and one without)"),
                ParameterSpec.choice("report-batch-item-failures", EsmStrategy.COMPARE, EsmStrategy.CHOICES,
                        "FunctionResponseTypes ReportBatchItemFailures: true, false, or compare (comparing both parameters: three strategies)"),
                ParameterSpec.integer("records", 200, 20, 1000, "records written to each strategy's stream"),
                ParameterSpec.integer("poison-at", 137, 1, 1000, "the poison record's position among them (1 = the first)"),
                ParameterSpec.integer("batch-size", 10, 1, 100, "the mappings' BatchSize"),
                ParameterSpec.integer("retries", 3, 0, 10, "the mappings' MaximumRetryAttempts"));
    }

    /** Where runs keep the copied handler code in the sandbox's bucket, each under {@link #codeFolder}. */
    public static final String CODE_FOLDERS = "lambda-kinesis-esm/";

    /** Where a run keeps the copied handler code in the sandbox's bucket: every version under it is the run's. */
    public static String codeFolder(String runId) {
        return CODE_FOLDERS + runId + "/";
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        int records = p.integer("records");
        int batchSize = p.integer("batch-size");
        int poisonAt = p.integer("poison-at");
        int retries = p.integer("retries");
        if (poisonAt > records - batchSize) {
            throw new IllegalArgumentException("parameter 'poison-at' must be at most records - batch-size (" + (records - batchSize)
                    + ") so that a batch follows the poison record's; got " + poisonAt);
        }
        List<EsmStrategy> strategies = EsmStrategy.select(p.choice("bisect"), p.choice("report-batch-item-failures"));
        String bucket = context.sandbox().bucket();
        if (context.model().isPresent()) {
            // the handler's conditional writes are not what this run studies: without replica lag its batches take
            // the same time every run, so the pauses measured are the mapping's
            context.changeModel("dynamodb/replication", Map.of("lagMedianMillis", 0, "lagP99Millis", 0));
        }
        List<StrategyRun> runs = new ArrayList<>();
        try (LambdaClient lambda = context.target().lambda(LAMBDA_TIMEOUT);
             KinesisClient kinesis = context.target().kinesis(PUT_TIMEOUT);
             DynamoDbClient dynamoDb = context.target().dynamoDb();
             S3Client s3 = context.target().s3(LAMBDA_TIMEOUT);
             EsmRunResources resources = new EsmRunResources(context, lambda, kinesis, dynamoDb, s3)) {
            context.progress().note("copying the handler of " + context.sandbox().streamFunction() + " for "
                    + strategies.stream().map(EsmStrategy::label).toList());
            HistoryRecorder.Pending copy = context.history().invoke(0, "get-function", context.sandbox().streamFunction(), null, null, null);
            EsmRunResources.FunctionTemplate template = EsmRunResources.FunctionTemplate.of(lambda, context.sandbox().streamFunction());
            copy.ok(template.code().length + " bytes of code");
            resources.uploadCode(template, bucket, codeFolder(context.runId()) + context.sandbox().streamFunction() + ".zip");
            context.progress().note("preparing " + strategies.size() + " strategies side by side: a table, a stream with " + records
                    + " records (the poison record at " + poisonAt + ") and a function each");
            List<Callable<StrategyRun>> preparations = new ArrayList<>();
            for (EsmStrategy strategy : strategies) {
                int index = preparations.size();
                preparations.add(() -> prepare(context, resources, lambda, kinesis, template, index, strategy, records, poisonAt - 1));
            }
            runs.addAll(inParallel(preparations));
            for (StrategyRun run : runs) {
                run.drain = context.history().invoke(run.index, "drain", run.strategy.id(), null, null, run.strategy.id());
                HistoryRecorder.Pending create = context.history().invoke(run.index, "create-mapping", run.strategy.id(), null, null,
                        run.strategy.id());
                try {
                    run.uuid = lambda.createEventSourceMapping(request -> request.functionName(run.function)
                            .eventSourceArn(run.stream.arn()).startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(batchSize)
                            .maximumBatchingWindowInSeconds(0).maximumRetryAttempts(retries)
                            .bisectBatchOnFunctionError(run.strategy.bisect())
                            .functionResponseTypes(run.strategy.reportBatchItemFailures() ? List.of(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                                    : List.of())
                            .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:s3:::" + bucket)))).uuid();
                } catch (SdkException refused) {
                    create.fail(describe(refused));
                    throw new ExperimentException(run.strategy.label() + ": CreateEventSourceMapping failed: " + describe(refused), refused);
                }
                run.createdAtMillis = System.currentTimeMillis();
                resources.mapping(run.uuid);
                create.ok(run.uuid);
            }
            drain(context, dynamoDb, s3, bucket, runs, records);
            Map<String, Map<String, Long>> counters = localCounters(context);
            List<StrategyOutcome> outcomes = new ArrayList<>();
            for (StrategyRun run : runs) {
                outcomes.add(new StrategyOutcome(run.strategy, run.sequence, run.sequence.indexOf(run.poisonSequence), run.createdAtMillis,
                        run.drainedAtMillis, run.processed, run.poisonDeliveries, List.copyOf(run.destination.values()),
                        counters.getOrDefault(run.uuid, Map.of())));
                context.progress().note(run.strategy.label() + ": on-failure records in s3://" + bucket + "/aws/lambda/" + run.uuid + "/");
            }
            return EsmAnalysis.analyse(new Workload(batchSize, retries), outcomes, context.history().operations());
        }
    }

    /**
     * One strategy's table, function, stream and records. The function is invoked once with an empty batch while
     * the stream is made and written, so its cold start is over before the mapping's first batch: the run's timeline
     * shows the poison record, not a JVM starting.
     */
    private static StrategyRun prepare(RunContext context, EsmRunResources resources, LambdaClient lambda, KinesisClient kinesis,
                                       EsmRunResources.FunctionTemplate template, int index, EsmStrategy strategy, int records,
                                       int poisonIndex) throws Exception {
        String suffix = context.runId() + "-" + strategy.id();
        String function = context.sandbox().streamFunction() + "-" + suffix;
        if (function.length() > 64) {
            throw new ExperimentException("function name " + function + " is longer than Lambda's 64 characters");
        }
        String step = "CreateTable";
        try {
            String table = resources.table(index, context.sandbox().table() + "-" + suffix);
            step = "CreateFunction";
            resources.function(index, function, template, Map.of("PROCESSED_TABLE", table, "BATCH_FAILURE_MODE", strategy.handlerFailureMode()));
            FutureTask<Void> warmUp = new FutureTask<>(() -> {
                HistoryRecorder.Pending op = context.history().invoke(index, "warm-up", strategy.id(), null, null, strategy.id());
                try {
                    InvokeResponse response = lambda.invoke(request -> request.functionName(function).payload(SdkBytes.fromUtf8String("{\"Records\":[]}")));
                    if (response.functionError() != null) {
                        op.fail("function error " + response.functionError() + ": " + response.payload().asUtf8String());
                        throw new ExperimentException(function + " failed on an empty batch: " + response.payload().asUtf8String());
                    }
                    op.ok(null);
                } catch (SdkException failed) {
                    op.indeterminate(describe(failed));
                    throw new ExperimentException(function + " could not be invoked: " + describe(failed), failed);
                }
                return null;
            });
            Thread warming = new Thread(warmUp, context.experiment() + "-warm-up-" + strategy.id());
            warming.setDaemon(true);
            warming.start();
            try {
                step = "CreateStream";
                RunStream stream = resources.stream(strategy.id());
                StrategyRun run = new StrategyRun(index, strategy, stream, function, table);
                run.sequence = write(context, kinesis, run, records, poisonIndex);
                step = "Invoke (warm-up)";
                warmUp.get();
                context.progress().note(strategy.label() + ": stream " + stream.name() + ", function " + function + " (warm), table " + table);
                return run;
            } finally {
                warming.interrupt();
            }
        } catch (SdkException failed) {
            throw new ExperimentException(strategy.label() + ": " + step + " failed: " + describe(failed), failed);
        }
    }

    /** Runs the tasks at once and returns their results in order; the first failure ends the others. */
    private static <T> List<T> inParallel(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), runnable -> {
            Thread thread = new Thread(runnable, "lambda-kinesis-esm-prepare");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause() instanceof ExecutionException nested ? nested.getCause() : failed.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new ExperimentException(cause.getMessage(), cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One strategy's resources and what was read back of it. */
    private static final class StrategyRun {
        final int index;
        final EsmStrategy strategy;
        final RunStream stream;
        final String function;
        final String table;
        List<String> sequence;
        String poisonSequence;
        String uuid;
        long createdAtMillis;
        long drainedAtMillis = -1;
        HistoryRecorder.Pending drain;
        Map<String, ProcessedRow> processed = Map.of();
        long poisonDeliveries;
        final Map<String, DestinationRecord> destination = new LinkedHashMap<>();

        StrategyRun(int index, EsmStrategy strategy, RunStream stream, String function, String table) {
            this.index = index;
            this.strategy = strategy;
            this.stream = stream;
            this.function = function;
            this.table = table;
        }

        String shardId() {
            return stream.shards().get(0).shardId();
        }
    }

    /**
     * Writes the records in order with PutRecords (paced under the shard's 1,000 records per second); a record the
     * stream throttled is put again after the rest of its call, so the stream's order is read back from the sequence
     * numbers. Returns the sequence numbers in stream order.
     */
    private static List<String> write(RunContext context, KinesisClient kinesis, StrategyRun run, int records, int poisonIndex)
            throws InterruptedException {
        Map<Integer, String> sequenceOf = new HashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 5) {
                throw new ExperimentException(run.strategy.label() + ": " + pending.size() + " records still throttled after 5 attempts");
            }
            List<Integer> throttled = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += PUT_CHUNK) {
                List<Integer> chunk = pending.subList(from, Math.min(pending.size(), from + PUT_CHUNK));
                List<PutRecordsRequestEntry> entries = chunk.stream().map(i -> PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 16))
                        .data(SdkBytes.fromUtf8String("{\"n\":" + (i + 1) + ",\"poison\":" + (i == poisonIndex) + "}")).build()).toList();
                HistoryRecorder.Pending op = context.history().invoke(run.index, "put", run.strategy.id(), chunk.size() + " records", null,
                        run.strategy.id());
                PutRecordsResponse response;
                try {
                    response = kinesis.putRecords(request -> request.streamName(run.stream.name()).records(entries));
                } catch (SdkException failed) {
                    boolean rejected = failed instanceof AwsServiceException service && service.statusCode() < 500;
                    if (rejected) {
                        op.fail(describe(failed));
                    } else {
                        op.indeterminate(describe(failed));
                    }
                    throw new ExperimentException(run.strategy.label() + ": writing the records failed (" + describe(failed)
                            + "); a put without an answer may have been written, so the run cannot count deliveries exactly", failed);
                }
                int failedCount = 0;
                for (int k = 0; k < chunk.size(); k++) {
                    PutRecordsResultEntry entry = response.records().get(k);
                    if (entry.errorCode() == null) {
                        sequenceOf.put(chunk.get(k), entry.sequenceNumber());
                    } else {
                        throttled.add(chunk.get(k));
                        failedCount++;
                    }
                }
                op.ok((chunk.size() - failedCount) + " written" + (failedCount == 0 ? "" : ", " + failedCount + " throttled"));
                Thread.sleep(PUT_PACE_MILLIS);
            }
            if (!throttled.isEmpty()) {
                Thread.sleep(1000);
            }
            pending = throttled;
        }
        run.poisonSequence = sequenceOf.get(poisonIndex);
        return sequenceOf.values().stream().sorted(Comparator.comparing(BigInteger::new)).toList();
    }

    /** Waits until every strategy's records are each processed or named by an on-failure record. */
    private static void drain(RunContext context, DynamoDbClient dynamoDb, S3Client s3, String bucket, List<StrategyRun> runs, int records)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
        long total = (long) records * runs.size();
        while (true) {
            long accounted = 0;
            boolean all = true;
            for (StrategyRun run : runs) {
                if (run.drainedAtMillis < 0) {
                    readBack(dynamoDb, s3, bucket, run);
                    long covered = run.sequence.stream().filter(sequence -> run.processed.containsKey(sequence)
                            || run.destination.values().stream().anyMatch(record -> record.contains(sequence))).count();
                    if (covered == records) {
                        run.drainedAtMillis = System.currentTimeMillis();
                        run.drain.ok(run.processed.size() + " processed, " + run.destination.size() + " on-failure record"
                                + (run.destination.size() == 1 ? "" : "s"));
                    } else {
                        all = false;
                    }
                    accounted += covered;
                } else {
                    accounted += records;
                }
            }
            context.progress().update("mappings at work (records processed or given up)", accounted, total);
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StrategyRun late = runs.stream().filter(run -> run.drainedAtMillis < 0).findFirst().orElseThrow();
                throw new ExperimentException(late.strategy.label() + ": " + late.processed.size() + " of " + records
                        + " records processed and " + late.destination.size() + " on-failure records after " + DRAIN_WITHIN.toSeconds()
                        + " s; the mapping " + late.uuid + " is stuck (./dslab lambda esm describe " + late.uuid + ")");
            }
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
    }

    /** Reads the handler's rows (strongly: the rows are the truth the run counts) and any new on-failure records. */
    private static void readBack(DynamoDbClient dynamoDb, S3Client s3, String bucket, StrategyRun run) {
        try {
            Map<String, ProcessedRow> processed = new HashMap<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamoDb.query(QueryRequest.builder().tableName(run.table).consistentRead(true)
                        .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("processed#" + run.shardId())))
                        .exclusiveStartKey(from).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String sequence = item.get("sk").s();
                    processed.put(sequence, new ProcessedRow(sequence, Long.parseLong(item.get("processedAt").n()),
                            item.containsKey("duplicates") ? Long.parseLong(item.get("duplicates").n()) : 0));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            Map<String, AttributeValue> poison = dynamoDb.getItem(request -> request.tableName(run.table).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("poison#" + run.shardId()), "sk", AttributeValue.fromS(run.poisonSequence)))).item();
            run.poisonDeliveries = poison == null || !poison.containsKey("deliveries") ? 0 : Long.parseLong(poison.get("deliveries").n());
            run.processed = processed;
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("aws/lambda/" + run.uuid + "/")).contents()) {
                if (!run.destination.containsKey(object.key())) {
                    run.destination.put(object.key(), destinationRecord(s3.getObjectAsBytes(request -> request.bucket(bucket).key(object.key()))
                            .asByteArray()));
                }
            }
        } catch (SdkException slow) {
            // a slow answer on a busy target: the next round reads again
        }
    }

    static DestinationRecord destinationRecord(byte[] object) {
        try {
            JsonNode record = JSON.readTree(object);
            JsonNode batch = record.path("KinesisBatchInfo");
            return new DestinationRecord(record.at("/requestContext/condition").asText(), record.at("/requestContext/approximateInvokeCount").asInt(),
                    batch.path("startSequenceNumber").asText(), batch.path("endSequenceNumber").asText(), batch.path("batchSize").asInt());
        } catch (IOException e) {
            throw new ExperimentException("an on-failure record is not JSON: " + e.getMessage(), e);
        }
    }

    /** The local target's own counts per mapping (the admin endpoint lambda/esm); none on a real account. */
    private static Map<String, Map<String, Long>> localCounters(RunContext context) {
        Map<String, Map<String, Long>> counters = new HashMap<>();
        if (context.model().isEmpty()) {
            return counters;
        }
        Object mappings = context.model().get().read("lambda/esm").get("EventSourceMappings");
        if (mappings instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> mapping && mapping.get("Shards") instanceof List<?> shards) {
                    Map<String, Long> sums = new LinkedHashMap<>();
                    for (Object shard : shards) {
                        if (shard instanceof Map<?, ?> stats) {
                            EsmAnalysis.COUNTERS.keySet().forEach(counter -> {
                                if (stats.get(counter) instanceof Number number) {
                                    sums.merge(counter, number.longValue(), Long::sum);
                                }
                            });
                        }
                    }
                    counters.put(String.valueOf(mapping.get("UUID")), sums);
                }
            }
        }
        return counters;
    }

    private static String describe(SdkException failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): " + service.awsErrorDetails().errorMessage();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::poisonDeliveriesRetry, this::goodRecordsLost, this::bisectDeliveries, this::duplicatesAbsorbed, this::whatBoundsTheBlock);
    }

    private Optional<Question> poisonDeliveriesRetry(RunSummary run) {
        Optional<Double> deliveries = run.observations().value("poison-deliveries-retry");
        if (deliveries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-kinesis-esm.poison-deliveries",
                "In your run " + run.runId() + ", the mapping that retries whole batches had MaximumRetryAttempts = "
                        + run.parameters().get("retries") + ". How many times was the poison record delivered to the function?",
                List.of(), new AnswerKey.Numeric(deliveries.get(), 0.5, "deliveries"),
                "Your run: " + Numbers.format(deliveries.get()) + ". The first invocation plus one per retry: MaximumRetryAttempts counts "
                        + "the retries, not the first attempt. Only then did Lambda send the batch to the on-failure destination and go on "
                        + "with the shard.",
                List.of(WITH_KINESIS, PARAMETERS), Difficulty.EASY, List.of("lambda", "kinesis", "retries"),
                "What is the default MaximumRetryAttempts, and what does it mean for a shard with a poison record?"));
    }

    private Optional<Question> goodRecordsLost(RunSummary run) {
        Optional<Double> lost = run.observations().value("good-lost-retry");
        Optional<Double> sent = run.observations().value("good-to-destination-retry");
        if (lost.isEmpty() || sent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-kinesis-esm.good-records-lost",
                "Without bisect and without ReportBatchItemFailures, how many good records of your run were never processed, so that "
                        + "only the on-failure record names them?",
                List.of(), new AnswerKey.Numeric(lost.get(), 0.5, "records"),
                "Your run: " + Numbers.format(lost.get()) + " (" + Numbers.format(sent.get()) + " good records went to the destination "
                        + "with the poison). The handler processes a batch in order and throws at the poison record, so the records before "
                        + "it were processed on the first delivery and the records after it never were. Giving up the batch gives them up "
                        + "too: an on-failure destination keeps pointers (and, for S3, the batch), and something must replay them.",
                List.of(ON_FAILURE, WITH_KINESIS), Difficulty.MEDIUM, List.of("lambda", "kinesis", "poison-record"),
                "How would you replay the records an on-failure record names, and before when must you do it?"));
    }

    private Optional<Question> bisectDeliveries(RunSummary run) {
        Optional<Double> bisect = run.observations().value("poison-deliveries-bisect");
        if (bisect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-kinesis-esm.bisect-deliveries",
                "With bisect, how many times was the poison record delivered in your run (MaximumRetryAttempts = "
                        + run.parameters().get("retries") + ", BatchSize = " + run.parameters().get("batch-size") + ")?",
                List.of(), new AnswerKey.Numeric(bisect.get(), 0.5, "deliveries"),
                "Your run: " + Numbers.format(bisect.get()) + ". Each split delivers the half holding the poison again, until it is alone "
                        + "in a batch of one; splitting does not count against the retries, so the single record is then retried "
                        + run.parameters().get("retries") + " times more. Bisect saves the good records, not time or invocations.",
                List.of(WITH_KINESIS, PARAMETERS), Difficulty.HARD, List.of("lambda", "kinesis", "bisect"),
                "How many invocations does bisect need to isolate one poison record in a batch of 10,000?"));
    }

    private Optional<Question> duplicatesAbsorbed(RunSummary run) {
        EsmStrategy strategy = run.observations().value("duplicates-report").isPresent() ? EsmStrategy.REPORT : EsmStrategy.BISECT_REPORT;
        Optional<Double> duplicates = run.observations().value("duplicates-" + strategy.id());
        if (duplicates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-kinesis-esm.duplicates",
                "With " + strategy.label() + ", how many redeliveries of already processed records did the idempotent handler absorb "
                        + "in your run?",
                List.of(), new AnswerKey.Numeric(duplicates.get(), 0.5, "redeliveries"),
                "Your run: " + Numbers.format(duplicates.get()) + ". Lambda retries from the lowest reported sequence number, so every "
                        + "record after the poison in its batch comes again on each retry, although the function processed it the first "
                        + "time. The conditional write (attribute_not_exists on the sequence number) recognised each redelivery; a handler "
                        + "without it would have applied those records' effects again.",
                List.of(BATCH_FAILURES, IDEMPOTENCY), Difficulty.MEDIUM, List.of("lambda", "kinesis", "idempotency"),
                "Why is the sequence number a good idempotency key here, and when would it not be?"));
    }

    private Optional<Question> whatBoundsTheBlock(RunSummary run) {
        return Optional.of(new Question("obs.lambda-kinesis-esm.what-bounds-the-block",
                "Which settings bound how long one poison record keeps a Kinesis shard from progressing?",
                List.of("MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "A smaller BatchSize"),
                new AnswerKey.MultipleChoice(Set.of(0, 1)),
                "Retries and record age end the retrying; nothing else does. Your run's pauses: " + pauses(run) + ". Bisect and a smaller batch "
                        + "change which records are given up with the poison, not how long the shard waits for it.",
                List.of(WITH_KINESIS, PARAMETERS), Difficulty.MEDIUM, List.of("lambda", "kinesis", "poison-record"),
                "Which metric tells you a shard is blocked, and what alarm would you set on it?"));
    }

    private static String pauses(RunSummary run) {
        List<String> pauses = new ArrayList<>();
        for (EsmStrategy strategy : List.of(EsmStrategy.RETRY, EsmStrategy.BISECT, EsmStrategy.REPORT, EsmStrategy.BISECT_REPORT)) {
            run.observations().value("blocked-ms-" + strategy.id()).ifPresent(ms -> pauses.add(strategy.label() + " " + Numbers.format(ms) + " ms"));
        }
        return pauses.isEmpty() ? "none recorded" : String.join(", ", pauses);
    }
}
