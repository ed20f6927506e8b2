package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.edge.ProxyService;
import dev.dslab.local.edge.ServiceProcess;
import dev.dslab.local.emulator.Emulator;
import dev.dslab.local.state.JsonFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB on the local target: a replication model in front of dynalite. Each table is a group of three
 * replicas (physical tables in the one dynalite process) with a leader; writes are decided on the leader and
 * replicated to the followers with a lag; strongly consistent reads go to the leader, eventually consistent
 * ones to any reachable replica, GSI reads to a table that receives the writes after the GSI lag. This
 * follows the DynamoDB paper (USENIX ATC 2022, section 3: Multi-Paxos replication groups, quorum-acknowledged
 * writes, leader-served strong reads) and the Developer Guide's "Read consistency" page. Operations the model
 * does not touch (DescribeTable, tagging, TTL...) go to dynalite unchanged.
 */
public final class DynamoDbFront implements AwsService {

    static final String IN_STEP_FILE = "replicas-in-step.json";

    private static final Logger log = LoggerFactory.getLogger(DynamoDbFront.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final long ACK_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final Duration TABLE_WAIT = Duration.ofSeconds(20);
    private static final Set<String> RETURN_VALUES_FROM_UPDATE = Set.of("NONE", "ALL_NEW");

    private final ProxyService passThrough;
    private final Dynalite dynalite;
    private final ReplicationModel model;
    private final Path inStepFile;
    private final KeyLocks locks = new KeyLocks();
    private final Transactions transactions;

    /**
     * @param requestTimeout how long dynalite may take to answer one call
     * @param stateFolder    where the front notes, at a clean stop, which tables' replicas were in step
     */
    public DynamoDbFront(CompletableFuture<? extends Emulator> dynalite, Duration requestTimeout, Path stateFolder) {
        this.inStepFile = stateFolder.resolve(IN_STEP_FILE);
        this.passThrough = new ProxyService("dynamodb", dynalite, requestTimeout);
        this.dynalite = new Dynalite(dynalite, requestTimeout);
        this.model = new ReplicationModel(this.dynalite);
        this.transactions = new Transactions(this.dynalite, model, locks);
    }

    @Override
    public String signingName() {
        return "dynamodb";
    }

    @Override
    public List<ServiceProcess> processes() {
        return passThrough.processes();
    }

    @Override
    public Map<String, AdminEndpoint> adminEndpoints() {
        Map<String, AdminEndpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("replication", model::replicationEndpoint);
        endpoints.put("fault", model::faultEndpoint);
        return endpoints;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        ObjectNode body;
        try {
            JsonNode parsed = bytes.length == 0 ? null : Dynalite.JSON.readTree(bytes);
            body = parsed instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            body = null;
        }
        if (body == null || !dynalite.started()) {
            forward(exchange, bytes); // dynalite answers malformed requests (and the proxy a missing emulator) as before
            return;
        }
        try (exchange) {
            try {
                ObjectNode response = switch (operation) {
                    case "CreateTable" -> createTable(body);
                    case "DeleteTable" -> deleteTable(body);
                    case "UpdateTable" -> updateTable(body);
                    case "ListTables" -> listTables(body);
                    case "PutItem" -> write("PutItem", body);
                    case "UpdateItem" -> write("UpdateItem", body);
                    case "DeleteItem" -> write("DeleteItem", body);
                    case "BatchWriteItem" -> batchWrite(body);
                    case "GetItem" -> getItem(body);
                    case "Query", "Scan" -> queryOrScan(operation, body);
                    case "BatchGetItem" -> batchGet(body);
                    case "TransactWriteItems" -> transactions.write(body);
                    case "TransactGetItems" -> transactions.get(body);
                    default -> null;
                };
                if (response == null) {
                    refuseHiddenNames(body);
                    forward(exchange, bytes);
                    return;
                }
                reply(exchange, 200, response);
            } catch (DynamoDbError error) {
                reply(exchange, error.status(), error.toJson());
            } catch (Passed passed) {
                reply(exchange, passed.response.status(), passed.response.body());
            }
        }
    }

    /** dynalite's error answer, passed to the client as dynalite gave it. */
    static final class Passed extends RuntimeException {
        final Dynalite.Response response;

        Passed(Dynalite.Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private static ObjectNode okOrPass(Dynalite.Response response) {
        if (!response.ok()) {
            throw new Passed(response);
        }
        return response.body();
    }

    private void forward(HttpExchange exchange, byte[] bytes) throws IOException {
        exchange.setStreams(new ByteArrayInputStream(bytes), null);
        passThrough.handle(exchange);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Dynalite.JSON.writeValueAsBytes(body);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- names ----

    private static void refuseHiddenNames(ObjectNode body) {
        for (String field : List.of("TableName", "ResourceArn")) {
            String value = body.path(field).asText("");
            if (ReplicationGroup.isHidden(value)) {
                throw hiddenName(value);
            }
        }
    }

    private static DynamoDbError hiddenName(String name) {
        return DynamoDbError.validation("Table names containing '" + ReplicationGroup.HIDDEN_MARK
                + "' are reserved by the dslab local target for its hidden replicas: " + name);
    }

    private static String tableName(JsonNode body) {
        String name = body.path("TableName").asText("");
        if (ReplicationGroup.isHidden(name)) {
            throw hiddenName(name);
        }
        return name;
    }

    private static String userName(String physical) {
        int mark = physical.indexOf(ReplicationGroup.HIDDEN_MARK);
        return mark < 0 ? physical : physical.substring(0, mark);
    }

    /** Physical table names in a response become the user's: ConsumedCapacity, per-table maps of batch answers. */
    static void toUserNames(ObjectNode response) {
        JsonNode consumed = response.get("ConsumedCapacity");
        if (consumed != null) {
            (consumed.isArray() ? consumed : List.of(consumed)).forEach(capacity -> {
                if (capacity instanceof ObjectNode object && object.has("TableName")) {
                    object.put("TableName", userName(object.get("TableName").asText()));
                }
            });
        }
        for (String field : List.of("Responses", "UnprocessedKeys", "UnprocessedItems", "ItemCollectionMetrics")) {
            JsonNode byTable = response.get(field);
            if (byTable instanceof ObjectNode) {
                ObjectNode renamed = Dynalite.JSON.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = byTable.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> table = it.next();
                    renamed.set(userName(table.getKey()), table.getValue());
                }
                response.set(field, renamed);
            }
        }
    }

    // ---- tables ----

    private ObjectNode createTable(ObjectNode body) {
        String name = tableName(body);
        int longest = ReplicationGroup.scratchTableName(name).length();
        if (longest > 255 && name.length() <= 255) {
            throw DynamoDbError.validation("The dslab local target keeps hidden replicas of each table named <name>"
                    + ReplicationGroup.HIDDEN_MARK + "r2/-r3/-gsi/-txn, so table names may have at most "
                    + (255 - (longest - name.length())) + " characters here (got " + name.length() + ")");
        }
        ObjectNode created = okOrPass(dynalite.call("CreateTable", body));
        TableSchema schema = TableSchema.of(name, body.path("KeySchema"), body.path("GlobalSecondaryIndexes"));
        List<String> hidden = new ArrayList<>();
        try {
            for (int replica = 2; replica <= 3; replica++) {
                String physical = ReplicationGroup.physicalName(name, replica);
                dynalite.require("CreateTable", replicaTable(body, physical));
                hidden.add(physical);
            }
            dynalite.require("CreateTable", replicaTable(body, ReplicationGroup.scratchTableName(name)));
            hidden.add(ReplicationGroup.scratchTableName(name));
            if (schema.hasGlobalIndexes()) {
                ObjectNode gsiTable = body.deepCopy();
                gsiTable.put("TableName", ReplicationGroup.gsiTableName(name));
                gsiTable.remove(List.of("Tags", "StreamSpecification", "SSESpecification", "DeletionProtectionEnabled"));
                dynalite.require("CreateTable", gsiTable);
                hidden.add(ReplicationGroup.gsiTableName(name));
            }
            for (String physical : hidden) {
                awaitStatus(physical, "ACTIVE");
            }
        } catch (DynamoDbError failed) {
            log.error("could not create the hidden replicas of table {}: {}", name, failed.getMessage());
            for (String physical : hidden) {
                dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", physical));
            }
            dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", name));
            throw new DynamoDbError(500, "InternalServerError", "The dslab local target could not create the replicas of table "
                    + name + ": " + failed.getMessage());
        }
        model.add(new ReplicationGroup(schema, dynalite, model));
        return created;
    }

    /** A follower replica's table: the same keys and LSIs, no GSIs, streams or tags. */
    private static ObjectNode replicaTable(ObjectNode create, String physical) {
        ObjectNode table = Dynalite.JSON.createObjectNode().put("TableName", physical);
        table.set("KeySchema", create.get("KeySchema"));
        Set<String> used = new java.util.HashSet<>();
        create.path("KeySchema").forEach(key -> used.add(key.path("AttributeName").asText()));
        create.path("LocalSecondaryIndexes").forEach(index ->
                index.path("KeySchema").forEach(key -> used.add(key.path("AttributeName").asText())));
        ArrayNode definitions = table.putArray("AttributeDefinitions");
        create.path("AttributeDefinitions").forEach(definition -> {
            if (used.contains(definition.path("AttributeName").asText())) {
                definitions.add(definition);
            }
        });
        for (String field : List.of("LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput")) {
            if (create.has(field)) {
                table.set(field, create.get(field));
            }
        }
        return table;
    }

    private void awaitStatus(String physical, String status) {
        long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Dynalite.Response described = dynalite.call("DescribeTable", Dynalite.JSON.createObjectNode().put("TableName", physical));
            if (status == null ? !described.ok() && described.errorCode().equals("ResourceNotFoundException")
                    : described.ok() && status.equals(described.body().path("Table").path("TableStatus").asText())) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw DynamoDbError.unavailable("the local target is stopping");
            }
        }
        throw new DynamoDbError(500, "InternalServerError", "hidden table " + physical + " did not become "
                + (status == null ? "deleted" : status) + " within " + TABLE_WAIT.toSeconds() + " s");
    }

    private ObjectNode deleteTable(ObjectNode body) {
        String name = tableName(body);
        ObjectNode deleted = okOrPass(dynalite.call("DeleteTable", body));
        ReplicationGroup group = model.group(name);
        if (group != null) {
            model.remove(name);
            for (String physical : group.hiddenTables()) {
                dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", physical));
            }
            for (String physical : group.hiddenTables()) {
                awaitStatus(physical, null);
            }
        }
        return deleted;
    }

    private ObjectNode updateTable(ObjectNode body) {
        String name = tableName(body);
        ObjectNode updated = okOrPass(dynalite.call("UpdateTable", body));
        ReplicationGroup group = model.group(name);
        if (group != null) {
            for (String physical : group.hiddenTables()) {
                ObjectNode mirror = Dynalite.JSON.createObjectNode().put("TableName", physical);
                for (String field : List.of("BillingMode", "ProvisionedThroughput", "AttributeDefinitions", "GlobalSecondaryIndexUpdates")) {
                    boolean gsiOnly = field.equals("AttributeDefinitions") || field.equals("GlobalSecondaryIndexUpdates");
                    if (body.has(field) && (!gsiOnly || physical.equals(ReplicationGroup.gsiTableName(name)))) {
                        mirror.set(field, body.get(field));
                    }
                }
                if (mirror.size() > 1) {
                    Dynalite.Response mirrored = dynalite.call("UpdateTable", mirror);
                    if (!mirrored.ok()) {
                        log.warn("UpdateTable of hidden table {} refused: {}", physical, mirrored.body());
                    }
                }
            }
        }
        return updated;
    }

    /** dynalite's listing without the hidden tables, paged by the client's Limit and ExclusiveStartTableName. */
    private ObjectNode listTables(ObjectNode body) {
        okOrPass(dynalite.call("ListTables", body)); // dynalite validates the parameters as DynamoDB does
        List<String> visible = new ArrayList<>();
        String start = null;
        do {
            ObjectNode page = Dynalite.JSON.createObjectNode();
            if (start != null) {
                page.put("ExclusiveStartTableName", start);
            }
            ObjectNode listed = dynalite.require("ListTables", page);
            listed.path("TableNames").forEach(table -> {
                if (!ReplicationGroup.isHidden(table.asText())) {
                    visible.add(table.asText());
                }
            });
            start = listed.path("LastEvaluatedTableName").asText(null);
        } while (start != null);
        String after = body.path("ExclusiveStartTableName").asText(null);
        int limit = body.path("Limit").asInt(100);
        List<String> names = visible.stream().filter(table -> after == null || table.compareTo(after) > 0).toList();
        ObjectNode response = Dynalite.JSON.createObjectNode();
        ArrayNode page = response.putArray("TableNames");
        names.stream().limit(limit).forEach(page::add);
        if (names.size() > limit) {
            response.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return response;
    }

    // ---- writes ----

    private ObjectNode write(String operation, ObjectNode body) {
        String name = tableName(body);
        ReplicationGroup group = model.group(name);
        if (group == null) {
            return okOrPass(dynalite.call(operation, body));
        }
        ObjectNode key = group.schema.keyOf(body.path(operation.equals("PutItem") ? "Item" : "Key"));
        AckMode ack = model.settings().ack();
        String returnValues = body.path("ReturnValues").asText("NONE");
        boolean imageFromReturn = operation.equals("UpdateItem") && RETURN_VALUES_FROM_UPDATE.contains(returnValues);
        if (imageFromReturn) {
            body.put("ReturnValues", "ALL_NEW");
        }
        ObjectNode response;
        ReplicationGroup.Shipped shipped;
        try (KeyLocks.Held held = locks.write(List.of(group.schema.itemId(key)));
             ReplicationGroup.WriteTicket ticket = group.beginWrite(ack)) {
            body.put("TableName", ticket.leaderReplica.physicalTable);
            response = okOrPass(dynalite.call(operation, body));
            ObjectNode image = switch (operation) {
                case "PutItem" -> (ObjectNode) body.get("Item");
                case "DeleteItem" -> null;
                default -> imageFromReturn ? (ObjectNode) response.get("Attributes") : leaderImage(ticket.leaderReplica, key);
            };
            if (imageFromReturn && returnValues.equals("NONE")) {
                response.remove("Attributes");
            }
            shipped = group.ship(ticket, key, image);
        }
        group.awaitAck(shipped, ack, ACK_TIMEOUT_NANOS);
        toUserNames(response);
        return response;
    }

    /** The item as the leader holds it now (null: absent), read under the item's lock. */
    ObjectNode leaderImage(Replica leader, ObjectNode key) {
        ObjectNode get = Dynalite.JSON.createObjectNode().put("TableName", leader.physicalTable).put("ConsistentRead", true);
        get.set("Key", key);
        JsonNode item = dynalite.require("GetItem", get).get("Item");
        return item instanceof ObjectNode object ? object : null;
    }

    private ObjectNode batchWrite(ObjectNode body) {
        JsonNode requestItems = body.path("RequestItems");
        Map<String, ReplicationGroup> groups = new LinkedHashMap<>();
        List<String> itemIds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            if (ReplicationGroup.isHidden(table.getKey())) {
                throw hiddenName(table.getKey());
            }
            ReplicationGroup group = model.group(table.getKey());
            if (group != null) {
                groups.put(table.getKey(), group);
                table.getValue().forEach(write -> itemIds.add(group.schema.itemId(keyOfWrite(group, write))));
            }
        }
        if (groups.isEmpty()) {
            return okOrPass(dynalite.call("BatchWriteItem", body));
        }
        AckMode ack = model.settings().ack();
        List<ReplicationGroup.Shipped> shipped = new ArrayList<>();
        ObjectNode response;
        List<ReplicationGroup.WriteTicket> tickets = new ArrayList<>();
        try (KeyLocks.Held held = locks.write(itemIds)) {
            try {
                ObjectNode renamed = Dynalite.JSON.createObjectNode();
                Map<String, ReplicationGroup.WriteTicket> byTable = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> table = it.next();
                    ReplicationGroup group = groups.get(table.getKey());
                    String physical = table.getKey();
                    if (group != null) {
                        ReplicationGroup.WriteTicket ticket = group.beginWrite(ack);
                        tickets.add(ticket);
                        byTable.put(table.getKey(), ticket);
                        physical = ticket.leaderReplica.physicalTable;
                    }
                    renamed.set(physical, table.getValue());
                }
                ObjectNode request = body.deepCopy();
                request.set("RequestItems", renamed);
                response = okOrPass(dynalite.call("BatchWriteItem", request));
                Set<String> unprocessed = new java.util.HashSet<>();
                response.path("UnprocessedItems").fields().forEachRemaining(table -> {
                    ReplicationGroup group = model.group(userName(table.getKey()));
                    if (group != null) {
                        table.getValue().forEach(write -> unprocessed.add(group.schema.itemId(keyOfWrite(group, write))));
                    }
                });
                for (Map.Entry<String, ReplicationGroup.WriteTicket> table : byTable.entrySet()) {
                    ReplicationGroup group = groups.get(table.getKey());
                    for (JsonNode write : requestItems.path(table.getKey())) {
                        ObjectNode key = keyOfWrite(group, write);
                        if (!unprocessed.contains(group.schema.itemId(key))) {
                            JsonNode item = write.path("PutRequest").get("Item");
                            shipped.add(group.ship(table.getValue(), key, item instanceof ObjectNode object ? object : null));
                        }
                    }
                }
            } finally {
                tickets.forEach(ReplicationGroup.WriteTicket::close);
            }
        }
        for (ReplicationGroup.Shipped write : shipped) {
            write.group().awaitAck(write, ack, ACK_TIMEOUT_NANOS);
        }
        toUserNames(response);
        return response;
    }

    private static ObjectNode keyOfWrite(ReplicationGroup group, JsonNode write) {
        return group.schema.keyOf(write.has("PutRequest") ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key"));
    }

    // ---- reads ----

    private ObjectNode getItem(ObjectNode body) {
        String name = tableName(body);
        ReplicationGroup group = model.group(name);
        if (group == null) {
            return okOrPass(dynalite.call("GetItem", body));
        }
        ObjectNode response;
        // shared with other reads, exclusive to writes: no read sees a write half-replicated or a transaction half-written
        try (KeyLocks.Held held = locks.read(List.of(group.schema.itemId(group.schema.keyOf(body.path("Key")))))) {
            body.put("TableName", body.path("ConsistentRead").asBoolean(false) ? group.strongReadTable() : group.eventualReadTable());
            response = okOrPass(dynalite.call("GetItem", body));
        }
        toUserNames(response);
        return response;
    }

    private ObjectNode queryOrScan(String operation, ObjectNode body) {
        String name = tableName(body);
        ReplicationGroup group = model.group(name);
        if (group == null) {
            return okOrPass(dynalite.call(operation, body));
        }
        String index = body.path("IndexName").asText(null);
        if (index != null && group.gsi != null && group.schema.globalIndexes().contains(index)) {
            body.put("TableName", group.gsi.physicalTable);
        } else {
            body.put("TableName", body.path("ConsistentRead").asBoolean(false) ? group.strongReadTable() : group.eventualReadTable());
        }
        ObjectNode response = okOrPass(dynalite.call(operation, body));
        toUserNames(response);
        return response;
    }

    private ObjectNode batchGet(ObjectNode body) {
        ObjectNode renamed = Dynalite.JSON.createObjectNode();
        List<String> eventualItems = new ArrayList<>();
        Map<String, ReplicationGroup> eventualTables = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("RequestItems").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            if (ReplicationGroup.isHidden(table.getKey())) {
                throw hiddenName(table.getKey());
            }
            ReplicationGroup group = model.group(table.getKey());
            if (group == null) {
                renamed.set(table.getKey(), table.getValue());
            } else if (table.getValue().path("ConsistentRead").asBoolean(false)) {
                renamed.set(group.strongReadTable(), table.getValue());
            } else {
                eventualTables.put(table.getKey(), group);
                table.getValue().path("Keys").forEach(key -> eventualItems.add(group.schema.itemId(group.schema.keyOf(key))));
            }
        }
        ObjectNode response;
        try (KeyLocks.Held held = locks.read(eventualItems)) {
            eventualTables.forEach((table, group) -> renamed.set(group.eventualReadTable(), body.path("RequestItems").get(table)));
            ObjectNode request = body.deepCopy();
            request.set("RequestItems", renamed);
            response = okOrPass(dynalite.call("BatchGetItem", request));
        }
        toUserNames(response);
        return response;
    }

    /**
     * Rebuilds the replication groups from the tables dynalite kept on disk. The replication log lives in
     * memory only: a table whose followers were in step with its leader at a clean stop (listed in
     * {@value #IN_STEP_FILE}, which is consumed here) resumes as it is; any other (the daemon was killed,
     * or a fault was in force) has its followers and GSI table copied from replica 1, the user-visible table,
     * so that no replica keeps a divergence nothing will repair. A table whose hidden replicas are
     * incomplete (the daemon died inside CreateTable or DeleteTable, before answering) is deleted, as the
     * request never completed.
     */
    @Override
    public void emulatorsReady() {
        Set<String> inStep = new HashSet<>();
        JsonNode noted = JsonFiles.readTree(inStepFile);
        if (noted != null) {
            noted.forEach(name -> inStep.add(name.asText()));
        }
        JsonFiles.delete(inStepFile);
        Set<String> names = new HashSet<>(allTableNames());
        Set<String> claimed = new HashSet<>();
        int restored = 0;
        int copied = 0;
        for (String name : names) {
            if (ReplicationGroup.isHidden(name)) {
                continue;
            }
            ObjectNode table = (ObjectNode) dynalite.require("DescribeTable", Dynalite.JSON.createObjectNode().put("TableName", name)).path("Table");
            TableSchema schema = TableSchema.of(name, table.path("KeySchema"), table.path("GlobalSecondaryIndexes"));
            ReplicationGroup group = new ReplicationGroup(schema, dynalite, model);
            List<String> hidden = group.hiddenTables();
            claimed.addAll(hidden);
            if (!names.containsAll(hidden) || !"ACTIVE".equals(table.path("TableStatus").asText())) {
                group.close();
                log.warn("table {} was left half created or half deleted by a daemon that died: deleted", name);
                for (String physical : hidden) {
                    if (names.contains(physical)) {
                        dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", physical));
                    }
                }
                dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", name));
                continue;
            }
            if (!inStep.contains(name)) {
                group.catchUpFromFirstReplica();
                copied++;
            }
            model.add(group);
            restored++;
        }
        for (String name : names) {
            if (ReplicationGroup.isHidden(name) && !claimed.contains(name)) {
                dynalite.call("DeleteTable", Dynalite.JSON.createObjectNode().put("TableName", name));
            }
        }
        if (restored > 0) {
            log.info("restored the replication groups of {} table(s), {} of them copied from replica 1", restored, copied);
        }
    }

    private List<String> allTableNames() {
        List<String> all = new ArrayList<>();
        String start = null;
        do {
            ObjectNode page = Dynalite.JSON.createObjectNode();
            if (start != null) {
                page.put("ExclusiveStartTableName", start);
            }
            ObjectNode listed = dynalite.require("ListTables", page);
            listed.path("TableNames").forEach(table -> all.add(table.asText()));
            start = listed.path("LastEvaluatedTableName").asText(null);
        } while (start != null);
        return all;
    }

    @Override
    public void close() {
        if (dynalite.started() && Files.isDirectory(inStepFile.getParent())) { // not when the home was deleted under the daemon
            JsonFiles.write(inStepFile, model.tablesInStep());
        }
        model.close();
        dynalite.close();
        passThrough.close();
    }
}
