package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TransactWriteItems and TransactGetItems, which dynalite lacks, as the Developer Guide's "Amazon DynamoDB
 * Transactions: How it works" describes them: all-or-nothing, conditions checked atomically, one reason per
 * item when cancelled, two operations on one item refused, a ClientRequestToken makes a write idempotent for
 * 10 minutes; transactional reads and writes cost twice the capacity of plain ones.
 *
 * <p>The items' locks are held from the first check to the last write, so no other request through the
 * front sees a half-done transaction. Each action runs first on a scratch copy of its item (the hidden table
 * {@code <name>__dslab_txn}), where dynalite evaluates its condition and update expression exactly as for a
 * plain write; only if every action succeeds are the resulting images written to the leader and replicated
 * like any write.
 */
final class Transactions {

    static final long TOKEN_LIFETIME_NANOS = Duration.ofMinutes(10).toNanos();
    private static final int MAX_ITEMS = 100;
    private static final long ACK_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final List<String> ACTIONS = List.of("ConditionCheck", "Put", "Delete", "Update");

    private final Dynalite dynalite;
    private final ReplicationModel model;
    private final KeyLocks locks;
    private final Map<String, TokenUse> tokens = new ConcurrentHashMap<>();

    /** A ClientRequestToken's first request: its payload, and its answer once it succeeded (null while running). */
    private record TokenUse(JsonNode request, ObjectNode response, long expiresNanos) {
    }

    /** One action of a TransactWriteItems request. */
    private record Action(String kind, ObjectNode spec, ReplicationGroup group, ObjectNode key) {
    }

    Transactions(Dynalite dynalite, ReplicationModel model, KeyLocks locks) {
        this.dynalite = dynalite;
        this.model = model;
        this.locks = locks;
    }

    ObjectNode write(ObjectNode body) {
        JsonNode items = requireItems(body);
        if ("SIZE".equals(body.path("ReturnItemCollectionMetrics").asText())) {
            throw DynamoDbError.validation("ReturnItemCollectionMetrics SIZE is not modelled by the dslab local target's transactions");
        }
        String token = body.path("ClientRequestToken").asText(null);
        ObjectNode request = body.deepCopy();
        request.remove("ClientRequestToken");
        if (token != null) {
            ObjectNode earlier = claim(token, request);
            if (earlier != null) {
                return earlier.deepCopy();
            }
        }
        boolean succeeded = false;
        try {
            ObjectNode response = writeActions(actions(items), body.path("ReturnConsumedCapacity").asText("NONE"));
            if (token != null) {
                tokens.put(token, new TokenUse(request, response.deepCopy(), System.nanoTime() + TOKEN_LIFETIME_NANOS));
            }
            succeeded = true;
            return response;
        } finally {
            if (token != null && !succeeded) {
                tokens.remove(token); // a request that did not succeed does not use up its token
            }
        }
    }

    /** @return the answer of an earlier identical request with this token, or null once this request holds the token */
    private ObjectNode claim(String token, JsonNode request) {
        long now = System.nanoTime();
        if (tokens.size() > 1000) {
            tokens.values().removeIf(use -> use.expiresNanos() < now);
        }
        TokenUse mine = new TokenUse(request, null, now + TOKEN_LIFETIME_NANOS);
        TokenUse earlier = tokens.compute(token, (key, use) -> use == null || use.expiresNanos() < now ? mine : use);
        if (earlier == mine) {
            return null;
        }
        if (!earlier.request().equals(request)) {
            throw new DynamoDbError(400, "IdempotentParameterMismatchException", "DynamoDB rejected the request because you retried"
                    + " a request with a different payload but with an idempotent token that was already used.");
        }
        if (earlier.response() == null) {
            throw new DynamoDbError(400, "TransactionInProgressException", "The transaction with the given request token is already in progress.");
        }
        return earlier.response();
    }

    private static JsonNode requireItems(ObjectNode body) {
        JsonNode items = body.get("TransactItems");
        if (items == null || !items.isArray()) {
            throw DynamoDbError.validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_ITEMS + " and greater than or equal to 1");
        }
        return items;
    }

    private ReplicationGroup group(JsonNode spec) {
        String table = spec.path("TableName").asText("");
        if (ReplicationGroup.isHidden(table)) {
            throw DynamoDbError.validation("Table names containing '" + ReplicationGroup.HIDDEN_MARK
                    + "' are reserved by the dslab local target for its hidden replicas: " + table);
        }
        ReplicationGroup group = model.group(table);
        if (group == null) {
            throw new DynamoDbError(400, "ResourceNotFoundException", "Requested resource not found");
        }
        return group;
    }

    private List<Action> actions(JsonNode items) {
        List<Action> actions = new ArrayList<>();
        Set<String> itemIds = new HashSet<>();
        for (JsonNode item : items) {
            List<String> kinds = ACTIONS.stream().filter(item::has).toList();
            if (kinds.size() != 1 || !(item.get(kinds.get(0)) instanceof ObjectNode spec)) {
                throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            String kind = kinds.get(0);
            ReplicationGroup group = group(spec);
            ObjectNode key = group.schema.keyOf(spec.path(kind.equals("Put") ? "Item" : "Key"));
            if (!itemIds.add(group.schema.itemId(key))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(new Action(kind, spec, group, key));
        }
        return actions;
    }

    private ObjectNode writeActions(List<Action> actions, String returnCapacity) {
        AckMode ack = model.settings().ack();
        List<ReplicationGroup.Shipped> shipped = new ArrayList<>();
        Map<String, Double> capacity = new LinkedHashMap<>();
        try (KeyLocks.Held held = locks.write(actions.stream().map(a -> a.group().schema.itemId(a.key())).toList())) {
            Map<ReplicationGroup, ReplicationGroup.WriteTicket> tickets = new LinkedHashMap<>();
            try {
                for (Action action : actions) {
                    if (!tickets.containsKey(action.group())) {
                        tickets.put(action.group(), action.group().beginWrite(ack));
                    }
                }
                List<ObjectNode> images = new ArrayList<>();
                ArrayNode reasons = Dynalite.JSON.createArrayNode();
                boolean cancelled = false;
                try {
                    for (Action action : actions) {
                        ObjectNode reason = reasons.addObject();
                        ObjectNode image = trial(action, tickets.get(action.group()).leaderReplica, reason, capacity);
                        images.add(image);
                        cancelled |= !reason.path("Code").asText().equals("None");
                    }
                } finally {
                    clearScratch(actions);
                }
                if (cancelled) {
                    throw cancellation(reasons);
                }
                for (int i = 0; i < actions.size(); i++) {
                    Action action = actions.get(i);
                    if (action.kind().equals("ConditionCheck")) {
                        continue;
                    }
                    ReplicationGroup.WriteTicket ticket = tickets.get(action.group());
                    LogEntry write = new LogEntry(0, action.key(), images.get(i), 0);
                    ObjectNode batch = Dynalite.JSON.createObjectNode();
                    batch.putObject("RequestItems").putArray(ticket.leaderReplica.physicalTable).add(write.writeRequest());
                    dynalite.require("BatchWriteItem", batch);
                    shipped.add(action.group().ship(ticket, action.key(), images.get(i)));
                }
            } finally {
                tickets.values().forEach(ReplicationGroup.WriteTicket::close);
            }
        }
        for (ReplicationGroup.Shipped write : shipped) {
            write.group().awaitAck(write, ack, ACK_TIMEOUT_NANOS);
        }
        ObjectNode response = Dynalite.JSON.createObjectNode();
        if (!returnCapacity.equals("NONE")) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            capacity.forEach((table, units) -> consumed.addObject().put("TableName", table)
                    .put("CapacityUnits", units).put("WriteCapacityUnits", units));
        }
        return response;
    }

    /**
     * Runs the action on a scratch copy of its item as the leader holds it: dynalite decides the condition
     * and computes the new image. Fills in the action's cancellation reason.
     *
     * @return the item's new image (null: deleted, or a ConditionCheck)
     */
    private ObjectNode trial(Action action, Replica leader, ObjectNode reason, Map<String, Double> capacity) {
        String scratch = ReplicationGroup.scratchTableName(action.group().schema.name());
        ObjectNode get = Dynalite.JSON.createObjectNode().put("TableName", leader.physicalTable).put("ConsistentRead", true);
        get.set("Key", action.key());
        JsonNode current = dynalite.require("GetItem", get).get("Item");
        ObjectNode prepare = Dynalite.JSON.createObjectNode().put("TableName", scratch);
        if (current == null) {
            prepare.set("Key", action.key());
            dynalite.require("DeleteItem", prepare);
        } else {
            prepare.set("Item", current);
            dynalite.require("PutItem", prepare);
        }
        ObjectNode trial = action.spec().deepCopy();
        trial.put("TableName", scratch).put("ReturnConsumedCapacity", "TOTAL");
        trial.remove("ReturnValuesOnConditionCheckFailure");
        String operation = switch (action.kind()) {
            case "Put" -> "PutItem";
            case "Update" -> "UpdateItem";
            default -> "DeleteItem"; // a ConditionCheck is a conditional delete of the scratch copy
        };
        if (action.kind().equals("Update")) {
            trial.put("ReturnValues", "ALL_NEW");
        }
        Dynalite.Response outcome = dynalite.call(operation, trial);
        if (!outcome.ok()) {
            if (!outcome.errorCode().equals("ConditionalCheckFailedException")) {
                throw outcome.asError(); // a malformed action fails the whole request, as DynamoDB validates it up front
            }
            reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
            if ("ALL_OLD".equals(action.spec().path("ReturnValuesOnConditionCheckFailure").asText()) && current != null) {
                reason.set("Item", current);
            }
            return null;
        }
        reason.put("Code", "None");
        double units = outcome.body().path("ConsumedCapacity").path("CapacityUnits").asDouble(1);
        capacity.merge(action.group().schema.name(), 2 * units, Double::sum);
        return switch (action.kind()) {
            case "Put" -> (ObjectNode) action.spec().get("Item");
            case "Update" -> (ObjectNode) outcome.body().get("Attributes");
            default -> null;
        };
    }

    private void clearScratch(List<Action> actions) {
        for (Action action : actions) {
            ObjectNode delete = Dynalite.JSON.createObjectNode().put("TableName", ReplicationGroup.scratchTableName(action.group().schema.name()));
            delete.set("Key", action.key());
            dynalite.call("DeleteItem", delete);
        }
    }

    private static DynamoDbError cancellation(ArrayNode reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(reason -> codes.add(reason.path("Code").asText()));
        return new CancelledTransaction("Transaction cancelled, please refer cancellation reasons for specific reasons "
                + "[" + String.join(", ", codes) + "]", reasons);
    }

    /** TransactionCanceledException: DynamoDB adds the per-item reasons beside the message. */
    static final class CancelledTransaction extends DynamoDbError {
        final ArrayNode reasons;

        CancelledTransaction(String message, ArrayNode reasons) {
            super(400, "TransactionCanceledException", message);
            this.reasons = reasons;
        }

        @Override
        ObjectNode toJson() {
            ObjectNode json = super.toJson();
            json.set("CancellationReasons", reasons);
            return json;
        }
    }

    ObjectNode get(ObjectNode body) {
        JsonNode items = requireItems(body);
        List<ReplicationGroup> groups = new ArrayList<>();
        List<String> itemIds = new ArrayList<>();
        for (JsonNode item : items) {
            if (!(item.get("Get") instanceof ObjectNode spec) || item.size() != 1) {
                throw DynamoDbError.validation("TransactItems of TransactGetItems can only contain Get");
            }
            ReplicationGroup group = group(spec);
            groups.add(group);
            itemIds.add(group.schema.itemId(group.schema.keyOf(spec.path("Key"))));
        }
        ObjectNode response = Dynalite.JSON.createObjectNode();
        ArrayNode responses = response.putArray("Responses");
        Map<String, Double> capacity = new LinkedHashMap<>();
        try (KeyLocks.Held held = locks.read(itemIds)) {
            for (int i = 0; i < items.size(); i++) {
                ObjectNode get = ((ObjectNode) items.get(i).get("Get")).deepCopy();
                get.put("TableName", groups.get(i).strongReadTable()).put("ConsistentRead", true).put("ReturnConsumedCapacity", "TOTAL");
                Dynalite.Response read = dynalite.call("GetItem", get);
                if (!read.ok()) {
                    throw read.asError();
                }
                ObjectNode entry = responses.addObject();
                if (read.body().has("Item")) {
                    entry.set("Item", read.body().get("Item"));
                }
                capacity.merge(groups.get(i).schema.name(), 2 * read.body().path("ConsumedCapacity").path("CapacityUnits").asDouble(1),
                        Double::sum);
            }
        }
        if (!body.path("ReturnConsumedCapacity").asText("NONE").equals("NONE")) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            capacity.forEach((table, units) -> consumed.addObject().put("TableName", table)
                    .put("CapacityUnits", units).put("ReadCapacityUnits", units));
        }
        return response;
    }
}
