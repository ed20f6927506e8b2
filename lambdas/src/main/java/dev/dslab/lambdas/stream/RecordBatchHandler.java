package dev.dslab.lambdas.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kinesis batch handler as production code writes one for an event source mapping with
 * ReportBatchItemFailures (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html):
 * each record that fails is reported by its sequence number and the others are processed. The mapping
 * retries from the lowest reported sequence number, so records after a failed one come again: the
 * idempotency check below is what makes that safe.
 *
 * <p>Processing is idempotent by sequence number: a conditional write of {@code processed#<shardId>} /
 * {@code <sequenceNumber>} to the table in {@value ProcessedRecords#TABLE_VARIABLE} succeeds only for the first
 * delivery; a redelivery (at-least-once) is recognised and counted, not processed again.
 *
 * <p>A record is poison when its data is a JSON object with {@code "poison": true}: it always fails. With
 * {@value #FAILURE_MODE_VARIABLE}={@code throw} the handler throws instead of reporting, as a handler written
 * without ReportBatchItemFailures does, and the mapping sees the whole batch fail.
 */
public final class RecordBatchHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    public static final String FAILURE_MODE_VARIABLE = "BATCH_FAILURE_MODE";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessedRecords processed;
    private final boolean throwOnFailure;

    public RecordBatchHandler() {
        this(ProcessedRecords.fromEnvironment(), "throw".equals(System.getenv(FAILURE_MODE_VARIABLE)));
    }

    RecordBatchHandler(ProcessedRecords processed, boolean throwOnFailure) {
        this.processed = processed;
        this.throwOnFailure = throwOnFailure;
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        int fresh = 0;
        int duplicates = 0;
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            String sequenceNumber = record.getKinesis().getSequenceNumber();
            String shardId = shardOf(record);
            if (isPoison(record.getKinesis().getData())) {
                processed.countPoisonDelivery(shardId, sequenceNumber);
                if (throwOnFailure) {
                    throw new PoisonRecordException("record " + sequenceNumber + " of " + shardId + " is poison");
                }
                context.getLogger().log("poison record " + sequenceNumber + " of " + shardId + ": reported as failed");
                failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumber));
                continue;
            }
            if (processed.markProcessed(shardId, sequenceNumber, record.getKinesis().getPartitionKey(), context.getAwsRequestId())) {
                fresh++;
            } else {
                duplicates++;
            }
        }
        context.getLogger().log(event.getRecords().size() + " records: " + fresh + " processed, " + duplicates
                + " duplicates skipped, " + failures.size() + " reported failed");
        return new StreamsEventResponse(failures);
    }

    /** The eventID is "shardId-000000000000:sequenceNumber". */
    static String shardOf(KinesisEvent.KinesisEventRecord record) {
        String eventId = record.getEventID();
        int colon = eventId.indexOf(':');
        return colon < 0 ? eventId : eventId.substring(0, colon);
    }

    static boolean isPoison(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        if (bytes.length == 0 || bytes[0] != '{') {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node.path("poison").asBoolean(false);
        } catch (IOException notJson) {
            return false;
        }
    }

    /** A record the handler can never process. */
    public static final class PoisonRecordException extends RuntimeException {
        public PoisonRecordException(String message) {
            super(message);
        }
    }
}
