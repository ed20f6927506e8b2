package dev.dslab.local.admin;

/** A refused admin request: the message is one line telling what was wrong and what is allowed. */
public final class AdminException extends RuntimeException {

    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    public int status() {
        return status;
    }
}
