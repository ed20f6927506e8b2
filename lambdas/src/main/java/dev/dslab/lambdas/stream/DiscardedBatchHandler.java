package dev.dslab.lambdas.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The on-failure destination of a Kinesis mapping: it receives the invocation record Lambda sends for a
 * discarded batch (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html) and
 * keeps it as {@code discarded#<shardId>} / {@code <startSequenceNumber>} in the table of
 * {@value ProcessedRecords#TABLE_VARIABLE}, so the batch can be read again from the stream and repaired.
 */
public final class DiscardedBatchHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ProcessedRecords processed;

    public DiscardedBatchHandler() {
        this(ProcessedRecords.fromEnvironment());
    }

    DiscardedBatchHandler(ProcessedRecords processed) {
        this.processed = processed;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode record = JSON.readTree(input);
        JsonNode batch = record.path("KinesisBatchInfo");
        if (batch.isMissingNode()) {
            throw new IllegalArgumentException("not a Kinesis on-failure invocation record: no KinesisBatchInfo");
        }
        processed.putDiscarded(batch.path("shardId").asText(), batch.path("startSequenceNumber").asText(),
                batch.path("endSequenceNumber").asText(), batch.path("batchSize").asLong(),
                record.at("/requestContext/condition").asText(), record.at("/requestContext/approximateInvokeCount").asLong());
        context.getLogger().log("discarded batch of " + batch.path("batchSize").asLong() + " from " + batch.path("shardId").asText()
                + " starting at " + batch.path("startSequenceNumber").asText() + ": " + record.at("/requestContext/condition").asText());
        output.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
