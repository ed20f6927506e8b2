package dev.dslab.scenarios.dynamodb;

import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.history.RecordedOp;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Registers kept as items of the sandbox table (pk = run id and key, sk = "register", value in "val"),
 * read and written through the real SDK with every operation recorded. How an error is recorded follows
 * what it says about the effect: a write that timed out or got a 5xx may have been applied (indeterminate);
 * a 4xx rejection was not (fail); a read never changes anything, so a read without an answer is a fail.
 */
public final class RegisterTable {

    static final String SORT_KEY = "register";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String runId;
    private final HistoryRecorder history;
    private final DoubleAdder eventualCapacity = new DoubleAdder();
    private final DoubleAdder strongCapacity = new DoubleAdder();

    public RegisterTable(RunContext context, DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.table = context.sandbox().table();
        this.runId = context.runId();
        this.history = context.history();
    }

    public RecordedOp write(int client, String key, String value) {
        HistoryRecorder.Pending pending = history.invoke(client, "write", key, value, null, null);
        try {
            dynamoDb.putItem(put -> put.tableName(table).item(Map.of(
                    "pk", AttributeValue.fromS(partitionKey(key)),
                    "sk", AttributeValue.fromS(SORT_KEY),
                    "val", AttributeValue.fromS(value))));
            return pending.ok(value);
        } catch (SdkException failure) {
            return mayHaveApplied(failure) ? pending.indeterminate(describe(failure)) : pending.fail(describe(failure));
        }
    }

    /** @param strong a strongly consistent read (ConsistentRead=true) or an eventually consistent one */
    public RecordedOp read(int client, String key, boolean strong) {
        HistoryRecorder.Pending pending = history.invoke(client, "read", key, null, null, strong ? "strong" : "eventual");
        try {
            GetItemResponse response = dynamoDb.getItem(get -> get.tableName(table).consistentRead(strong)
                    .key(Map.of("pk", AttributeValue.fromS(partitionKey(key)), "sk", AttributeValue.fromS(SORT_KEY)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            if (response.consumedCapacity() != null && response.consumedCapacity().capacityUnits() != null) {
                (strong ? strongCapacity : eventualCapacity).add(response.consumedCapacity().capacityUnits());
            }
            AttributeValue value = response.hasItem() ? response.item().get("val") : null;
            return pending.ok(value == null ? null : value.s());
        } catch (SdkException failure) {
            return pending.fail(describe(failure));
        }
    }

    /** Read capacity units consumed by the reads of one mode, as the service reported them. */
    public double capacityUnits(boolean strong) {
        return (strong ? strongCapacity : eventualCapacity).sum();
    }

    private String partitionKey(String key) {
        return runId + "#" + key;
    }

    static boolean mayHaveApplied(SdkException failure) {
        if (failure instanceof ApiCallAttemptTimeoutException || failure instanceof ApiCallTimeoutException) {
            return true;
        }
        if (failure instanceof DynamoDbException service) {
            return service.statusCode() >= 500;
        }
        return failure instanceof SdkClientException;
    }

    static String describe(SdkException failure) {
        if (failure instanceof DynamoDbException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
