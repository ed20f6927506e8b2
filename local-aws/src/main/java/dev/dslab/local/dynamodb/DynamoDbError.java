package dev.dslab.local.dynamodb;

/**
 * An error the front answers itself, in DynamoDB's JSON error shape: {@code __type} is the fully qualified
 * code (com.amazonaws.dynamodb.v20120810#Code), as DynamoDB and dynalite send it.
 */
class DynamoDbError extends RuntimeException {

    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final int status;
    private final String code;

    DynamoDbError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static DynamoDbError validation(String message) {
        return new DynamoDbError(400, "ValidationException", message);
    }

    /** What DynamoDB answers when a partition's leader is unavailable (HTTP 500, retried by the SDKs). */
    static DynamoDbError unavailable(String why) {
        return new DynamoDbError(500, "InternalServerError", "Internal server error (dslab fault model: " + why + ")");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String type() {
        return PREFIX + code;
    }

    /** The error body as DynamoDB sends it. */
    com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        return Dynalite.JSON.createObjectNode().put("__type", type()).put("message", getMessage());
    }
}
