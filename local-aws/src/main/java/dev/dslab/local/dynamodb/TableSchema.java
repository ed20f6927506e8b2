package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/** What the front needs to know of a user table: its key attributes and the names of its GSIs. */
record TableSchema(String name, String hashKey, String rangeKey, Set<String> globalIndexes) {

    static TableSchema of(String name, JsonNode keySchema, JsonNode globalSecondaryIndexes) {
        String hash = null;
        String range = null;
        for (JsonNode key : keySchema) {
            if ("HASH".equals(key.path("KeyType").asText())) {
                hash = key.path("AttributeName").asText();
            } else {
                range = key.path("AttributeName").asText();
            }
        }
        Set<String> indexes = new HashSet<>();
        globalSecondaryIndexes.forEach(index -> indexes.add(index.path("IndexName").asText()));
        return new TableSchema(name, hash, range, Set.copyOf(indexes));
    }

    /** The key attributes of an item or key; attributes missing from it are left out (dynalite then refuses the request). */
    ObjectNode keyOf(JsonNode itemOrKey) {
        ObjectNode key = Dynalite.JSON.createObjectNode();
        if (itemOrKey.has(hashKey)) {
            key.set(hashKey, itemOrKey.get(hashKey));
        }
        if (rangeKey != null && itemOrKey.has(rangeKey)) {
            key.set(rangeKey, itemOrKey.get(rangeKey));
        }
        return key;
    }

    /** Identifies one item of this table, for locks and for spotting two operations on the same item. */
    String itemId(ObjectNode key) {
        return name + '\u0000' + key;
    }

    boolean hasGlobalIndexes() {
        return !globalIndexes.isEmpty();
    }
}
