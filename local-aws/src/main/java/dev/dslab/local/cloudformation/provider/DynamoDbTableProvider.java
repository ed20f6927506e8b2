package dev.dslab.local.cloudformation.provider;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * AWS::DynamoDB::Table on dynalite. dynalite has no Streams, TTL, point-in-time recovery or encryption
 * settings and cannot add or remove a GSI after creation; templates asking for those fail loudly here
 * instead of getting a table that silently lacks them.
 */
final class DynamoDbTableProvider implements ResourceProvider {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final DynamoDbClient dynamoDb;

    DynamoDbTableProvider(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @Override
    public String type() {
        return "AWS::DynamoDB::Table";
    }

    @Override
    public Set<String> supportedProperties() {
        return Set.of("TableName", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes",
                "LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput", "Tags", "StreamSpecification",
                "TimeToLiveSpecification", "PointInTimeRecoverySpecification", "SSESpecification",
                "DeletionProtectionEnabled", "TableClass");
    }

    @Override
    public Set<String> replacementProperties() {
        return Set.of("TableName", "KeySchema", "LocalSecondaryIndexes");
    }

    @Override
    public String nameProperty() {
        return "TableName";
    }

    @Override
    public ProvisionedResource create(ResourceRequest request) throws Exception {
        rejectUnmodelled(request);
        String name = request.physicalName(nameProperty(), PhysicalNames.Style.DYNAMODB_TABLE);
        CreateTableRequest.Builder create = CreateTableRequest.builder()
                .tableName(name)
                .keySchema(keySchema(request.node("KeySchema")))
                .attributeDefinitions(attributeDefinitions(request.node("AttributeDefinitions")))
                .billingMode(billingMode(request));
        ProvisionedThroughput throughput = throughput(request.node("ProvisionedThroughput"));
        if (throughput != null) {
            create.provisionedThroughput(throughput);
        }
        List<GlobalSecondaryIndex> globalIndexes = new ArrayList<>();
        for (JsonNode index : request.node("GlobalSecondaryIndexes")) {
            GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder()
                    .indexName(index.path("IndexName").asText())
                    .keySchema(keySchema(index.path("KeySchema")))
                    .projection(projection(index.path("Projection")));
            ProvisionedThroughput indexThroughput = throughput(index.path("ProvisionedThroughput"));
            if (indexThroughput != null) {
                gsi.provisionedThroughput(indexThroughput);
            }
            globalIndexes.add(gsi.build());
        }
        if (!globalIndexes.isEmpty()) {
            create.globalSecondaryIndexes(globalIndexes);
        }
        List<LocalSecondaryIndex> localIndexes = new ArrayList<>();
        for (JsonNode index : request.node("LocalSecondaryIndexes")) {
            localIndexes.add(LocalSecondaryIndex.builder().indexName(index.path("IndexName").asText())
                    .keySchema(keySchema(index.path("KeySchema"))).projection(projection(index.path("Projection")))
                    .build());
        }
        if (!localIndexes.isEmpty()) {
            create.localSecondaryIndexes(localIndexes);
        }
        dynamoDb.createTable(create.build());
        TableDescription table = awaitActive(name);
        tag(table.tableArn(), request.tags());
        return provisioned(table);
    }

    private static void rejectUnmodelled(ResourceRequest request) throws ProviderException {
        if (request.properties().has("StreamSpecification")) {
            throw new ProviderException("StreamSpecification is not supported by the dslab local target: "
                    + "dynalite has no DynamoDB Streams");
        }
        if (request.properties().has("TimeToLiveSpecification")) {
            throw new ProviderException("TimeToLiveSpecification is not supported by the dslab local target: "
                    + "dynalite has no UpdateTimeToLive");
        }
        if (request.node("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(false)) {
            throw new ProviderException("PointInTimeRecoveryEnabled is not supported by the dslab local target: "
                    + "dynalite has no point-in-time recovery");
        }
        if (request.node("SSESpecification").path("SSEEnabled").asBoolean(false)) {
            throw new ProviderException("SSESpecification.SSEEnabled is not supported by the dslab local target: "
                    + "dynalite has no encryption settings");
        }
        if (request.properties().path("DeletionProtectionEnabled").asBoolean(false)) {
            throw new ProviderException("DeletionProtectionEnabled is not supported by the dslab local target");
        }
        if (request.properties().has("TableClass") && !"STANDARD".equals(request.text("TableClass"))) {
            throw new ProviderException("TableClass " + request.text("TableClass")
                    + " is not supported by the dslab local target (only STANDARD)");
        }
    }

    @Override
    public ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception {
        rejectUnmodelled(request);
        ChangedProperties.requireOnly(previous, request, Set.of("BillingMode", "ProvisionedThroughput", "Tags"),
                "dynalite cannot change indexes or table settings after creation");
        String name = current.physicalId();
        if (!billingMode(request).equals(billingMode(previous))
                || !request.node("ProvisionedThroughput").equals(previous.node("ProvisionedThroughput"))) {
            UpdateTableRequest.Builder update = UpdateTableRequest.builder()
                    .tableName(name).billingMode(billingMode(request));
            ProvisionedThroughput throughput = throughput(request.node("ProvisionedThroughput"));
            if (throughput != null) {
                update.provisionedThroughput(throughput);
            }
            dynamoDb.updateTable(update.build());
        }
        TableDescription table = awaitActive(name);
        Tags tags = Tags.diff(previous.tags(), request.tags());
        if (!tags.toRemove().isEmpty()) {
            dynamoDb.untagResource(r -> r.resourceArn(table.tableArn()).tagKeys(tags.toRemove()));
        }
        tag(table.tableArn(), tags.toSet());
        return provisioned(table);
    }

    @Override
    public void delete(ResourceRequest request, ProvisionedResource current) throws Exception {
        try {
            dynamoDb.deleteTable(r -> r.tableName(current.physicalId()));
        } catch (ResourceNotFoundException gone) {
            return;
        }
        Polling.until("Deletion of table " + current.physicalId(), WAIT, () -> {
            try {
                dynamoDb.describeTable(r -> r.tableName(current.physicalId()));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            }
        });
    }

    private TableDescription awaitActive(String name) throws Exception {
        TableDescription[] table = new TableDescription[1];
        Polling.until("Table " + name + " becoming ACTIVE", WAIT, () -> {
            table[0] = dynamoDb.describeTable(r -> r.tableName(name)).table();
            return table[0].tableStatus() == TableStatus.ACTIVE;
        });
        return table[0];
    }

    private void tag(String arn, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        dynamoDb.tagResource(r -> r.resourceArn(arn).tags(tags.entrySet().stream()
                .map(tag -> Tag.builder()
                        .key(tag.getKey()).value(tag.getValue()).build())
                .toList()));
    }

    private static ProvisionedResource provisioned(TableDescription table) {
        return new ProvisionedResource(table.tableName(), Map.of("Arn", table.tableArn()));
    }

    private static BillingMode billingMode(ResourceRequest request) {
        return BillingMode.fromValue(request.text("BillingMode", "PROVISIONED"));
    }

    private static List<KeySchemaElement> keySchema(JsonNode schema) {
        List<KeySchemaElement> keys = new ArrayList<>();
        schema.forEach(key -> keys.add(KeySchemaElement.builder().attributeName(key.path("AttributeName").asText())
                .keyType(key.path("KeyType").asText()).build()));
        return keys;
    }

    private static List<AttributeDefinition> attributeDefinitions(JsonNode definitions) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        definitions.forEach(definition -> attributes.add(AttributeDefinition.builder()
                .attributeName(definition.path("AttributeName").asText())
                .attributeType(definition.path("AttributeType").asText()).build()));
        return attributes;
    }

    private static Projection projection(JsonNode projection) {
        Projection.Builder builder = Projection.builder().projectionType(projection.path("ProjectionType").asText("ALL"));
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(attribute -> nonKey.add(attribute.asText()));
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey);
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(JsonNode throughput) {
        if (throughput.isMissingNode() || throughput.isNull()) {
            return null;
        }
        return ProvisionedThroughput.builder()
                .readCapacityUnits(throughput.path("ReadCapacityUnits").asLong())
                .writeCapacityUnits(throughput.path("WriteCapacityUnits").asLong()).build();
    }
}
