package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.regex.Pattern;

/**
 * A function's asynchronous invocation settings (PutFunctionEventInvokeConfig,
 * https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html): how often a failed
 * event is retried (0-2, default 2), how long an event may wait in the queue (60-21600 s, default 6 hours),
 * and where the invocation record goes on success and on failure. The local target delivers records to
 * Lambda functions and, on failure only as in Lambda, to S3 buckets; SQS, SNS and EventBridge destinations
 * are refused by name because the local target has none of those services.
 *
 * @param maximumRetryAttempts     null when not set (Lambda then retries twice)
 * @param maximumEventAgeInSeconds null when not set (Lambda then keeps events 6 hours)
 * @param onSuccess                destination ARN or null
 * @param onFailure                destination ARN or null
 * @param lastModified             epoch seconds of the last change
 */
record EventInvokeConfig(Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds, String onSuccess, String onFailure,
                         double lastModified) {

    static final int DEFAULT_RETRIES = 2;
    static final int DEFAULT_MAX_AGE_SECONDS = 21_600;
    static final EventInvokeConfig DEFAULTS = new EventInvokeConfig(null, null, null, null, 0);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:\\$LATEST)?");
    private static final Pattern BUCKET_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    int retries() {
        return maximumRetryAttempts == null ? DEFAULT_RETRIES : maximumRetryAttempts;
    }

    long maximumAgeMillis() {
        return 1000L * (maximumEventAgeInSeconds == null ? DEFAULT_MAX_AGE_SECONDS : maximumEventAgeInSeconds);
    }

    /**
     * The settings of a Put (replace: what the request leaves out is unset) or an Update (merge: what it
     * leaves out is kept), validated as Lambda validates them.
     */
    EventInvokeConfig with(JsonNode request, boolean merge) {
        Integer retries = request.has("MaximumRetryAttempts")
                ? Integer.valueOf(bounded(request.get("MaximumRetryAttempts"), "maximumRetryAttempts", 0, 2))
                : merge ? maximumRetryAttempts : null;
        Integer age = request.has("MaximumEventAgeInSeconds")
                ? Integer.valueOf(bounded(request.get("MaximumEventAgeInSeconds"), "maximumEventAgeInSeconds", 60, 21_600))
                : merge ? maximumEventAgeInSeconds : null;
        JsonNode destinations = request.path("DestinationConfig");
        String success = destinations.has("OnSuccess") ? destination(destinations.get("OnSuccess"), false) : merge ? onSuccess : null;
        String failure = destinations.has("OnFailure") ? destination(destinations.get("OnFailure"), true) : merge ? onFailure : null;
        return new EventInvokeConfig(retries, age, success, failure, System.currentTimeMillis() / 1000.0);
    }

    /** The FunctionEventInvokeConfig document of the API. */
    ObjectNode toJson(String functionArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("LastModified", lastModified);
        node.put("FunctionArn", functionArn + ":$LATEST");
        if (maximumRetryAttempts != null) {
            node.put("MaximumRetryAttempts", maximumRetryAttempts);
        }
        if (maximumEventAgeInSeconds != null) {
            node.put("MaximumEventAgeInSeconds", maximumEventAgeInSeconds);
        }
        ObjectNode destinations = node.putObject("DestinationConfig");
        ObjectNode success = destinations.putObject("OnSuccess");
        if (onSuccess != null) {
            success.put("Destination", onSuccess);
        }
        ObjectNode failure = destinations.putObject("OnFailure");
        if (onFailure != null) {
            failure.put("Destination", onFailure);
        }
        return node;
    }

    static boolean isFunction(String arn) {
        return FUNCTION_ARN.matcher(arn).matches();
    }

    static boolean isBucket(String arn) {
        return BUCKET_ARN.matcher(arn).matches();
    }

    private static String destination(JsonNode node, boolean onFailure) {
        String arn = node.path("Destination").asText(null);
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (isFunction(arn)) {
            return arn;
        }
        if (isBucket(arn)) {
            if (!onFailure) {
                throw LambdaException.invalidParameter("The provided destination config DestinationConfig.OnSuccess.Destination"
                        + " is invalid: an Amazon S3 bucket is an on-failure destination only.");
            }
            return arn;
        }
        if (arn.matches("arn:aws[a-zA-Z-]*:(sqs|sns|events):.*")) {
            throw LambdaException.invalidParameter("The dslab local target delivers invocation records to Lambda functions"
                    + " and S3 buckets only, not to " + arn + " (it has no SQS, SNS or EventBridge)");
        }
        throw LambdaException.invalidParameter("The provided destination config DestinationConfig."
                + (onFailure ? "OnFailure" : "OnSuccess") + ".Destination is invalid: " + arn);
    }

    private static int bounded(JsonNode value, String field, int min, int max) {
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw LambdaException.validation(value.asText(), field, "Member must be an integer");
        }
        int number = value.asInt();
        if (number < min) {
            throw LambdaException.validation(number, field, "Member must have value greater than or equal to " + min);
        }
        if (number > max) {
            throw LambdaException.validation(number, field, "Member must have value less than or equal to " + max);
        }
        return number;
    }
}
