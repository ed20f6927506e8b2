package dev.dslab.kcl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The processor of one shard's lease: "processes" each record by waiting the configured delay, reports it,
 * and checkpoints by the policy. It does nothing idempotent on purpose: the report shows every delivery,
 * so an experiment can count what a failover delivers twice.
 */
final class ReportingProcessor implements ShardRecordProcessor {

    private final Report report;
    private final Duration processingDelay;
    private final CheckpointPolicy policy;
    private String shard;
    private String lastProcessed;

    ReportingProcessor(Report report, Duration processingDelay, int checkpointEveryRecords, Duration checkpointEvery) {
        this.report = report;
        this.processingDelay = processingDelay;
        this.policy = new CheckpointPolicy(checkpointEveryRecords, checkpointEvery, System.nanoTime());
    }

    @Override
    public void initialize(InitializationInput input) {
        shard = input.shardId();
        // where this processor starts: the lease's checkpoint (a sequence number, or TRIM_HORIZON/LATEST/AT_TIMESTAMP)
        report.write("lease-gained", fields("shard", shard, "from", input.extendedSequenceNumber().sequenceNumber()));
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        for (KinesisClientRecord record : input.records()) {
            if (!processingDelay.isZero()) {
                try {
                    Thread.sleep(processingDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Map<String, Object> line = fields("shard", shard, "sequenceNumber", record.sequenceNumber());
            if (record.aggregated()) {
                line.put("subSequenceNumber", record.subSequenceNumber());
            }
            line.put("partitionKey", record.partitionKey());
            if (record.approximateArrivalTimestamp() != null) {
                line.put("arrival", record.approximateArrivalTimestamp().toString());
            }
            putData(line, record.data());
            report.write("record", line);
            lastProcessed = record.sequenceNumber();
            if (policy.recordProcessed(System.nanoTime())) {
                checkpoint(input.checkpointer(), record.sequenceNumber(), record.sequenceNumber());
            }
        }
        if (input.records().isEmpty() && policy.idle(System.nanoTime())) {
            checkpoint(input.checkpointer(), null, lastProcessed);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        // another worker holds the lease now: checkpointing is no longer allowed
        report.write("lease-lost", fields("shard", shard, "uncheckpointed", policy.pending()));
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        // KCL requires the checkpoint at SHARD_END before the children's leases are processed
        checkpoint(input.checkpointer(), null, "SHARD_END");
        report.write("shard-ended", fields("shard", shard));
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        if (policy.pending() > 0) {
            checkpoint(input.checkpointer(), null, lastProcessed);
        }
        report.write("shutdown-requested", fields("shard", shard));
    }

    /**
     * Checkpoints at the given record, or, when null, at the last record delivered (all of which this
     * processor has processed by then); {@code reported} is the position that names in the report.
     */
    private void checkpoint(RecordProcessorCheckpointer checkpointer, String sequenceNumber, String reported) {
        int records = policy.pending();
        try {
            if (sequenceNumber == null) {
                checkpointer.checkpoint();
            } else {
                checkpointer.checkpoint(sequenceNumber);
            }
            policy.checkpointed(System.nanoTime());
            Map<String, Object> line = fields("shard", shard, "sequenceNumber", reported);
            line.put("records", records);
            report.write("checkpoint", line);
        } catch (ShutdownException leaseGone) {
            report.write("checkpoint-refused", fields("shard", shard, "reason", "lease lost: " + leaseGone.getMessage()));
        } catch (ThrottlingException | InvalidStateException e) {
            // the next policy trigger tries again; what is not checkpointed is replayed after a failover
            report.write("checkpoint-failed", fields("shard", shard, "reason", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static void putData(Map<String, Object> line, ByteBuffer data) {
        ByteBuffer bytes = data.duplicate();
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.duplicate());
            line.put("data", text.toString());
        } catch (CharacterCodingException notText) {
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            line.put("dataBase64", Base64.getEncoder().encodeToString(raw));
        }
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
