package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a discarded batch is recorded: the invocation record Lambda sends for a Kinesis batch
 * (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html: requestContext,
 * responseContext, version, timestamp, KinesisBatchInfo), to an S3 bucket (with the batch's event as
 * "payload", under aws/lambda/&lt;mapping UUID&gt;/&lt;shard&gt;/YYYY/MM/DD/..., as Lambda names it) or, since the
 * local target has no SQS or SNS, to a Lambda function invoked asynchronously (InvocationType Event) with the
 * record as its event.
 */
final class FailureDestination {

    private static final Logger LOG = Logger.getLogger(FailureDestination.class.getName());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss").withZone(ZoneOffset.UTC);
    private static final int ATTEMPTS = 3;

    private final ObjectMapper json;
    private final Supplier<S3Client> s3;
    private final LambdaClient lambda;

    FailureDestination(ObjectMapper json, Supplier<S3Client> s3, LambdaClient lambda) {
        this.json = json;
        this.s3 = s3;
        this.lambda = lambda;
    }

    /**
     * @param condition RetryAttemptsExhausted or RecordAgeExceeded
     * @return whether the record was delivered (a mapping without a destination has nothing to deliver)
     */
    boolean send(String uuid, MappingSettings settings, String shardId, List<StreamRecord> records, String condition,
                 int invokeCount, BatchInvoker.Outcome last, ObjectNode payload) {
        if (settings.onFailureDestination() == null || records.isEmpty()) {
            return false;
        }
        ObjectNode record = json.createObjectNode();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", settings.functionArn());
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", last == null ? 0 : last.statusCode());
        response.put("executedVersion", "$LATEST");
        response.put("functionError", last == null || last.functionError() == null ? "" : last.functionError());
        record.put("version", "1.0");
        Instant now = Instant.now();
        record.put("timestamp", now.toString());
        ObjectNode info = record.putObject("KinesisBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.get(0).sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", records.get(0).arrival().toString());
        info.put("approximateArrivalOfLastRecord", records.get(records.size() - 1).arrival().toString());
        info.put("batchSize", records.size());
        info.put("streamArn", settings.eventSourceArn());
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (settings.destinationIsBucket()) {
                    record.set("payload", payload);
                    String key = "aws/lambda/" + uuid + "/" + shardId + "/" + DAY.format(now) + "/" + STAMP.format(now) + "-" + UUID.randomUUID();
                    s3.get().putObject(r -> r.bucket(settings.destinationBucket()).key(key).contentType("application/json"),
                            RequestBody.fromBytes(json.writeValueAsBytes(record)));
                } else {
                    // asynchronously, as Lambda sends to destinations: the function's event queue retries it
                    lambda.invoke(r -> r.functionName(settings.onFailureDestination()).invocationType(InvocationType.EVENT)
                            .payload(SdkBytes.fromByteArrayUnsafe(bytes(record))));
                }
                return true;
            } catch (SdkException | IOException e) {
                LOG.log(Level.WARNING, "on-failure destination " + settings.onFailureDestination() + " refused attempt " + attempt, e);
            }
        }
        return false;
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
