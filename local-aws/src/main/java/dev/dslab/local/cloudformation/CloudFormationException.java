package dev.dslab.local.cloudformation;

/** An error CloudFormation answers with: its AWS error code, message and HTTP status. */
public final class CloudFormationException extends RuntimeException {

    private final String code;
    private final int httpStatus;

    public CloudFormationException(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public static CloudFormationException validation(String message) {
        return new CloudFormationException("ValidationError", message, 400);
    }

    public static CloudFormationException alreadyExists(String stackName) {
        return new CloudFormationException("AlreadyExistsException", "Stack [" + stackName + "] already exists", 400);
    }

    public static CloudFormationException stackNotFound(String nameOrId) {
        return validation("Stack with id " + nameOrId + " does not exist");
    }

    public static CloudFormationException insufficientCapabilities(String capability) {
        return new CloudFormationException("InsufficientCapabilitiesException",
                "Requires capabilities : [" + capability + "]", 400);
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
