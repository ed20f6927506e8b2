package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Kinesis event source mapping is asked to do, validated as Lambda validates it: the ranges of the
 * API model (ValidationException) and the rules of the Kinesis source (InvalidParameterValueException).
 * Defaults are those of the Kinesis parameter page
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html).
 *
 * @param startingPositionTimestamp only for AT_TIMESTAMP, else null
 * @param onFailureDestination      an S3 bucket ARN or a Lambda function ARN, or null
 */
record MappingSettings(String functionArn,
                       String eventSourceArn,
                       String streamName,
                       StartingPosition startingPosition,
                       Instant startingPositionTimestamp,
                       int batchSize,
                       int maximumBatchingWindowInSeconds,
                       int parallelizationFactor,
                       boolean bisectBatchOnFunctionError,
                       int maximumRetryAttempts,
                       int maximumRecordAgeInSeconds,
                       boolean reportBatchItemFailures,
                       String onFailureDestination,
                       int tumblingWindowInSeconds,
                       boolean enabled) {

    enum StartingPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    static final Pattern KINESIS_STREAM_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:kinesis:([a-z0-9-]+):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");
    private static final Pattern EVENT_SOURCE_ARN = Pattern.compile("arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");
    private static final Pattern S3_BUCKET_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:(\\$LATEST|[a-zA-Z0-9_-]+))?");

    static MappingSettings forCreate(JsonNode request, FunctionArns functions, String region, String accountId) {
        String functionName = text(request, "FunctionName");
        if (functionName == null) {
            throw EsmException.validation("null", "functionName", "Member must not be null");
        }
        String sourceArn = text(request, "EventSourceArn");
        if (sourceArn == null) {
            throw EsmException.invalidParameter("Unrecognized event source.");
        }
        if (!EVENT_SOURCE_ARN.matcher(sourceArn).matches()) {
            throw EsmException.validation(sourceArn, "eventSourceArn", "Member must satisfy regular expression pattern: "
                    + "arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");
        }
        Matcher stream = KINESIS_STREAM_ARN.matcher(sourceArn);
        if (!stream.matches()) {
            throw EsmException.invalidParameter("The dslab local target maps Kinesis data streams only"
                    + " (arn:aws:kinesis:" + region + ":" + accountId + ":stream/NAME); " + sourceArn + " is not one");
        }
        if (!stream.group(1).equals(region) || !stream.group(2).equals(accountId)) {
            throw EsmException.invalidParameter("Stream not found: " + sourceArn + " (the local target serves account "
                    + accountId + " in " + region + ")");
        }
        String startingText = text(request, "StartingPosition");
        if (startingText == null) {
            throw EsmException.invalidParameter("StartingPosition is required for a Kinesis event source:"
                    + " TRIM_HORIZON, LATEST or AT_TIMESTAMP");
        }
        StartingPosition starting = enumValue(startingText);
        Instant timestamp = null;
        JsonNode timestampNode = request.get("StartingPositionTimestamp");
        if (timestampNode != null && !timestampNode.isNull()) {
            if (!timestampNode.isNumber()) {
                throw new EsmException(400, "SerializationException", "StartingPositionTimestamp must be a number of Unix seconds");
            }
            if (starting != StartingPosition.AT_TIMESTAMP) {
                throw EsmException.invalidParameter("StartingPositionTimestamp is only allowed with StartingPosition AT_TIMESTAMP.");
            }
            timestamp = Instant.ofEpochMilli(Math.round(timestampNode.asDouble() * 1000));
        } else if (starting == StartingPosition.AT_TIMESTAMP) {
            throw EsmException.invalidParameter("Need to specify a timestamp");
        }
        MappingSettings defaults = new MappingSettings(functions.arnOf(functionName), sourceArn, stream.group(3), starting, timestamp,
                100, 0, 1, false, -1, -1, false, null, 0, true);
        return defaults.updatedWith(request, functions);
    }

    private static final java.util.Set<String> MEMBERS = java.util.Set.of("FunctionName", "EventSourceArn", "StartingPosition",
            "StartingPositionTimestamp", "BatchSize", "MaximumBatchingWindowInSeconds", "ParallelizationFactor",
            "BisectBatchOnFunctionError", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "FunctionResponseTypes",
            "DestinationConfig", "TumblingWindowInSeconds", "Enabled", "UUID");

    /** These settings with the members an UpdateEventSourceMapping (or CreateEventSourceMapping) request sets. */
    MappingSettings updatedWith(JsonNode request, FunctionArns functions) {
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name) && !request.get(name).isNull()) {
                throw EsmException.invalidParameter(name + " is not supported by the dslab local target's Kinesis event source"
                        + " mappings; they take " + String.join(", ", new java.util.TreeSet<>(MEMBERS)));
            }
        }
        String function = text(request, "FunctionName") == null ? functionArn : functions.arnOf(text(request, "FunctionName"));
        int batch = integer(request, "BatchSize", "batchSize", 1, 10_000, batchSize);
        int window = integer(request, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0, 300, maximumBatchingWindowInSeconds);
        int parallelization = integer(request, "ParallelizationFactor", "parallelizationFactor", 1, 10, parallelizationFactor);
        int retries = integer(request, "MaximumRetryAttempts", "maximumRetryAttempts", -1, 10_000, maximumRetryAttempts);
        int age = integer(request, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1, 604_800, maximumRecordAgeInSeconds);
        if (age != -1 && age < 60) {
            throw EsmException.invalidParameter("MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)");
        }
        int tumbling = integer(request, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900, tumblingWindowInSeconds);
        boolean bisect = bool(request, "BisectBatchOnFunctionError", bisectBatchOnFunctionError);
        boolean enabledNow = bool(request, "Enabled", enabled);
        boolean report = reportBatchItemFailures;
        JsonNode types = request.get("FunctionResponseTypes");
        if (types != null && !types.isNull()) {
            report = false;
            for (Iterator<JsonNode> it = types.elements(); it.hasNext(); ) {
                String type = it.next().asText();
                if (!type.equals("ReportBatchItemFailures")) {
                    throw EsmException.validation("[" + type + "]", "functionResponseTypes",
                            "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
                }
                report = true;
            }
        }
        String destination = onFailureDestination;
        JsonNode destinationConfig = request.get("DestinationConfig");
        if (destinationConfig != null && !destinationConfig.isNull()) {
            if (destinationConfig.path("OnSuccess").hasNonNull("Destination")) {
                throw EsmException.invalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");
            }
            destination = text(destinationConfig.path("OnFailure"), "Destination");
            if (destination != null && !S3_BUCKET_ARN.matcher(destination).matches() && !FUNCTION_ARN.matcher(destination).matches()) {
                throw EsmException.invalidParameter("The dslab local target sends discarded Kinesis batches to an S3 bucket"
                        + " (arn:aws:s3:::BUCKET) or a Lambda function (its ARN); it has no SQS or SNS, so " + destination
                        + " cannot be a destination");
            }
        }
        return new MappingSettings(function, eventSourceArn, streamName, startingPosition, startingPositionTimestamp, batch,
                window, parallelization, bisect, retries, age, report, destination, tumbling, enabledNow);
    }

    MappingSettings withEnabled(boolean on) {
        return new MappingSettings(functionArn, eventSourceArn, streamName, startingPosition, startingPositionTimestamp, batchSize,
                maximumBatchingWindowInSeconds, parallelizationFactor, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, reportBatchItemFailures, onFailureDestination, tumblingWindowInSeconds, on);
    }

    boolean destinationIsBucket() {
        return onFailureDestination != null && S3_BUCKET_ARN.matcher(onFailureDestination).matches();
    }

    String destinationBucket() {
        Matcher matcher = S3_BUCKET_ARN.matcher(onFailureDestination);
        if (!matcher.matches()) {
            throw new IllegalStateException("not a bucket destination: " + onFailureDestination);
        }
        return matcher.group(1);
    }

    private static StartingPosition enumValue(String text) {
        try {
            return StartingPosition.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw EsmException.validation(text, "startingPosition", "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
        }
    }

    private static int integer(JsonNode request, String member, String field, int min, int max, int current) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return current;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new EsmException(400, "SerializationException", member + " must be an integer");
        }
        int value = node.asInt();
        if (value < min) {
            throw EsmException.validation(value, field, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            throw EsmException.validation(value, field, "Member must have value less than or equal to " + max);
        }
        return value;
    }

    private static boolean bool(JsonNode request, String member, boolean current) {
        JsonNode node = request.get(member);
        if (node == null || node.isNull()) {
            return current;
        }
        if (!node.isBoolean()) {
            throw new EsmException(400, "SerializationException", member + " must be true or false");
        }
        return node.asBoolean();
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
