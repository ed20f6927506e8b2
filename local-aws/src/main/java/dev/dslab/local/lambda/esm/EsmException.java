package dev.dslab.local.lambda.esm;

/**
 * An error the event source mapping API answers with: HTTP status, the error code the SDKs map to their
 * exception classes, and the message worded as Lambda words it.
 */
final class EsmException extends RuntimeException {

    private final int status;
    private final String code;

    EsmException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String type() {
        return status >= 500 ? "Service" : "User";
    }

    static EsmException invalidParameter(String message) {
        return new EsmException(400, "InvalidParameterValueException", message);
    }

    /** The API model's validation wording: "1 validation error detected: Value 'x' at 'field' failed to satisfy constraint: ...". */
    static EsmException validation(Object value, String field, String constraint) {
        return new EsmException(400, "ValidationException", "1 validation error detected: Value '" + value
                + "' at '" + field + "' failed to satisfy constraint: " + constraint);
    }

    static EsmException mappingNotFound() {
        return new EsmException(404, "ResourceNotFoundException", "The resource you requested does not exist.");
    }

    static EsmException functionNotFound(String arn) {
        return new EsmException(404, "ResourceNotFoundException", "Function not found: " + arn);
    }

    static EsmException inUse() {
        return new EsmException(400, "ResourceInUseException", "Cannot update the event source mapping because it is in use.");
    }

    static EsmException conflict(String message) {
        return new EsmException(409, "ResourceConflictException", message);
    }

    static EsmException service(String message) {
        return new EsmException(500, "ServiceException", message);
    }
}
