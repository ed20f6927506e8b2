package dev.dslab.cdk;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learner's base sandbox {@code dslab-<learner>}: a table with one GSI, a versioned bucket, a two-shard
 * stream, the KCL consumers' lease table, the probe function and the stream batch function (a Kinesis handler
 * for event source mappings, idempotent through the table). Everything is deleted with the stack (buckets are emptied by the deployer,
 * not by CDK's autoDeleteObjects, which would add a Node.js custom-resource function).
 */
public final class SandboxStack extends Stack {

    public static final String GSI_NAME = "gsi1";
    public static final String PROBE_HANDLER = "dev.dslab.lambdas.probe.ProbeHandler::handleRequest";
    public static final String STREAM_BATCH_HANDLER = "dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest";

    public static final String OUTPUT_TABLE = "TableName";
    public static final String OUTPUT_GSI = "GsiName";
    public static final String OUTPUT_BUCKET = "BucketName";
    public static final String OUTPUT_STREAM = "StreamName";
    public static final String OUTPUT_FUNCTION = "FunctionName";
    public static final String OUTPUT_LEASE_TABLE = "LeaseTableName";
    public static final String OUTPUT_STREAM_FUNCTION = "StreamFunctionName";

    /** KCL 3 looks its leases up by owner through this index; dynalite cannot add it later, so it is created with the table. */
    public static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    public SandboxStack(Construct app, SandboxContext context) {
        super(app, context.stackName(""), context.stackProps(context.stackName(""),
                "dslab sandbox of learner " + context.learner() + ": DynamoDB table, S3 bucket, Kinesis stream, Lambda probe"));

        Table table = Table.Builder.create(this, "Items")
                .tableName(context.physicalName("items"))
                .partitionKey(stringKey("pk"))
                .sortKey(stringKey("sk"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(GSI_NAME)
                .partitionKey(stringKey("gsi1pk"))
                .sortKey(stringKey("gsi1sk"))
                .projectionType(ProjectionType.ALL)
                .build());

        // bucket names are global across all accounts: account and region make them unique (<= 59 characters)
        Bucket bucket = Bucket.Builder.create(this, "Data")
                .bucketName(context.physicalName("data") + "-" + Aws.ACCOUNT_ID + "-" + Aws.REGION)
                .versioned(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Stream stream = Stream.Builder.create(this, "Events")
                .streamName(context.physicalName("events"))
                .shardCount(2)
                .encryption(StreamEncryption.UNENCRYPTED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // The KCL consumers' lease table (the KCL application name is the table name), made here rather than by
        // KCL so that its owner index exists from the start; KCL 3 creates its other two tables itself.
        Table leases = Table.Builder.create(this, "KclLeases")
                .tableName(context.physicalName("kcl-leases"))
                .partitionKey(stringKey("leaseKey"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        leases.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(LEASE_OWNER_INDEX)
                .partitionKey(stringKey("leaseOwner"))
                .sortKey(stringKey("leaseKey"))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());

        // role names are global to the account: the region keeps two regions' sandboxes apart (<= 52 characters)
        Role role = Role.Builder.create(this, "ProbeRole")
                .roleName(context.physicalName("probe-") + Aws.REGION)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")))
                .inlinePolicies(Map.of("stream-functions", streamFunctionPermissions(table, bucket, stream)))
                .build();

        Function probe = Function.Builder.create(this, "Probe")
                .functionName(context.physicalName("probe"))
                .runtime(Runtime.JAVA_17)
                .handler(PROBE_HANDLER)
                .code(context.lambdaCode())
                .memorySize(512)
                .timeout(Duration.seconds(10))
                .role(role)
                .build();

        // The handler an event source mapping on the stream runs: it records each processed sequence number in the
        // table (conditional write, so redeliveries are recognised) and reports poison records as batch item failures.
        Function streamBatch = Function.Builder.create(this, "StreamBatch")
                .functionName(context.physicalName("stream-batch"))
                .runtime(Runtime.JAVA_17)
                .handler(STREAM_BATCH_HANDLER)
                .code(context.lambdaCode())
                .memorySize(512)
                .timeout(Duration.seconds(30))
                // sorted: Map.of iterates in an order that changes from one JVM to the next, and the CLI's synth
                // must write the template the in-process synth writes
                .environment(new TreeMap<>(Map.of("PROCESSED_TABLE", table.getTableName(), "BATCH_FAILURE_MODE", "report")))
                .role(role)
                .build();

        output(OUTPUT_TABLE, table.getTableName());
        output(OUTPUT_GSI, GSI_NAME);
        output(OUTPUT_BUCKET, bucket.getBucketName());
        output(OUTPUT_STREAM, stream.getStreamName());
        output(OUTPUT_FUNCTION, probe.getFunctionName());
        output(OUTPUT_LEASE_TABLE, leases.getTableName());
        output(OUTPUT_STREAM_FUNCTION, streamBatch.getFunctionName());
    }

    /**
     * What the stream functions need on a real account, and their per-run copies too: experiments name their
     * tables and streams after the sandbox's, with a run suffix. Kinesis reads for an event source mapping
     * (Lambda Developer Guide, services-kinesis-create), RecordBatchHandler's processed-record writes, and
     * s3:PutObject with s3:ListBucket for an on-failure destination (kinesis-on-failure-destination). Inline, so
     * the role carries them and no separate policy resource (which takes no tags) is added.
     */
    private static PolicyDocument streamFunctionPermissions(Table table, Bucket bucket, Stream stream) {
        return PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .actions(List.of("kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                                "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"))
                        .resources(List.of(stream.getStreamArn(), stream.getStreamArn() + "-*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"))
                        .resources(List.of(table.getTableArn(), table.getTableArn() + "-*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .actions(List.of("s3:PutObject", "s3:ListBucket"))
                        .resources(List.of(bucket.getBucketArn(), bucket.arnForObjects("*")))
                        .build())).build();
    }

    private static Attribute stringKey(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private void output(String id, String value) {
        CfnOutput.Builder.create(this, id).value(value).build();
    }
}
