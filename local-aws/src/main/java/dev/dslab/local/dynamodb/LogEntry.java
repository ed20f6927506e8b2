package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One write of the replication log as a replica receives it: the item's key and its new image (null: the
 * item was deleted), the log position, and when this replica applies it (nanoTime).
 */
record LogEntry(long seq, ObjectNode key, ObjectNode image, long dueNanos) {

    /** The BatchWriteItem request that applies this entry. */
    ObjectNode writeRequest() {
        ObjectNode request = Dynalite.JSON.createObjectNode();
        if (image == null) {
            request.putObject("DeleteRequest").set("Key", key);
        } else {
            request.putObject("PutRequest").set("Item", image);
        }
        return request;
    }
}
