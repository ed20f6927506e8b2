package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Invokes the mapped function with one batch, synchronously and through the edge like any client, and
 * says what came back. The event is the real KinesisEvent (or KinesisTimeWindowEvent with a tumbling
 * window), as on https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html.
 */
final class BatchInvoker {

    enum Kind {
        /** every record succeeded */
        OK,
        /** ReportBatchItemFailures named records: the ones from {@link Outcome#failedFrom} on are retried */
        PARTIAL,
        /** the function failed (error, timeout, crash) or answered what Lambda counts as a failure */
        FUNCTION_ERROR,
        /** 429: Lambda retries without counting an attempt */
        THROTTLED,
        /** the function could not be invoked (missing, service error): retried without counting, like a throttle */
        NOT_INVOKED
    }

    /**
     * @param failedFrom index in the batch of the lowest failed sequence number (PARTIAL only)
     * @param state      the tumbling window state the function returned (window invokes only)
     */
    record Outcome(Kind kind, int failedFrom, JsonNode state, int statusCode, String functionError, String detail) {
    }

    /** A tumbling window the batch belongs to, with the state the previous invoke of the window returned. */
    record Window(Instant start, Instant end, JsonNode state, boolean isFinal) {
    }

    private final ObjectMapper json;
    private final LambdaClient lambda;
    private final String region;

    BatchInvoker(ObjectMapper json, LambdaClient lambda, String region) {
        this.json = json;
        this.lambda = lambda;
        this.region = region;
    }

    ObjectNode event(MappingSettings settings, String roleArn, String shardId, List<StreamRecord> batch, Window window) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (StreamRecord record : batch) {
            ObjectNode entry = records.addObject();
            ObjectNode kinesis = entry.putObject("kinesis");
            kinesis.put("kinesisSchemaVersion", "1.0");
            kinesis.put("partitionKey", record.partitionKey());
            kinesis.put("sequenceNumber", record.sequenceNumber());
            kinesis.put("data", Base64.getEncoder().encodeToString(record.data()));
            kinesis.put("approximateArrivalTimestamp", BigDecimal.valueOf(record.arrival().toEpochMilli()).movePointLeft(3));
            entry.put("eventSource", "aws:kinesis");
            entry.put("eventVersion", "1.0");
            entry.put("eventID", shardId + ":" + record.sequenceNumber());
            entry.put("eventName", "aws:kinesis:record");
            if (roleArn != null) {
                entry.put("invokeIdentityArn", roleArn);
            }
            entry.put("awsRegion", region);
            entry.put("eventSourceARN", settings.eventSourceArn());
        }
        if (window != null) {
            ObjectNode range = event.putObject("window");
            range.put("start", window.start().toString());
            range.put("end", window.end().toString());
            event.set("state", window.state() == null ? json.createObjectNode() : window.state());
            event.put("shardId", shardId);
            event.put("eventSourceARN", settings.eventSourceArn());
            event.put("isFinalInvokeForWindow", window.isFinal());
            event.put("isWindowTerminatedEarly", false);
        }
        return event;
    }

    Outcome invoke(MappingSettings settings, ObjectNode event, List<StreamRecord> batch, Window window) {
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(settings.functionArn()).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromByteArrayUnsafe(toBytes(event))));
        } catch (TooManyRequestsException e) {
            return new Outcome(Kind.THROTTLED, 0, null, 429, null, e.awsErrorDetails().errorMessage());
        } catch (ResourceNotFoundException e) {
            return new Outcome(Kind.NOT_INVOKED, 0, null, 404, null, "PROBLEM: Function not found.");
        } catch (LambdaException e) {
            return new Outcome(Kind.NOT_INVOKED, 0, null, e.statusCode(), null, "PROBLEM: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            return new Outcome(Kind.NOT_INVOKED, 0, null, 0, null, "PROBLEM: " + e.getMessage());
        }
        if (response.functionError() != null) {
            return new Outcome(Kind.FUNCTION_ERROR, 0, null, response.statusCode(), response.functionError(), "PROBLEM: Function call failed");
        }
        JsonNode answer = parse(response.payload().asByteArray());
        JsonNode state = null;
        if (window != null) {
            // "If the response does not contain a state property, Lambda considers this a failed invocation."
            if (answer == null || !answer.has("state")) {
                return new Outcome(Kind.FUNCTION_ERROR, 0, null, response.statusCode(), null, "PROBLEM: Function response has no state");
            }
            state = answer.get("state");
        }
        if (!settings.reportBatchItemFailures() || answer == null) {
            return new Outcome(Kind.OK, 0, state, response.statusCode(), null, "OK");
        }
        JsonNode failures = answer.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return new Outcome(Kind.OK, 0, state, response.statusCode(), null, "OK");
        }
        // https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html: the lowest
        // failed sequence number is the checkpoint; an identifier that is null, empty or not in the batch fails it whole.
        if (!failures.isArray()) {
            return new Outcome(Kind.FUNCTION_ERROR, 0, state, response.statusCode(), null, "PROBLEM: batchItemFailures is not a list");
        }
        int lowest = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            int index = indexOf(batch, id);
            if (index < 0) {
                return new Outcome(Kind.FUNCTION_ERROR, 0, state, response.statusCode(), null,
                        "PROBLEM: batchItemFailures names '" + id + "', not a sequence number of the batch");
            }
            lowest = Math.min(lowest, index);
        }
        return new Outcome(Kind.PARTIAL, lowest, state, response.statusCode(), null, "OK");
    }

    private static int indexOf(List<StreamRecord> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode parse(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(payload);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
