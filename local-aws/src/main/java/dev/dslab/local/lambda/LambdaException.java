package dev.dslab.local.lambda;

/**
 * An error the Lambda API answers with: HTTP status, error code (the X-Amzn-ErrorType header, which the
 * SDKs map to their exception classes) and message, worded as the real service words them.
 */
public class LambdaException extends RuntimeException {

    private final int status;
    private final String code;

    LambdaException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** "User" for errors of the caller, "Service" for errors of the service: the Type field Lambda sends. */
    public String type() {
        return status >= 500 ? "Service" : "User";
    }

    static LambdaException notFound(String arn) {
        return new LambdaException(404, "ResourceNotFoundException", "Function not found: " + arn);
    }

    static LambdaException invalidParameter(String message) {
        return new LambdaException(400, "InvalidParameterValueException", message);
    }

    /** The wording of the API's model validation: "1 validation error detected: Value 'x' at 'field' ..." */
    static LambdaException validation(Object value, String field, String constraint) {
        return new LambdaException(400, "ValidationException", "1 validation error detected: Value '" + value
                + "' at '" + field + "' failed to satisfy constraint: " + constraint);
    }

    static LambdaException conflict(String message) {
        return new LambdaException(409, "ResourceConflictException", message);
    }

    static LambdaException service(String message) {
        return new LambdaException(500, "ServiceException", message);
    }
}
