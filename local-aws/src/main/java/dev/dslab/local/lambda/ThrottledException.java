package dev.dslab.local.lambda;

/**
 * An invocation Lambda refused for want of concurrency: 429 TooManyRequestsException with the Reason field
 * the Invoke API reference lists (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors).
 * In-process callers (event source mappings) catch it to back off and retry, as Lambda's pollers do.
 */
public final class ThrottledException extends LambdaException {

    /** The function's reserved concurrency is all in use (or is 0). */
    public static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    /** The account's unreserved concurrency is all in use. */
    public static final String ACCOUNT_LIMIT = "ConcurrentInvocationLimitExceeded";

    private final String reason;

    ThrottledException(String reason) {
        super(429, "TooManyRequestsException", "Rate Exceeded.");
        this.reason = reason;
    }

    /** ReservedFunctionConcurrentInvocationLimitExceeded or ConcurrentInvocationLimitExceeded. */
    public String reason() {
        return reason;
    }
}
