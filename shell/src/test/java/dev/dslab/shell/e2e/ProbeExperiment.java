package dev.dslab.shell.e2e;

import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small real experiment for the shell's tests: one client writes a key of the sandbox table, then reads
 * it back strongly consistently, through the SDK like any experiment, recording every operation.
 */
final class ProbeExperiment implements Experiment {

    static final String NAME = "probe-read-your-writes";

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo(NAME, "writes then reads back a key of your table",
                "A strongly consistent read after an acknowledged write returns that write.",
                "The client writes a new value with PutItem, then reads it with GetItem and ConsistentRead.\n\n"
                        + "A strongly consistent read returns a result that reflects all writes that received a successful "
                        + "response prior to the read.",
                List.of(new Source("Amazon DynamoDB Developer Guide: Read consistency",
                        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html")),
                Duration.ofSeconds(2), Set.of("local"),
                Optional.of(new Prediction("What share of the strongly consistent reads return the value just written?",
                        "fresh-reads", List.of(new Prediction.Choice("less than half", 0, 50),
                        new Prediction.Choice("half or more", 50, 101)))),
                Duration.ofSeconds(60));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.integer("writes", 5, 1, 100_000, "how many write-then-read rounds"),
                ParameterSpec.duration("pause", "0ms", "0ms", "1s", "pause after each round"));
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        int writes = context.parameters().integer("writes");
        long pause = (long) context.parameters().millis("pause");
        String table = context.sandbox().table();
        HistoryRecorder history = context.history();
        int fresh = 0;
        try (DynamoDbClient dynamoDb = context.target().dynamoDb()) {
            for (int i = 0; i < writes; i++) {
                context.progress().update("write, read back", i, writes);
                String value = context.runId() + "-" + i;
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("probe"), "sk", AttributeValue.fromS("k"));
                HistoryRecorder.Pending write = history.invoke(0, "write", "probe", value, null, "strong");
                dynamoDb.putItem(put -> put.tableName(table).item(Map.of("pk", key.get("pk"), "sk", key.get("sk"),
                        "v", AttributeValue.fromS(value))));
                write.ok(value);
                HistoryRecorder.Pending read = history.invoke(0, "read", "probe", null, null, "strong");
                var item = dynamoDb.getItem(get -> get.tableName(table).key(key).consistentRead(true)).item();
                String returned = item.containsKey("v") ? item.get("v").s() : null;
                read.ok(returned);
                if (value.equals(returned)) {
                    fresh++;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                if (pause > 0) {
                    Thread.sleep(pause);
                }
            }
        }
        double freshShare = Numbers.percent(fresh, writes);
        return new ExperimentResult(
                List.of(new Observation("fresh-reads", "reads returning the latest write", freshShare, "%"),
                        new Observation("rounds", "write-then-read rounds", writes, "")),
                List.of(new Check("read-your-writes", "strong reads", fresh == writes ? Check.Verdict.PASS : Check.Verdict.FAIL,
                        fresh + " of " + writes + " reads returned the write before them")),
                List.of(), Map.of());
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of();
    }
}
