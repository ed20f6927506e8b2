package dev.dslab.scenarios.engine;

/**
 * The learner's sandbox resources an experiment works on (the sandbox stack's outputs). The table has
 * string keys pk and sk and a GSI whose keys are gsi1pk and gsi1sk; the lease table is KCL's (its name is the
 * KCL application name); the stream function is the Kinesis batch handler (lambdas' RecordBatchHandler) that
 * records what it processed in the table, for event source mapping experiments.
 */
public record SandboxNames(String table, String gsi, String bucket, String stream, String function, String leaseTable,
                           String streamFunction) {
}
