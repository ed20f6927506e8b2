package dev.dslab.lambdas.stream;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.Map;

/**
 * The stream handlers' record of what they did, in the sandbox's table (pk, sk strings):
 * <ul>
 *   <li>{@code processed#<shardId>} / {@code <sequenceNumber>}: written once, by a conditional put, when a
 *       record is first processed (partitionKey, processedAt, requestId); a later delivery of the same record
 *       finds it and only adds 1 to its {@code duplicates}: the idempotency key is the sequence number</li>
 *   <li>{@code poison#<shardId>} / {@code <sequenceNumber>}: {@code deliveries}, how often a poison record
 *       was handed to the function</li>
 *   <li>{@code window#<shardId>} / {@code <window start>}: a closed tumbling window's counts</li>
 *   <li>{@code discarded#<shardId>} / {@code <first sequence number>}: a batch the mapping gave up on (its
 *       on-failure invocation record: last sequence number, batch size, condition, invoke count)</li>
 * </ul>
 */
final class ProcessedRecords {

    /** The environment variable naming the table. */
    static final String TABLE_VARIABLE = "PROCESSED_TABLE";

    private final DynamoDbClient dynamoDb;
    private final String table;

    ProcessedRecords(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The table named by {@value #TABLE_VARIABLE}; endpoint, region and credentials from the function's environment. */
    static ProcessedRecords fromEnvironment() {
        String table = System.getenv(TABLE_VARIABLE);
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("set " + TABLE_VARIABLE + " to the table that records processed sequence numbers");
        }
        DynamoDbClient client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)))
                .build();
        return new ProcessedRecords(client, table);
    }

    /** @return true when this call recorded the record, false when an earlier delivery already had (a duplicate) */
    boolean markProcessed(String shardId, String sequenceNumber, String partitionKey, String requestId) {
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of("pk", s("processed#" + shardId), "sk", s(sequenceNumber), "partitionKey", s(partitionKey),
                            "processedAt", n(System.currentTimeMillis()), "requestId", s(requestId)))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            add("processed#" + shardId, sequenceNumber, "duplicates");
            return false;
        }
    }

    void countPoisonDelivery(String shardId, String sequenceNumber) {
        add("poison#" + shardId, sequenceNumber, "deliveries");
    }

    void putWindow(String shardId, String windowStart, String windowEnd, Map<String, String> counts) {
        Map<String, AttributeValue> countValues = new java.util.LinkedHashMap<>();
        counts.forEach((key, value) -> countValues.put(key, AttributeValue.fromN(value)));
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("pk", s("window#" + shardId), "sk", s(windowStart),
                "windowEnd", s(windowEnd), "counts", AttributeValue.fromM(countValues), "closedAt", n(System.currentTimeMillis()))));
    }

    void putDiscarded(String shardId, String startSequenceNumber, String endSequenceNumber, long batchSize, String condition,
                      long invokeCount) {
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("pk", s("discarded#" + shardId), "sk", s(startSequenceNumber),
                "endSequenceNumber", s(endSequenceNumber), "batchSize", n(batchSize), "condition", s(condition),
                "approximateInvokeCount", n(invokeCount), "receivedAt", n(System.currentTimeMillis()))));
    }

    private void add(String pk, String sk, String attribute) {
        dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("pk", s(pk), "sk", s(sk)))
                .updateExpression("ADD #a :one").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
