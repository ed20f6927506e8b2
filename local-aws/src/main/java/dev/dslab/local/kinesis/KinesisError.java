package dev.dslab.local.kinesis;

/** An answer the front gives itself instead of kinesis-local's: AWS's status, error code and message. */
final class KinesisError extends RuntimeException {

    private final int status;
    private final String code;

    KinesisError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
