package dev.dslab.scenarios.kinesis;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** What a failed Kinesis call says about its effect, and the one line the history keeps of it. */
final class KinesisErrors {

    static final String THROTTLED = "ProvisionedThroughputExceededException";

    private KinesisErrors() {
    }

    /** A rejection (4xx: throttled, invalid) wrote nothing; a timeout or a 5xx may have written the record. */
    static boolean mayHaveApplied(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            return service.statusCode() >= 500;
        }
        return true;
    }

    static boolean throttled(SdkException failure) {
        return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                && THROTTLED.equals(service.awsErrorDetails().errorCode());
    }

    static String describe(SdkException failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
