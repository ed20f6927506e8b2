package dev.dslab.local.lambda.esm;

import java.time.Instant;

/**
 * A mapping as {@code <home>/lambda/esm/<uuid>.mapping.json} keeps it across daemon restarts (its positions
 * are in {@code <uuid>.json}, see {@link Checkpoints}). Times are epoch milliseconds: the settings'
 * fields one by one, so a file stays readable when a setting is added (it reads as its default).
 */
record StoredMapping(String uuid, String arn, long latestFromMillis, String functionArn, String eventSourceArn,
                     String streamName, String startingPosition, Long startingPositionTimestampMillis, int batchSize,
                     int maximumBatchingWindowInSeconds, int parallelizationFactor, boolean bisectBatchOnFunctionError,
                     int maximumRetryAttempts, int maximumRecordAgeInSeconds, boolean reportBatchItemFailures,
                     String onFailureDestination, int tumblingWindowInSeconds, boolean enabled) {

    static StoredMapping of(EventSourceMapping mapping) {
        MappingSettings s = mapping.settings();
        return new StoredMapping(mapping.uuid(), mapping.arn(), mapping.latestFrom().toEpochMilli(), s.functionArn(),
                s.eventSourceArn(), s.streamName(), s.startingPosition().name(),
                s.startingPositionTimestamp() == null ? null : s.startingPositionTimestamp().toEpochMilli(), s.batchSize(),
                s.maximumBatchingWindowInSeconds(), s.parallelizationFactor(), s.bisectBatchOnFunctionError(),
                s.maximumRetryAttempts(), s.maximumRecordAgeInSeconds(), s.reportBatchItemFailures(), s.onFailureDestination(),
                s.tumblingWindowInSeconds(), s.enabled());
    }

    MappingSettings settings() {
        return new MappingSettings(functionArn, eventSourceArn, streamName, MappingSettings.StartingPosition.valueOf(startingPosition),
                startingPositionTimestampMillis == null ? null : Instant.ofEpochMilli(startingPositionTimestampMillis), batchSize,
                maximumBatchingWindowInSeconds, parallelizationFactor, bisectBatchOnFunctionError, maximumRetryAttempts,
                maximumRecordAgeInSeconds, reportBatchItemFailures, onFailureDestination, tumblingWindowInSeconds, enabled);
    }

    EventSourceMapping mapping() {
        return new EventSourceMapping(uuid, arn, settings(), Instant.ofEpochMilli(latestFromMillis));
    }
}
