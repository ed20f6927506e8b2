package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.engine.TargetAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * What an experiment needs of a KCL 3 application's lease table (key {@code leaseKey}): one item per shard
 * lease, plus KCL 3's coordinator items, among them {@code Leader}, the DynamoDB lock of the worker that
 * assigns leases (its {@code ownerName}). Only touched while none of the application's workers runs.
 */
public final class KclLeaseTable {

    static final String LEADER = "Leader";

    private KclLeaseTable() {
    }

    /** The worker holding KCL's leader lock; empty when none does or the read fails. */
    public static Optional<String> leader(TargetAccess target, String table) {
        try (DynamoDbClient dynamoDb = target.dynamoDb()) {
            GetItemResponse response = dynamoDb.getItem(get -> get.tableName(table).consistentRead(true)
                    .key(Map.of("leaseKey", AttributeValue.fromS(LEADER))));
            return Optional.ofNullable(response.item().get("ownerName")).map(AttributeValue::s);
        } catch (SdkException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Removes the leader lock of a worker that is gone. KCL 3.5.1 does not release it on shutdown, and a
     * successor waits the lock's whole lease before taking it: with no worker running, deleting it is what that
     * wait would end in.
     */
    public static void releaseLeader(TargetAccess target, String table) {
        try (DynamoDbClient dynamoDb = target.dynamoDb()) {
            dynamoDb.deleteItem(delete -> delete.tableName(table).key(Map.of("leaseKey", AttributeValue.fromS(LEADER))));
        }
    }

    /** Deletes every item: leases and checkpoints of an earlier stream, KCL's coordinator state, the leader lock. */
    public static int clear(TargetAccess target, String table) {
        int deleted = 0;
        try (DynamoDbClient dynamoDb = target.dynamoDb()) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamoDb.scan(scan -> scan.tableName(table).projectionExpression("leaseKey").consistentRead(true)
                        .exclusiveStartKey(from));
                List<Map<String, AttributeValue>> keys = new ArrayList<>(page.items());
                for (Map<String, AttributeValue> key : keys) {
                    dynamoDb.deleteItem(delete -> delete.tableName(table).key(key));
                    deleted++;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return deleted;
    }
}
