package dev.dslab.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.EdgeClients;

import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * CloudFormation on a real local target (dynalite, kinesis-local, S3Proxy behind the edge), driven by
 * the SDK's CloudFormationClient; every resource is checked through the service's own SDK client.
 */
class CloudFormationOnTargetTest {

    private static final String TEMPLATE = """
            {"Description": "cfn on the local target",
             "Parameters": {"Shards": {"Type": "Number", "Default": "2"}},
             "Resources": {
               "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                          {"AttributeName": "g", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                 "GlobalSecondaryIndexes": [{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                             "Projection": {"ProjectionType": "ALL"}}],
                 "BillingMode": "PAY_PER_REQUEST"}},
               "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {
                 "VersioningConfiguration": {"Status": "Enabled"}}},
               "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {
                 "Name": {"Fn::Sub": "${AWS::StackName}-events"}, "ShardCount": {"Ref": "Shards"},
                 "Tags": [{"Key": "purpose", "Value": "events"}]}},
               "Role": {"Type": "AWS::IAM::Role", "Properties": {
                 "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                   "Principal": {"Service": "lambda.amazonaws.com"}}]},
                 "Policies": [{"PolicyName": "use-table", "PolicyDocument": {"Statement": [{"Effect": "Allow",
                   "Action": "dynamodb:*", "Resource": {"Fn::GetAtt": ["Table", "Arn"]}}]}}]}}
             },
             "Outputs": {
               "TableName": {"Value": {"Ref": "Table"}},
               "BucketName": {"Value": {"Ref": "Bucket"}},
               "BucketArn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
               "StreamArn": {"Value": {"Fn::GetAtt": ["Stream", "Arn"]}},
               "RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}}}""";

    @TempDir
    static Path home;
    static LocalTargetClient target;
    static SdkHttpClient http;
    static EdgeClients edgeClients;
    static CloudFormationClient cloudFormation;
    static DynamoDbClient dynamoDb;
    static S3Client s3;
    static KinesisClient kinesis;

    @BeforeAll
    static void startTarget() {
        target = new LocalTargetClient(home);
        URI edge = target.ensureRunning(0).edge();
        http = EdgeClients.httpClient();
        edgeClients = EdgeClients.of(edge).sharing(http);
        cloudFormation = edgeClients.cloudFormation();
        dynamoDb = edgeClients.dynamoDb();
        s3 = edgeClients.s3();
        kinesis = edgeClients.kinesis();
    }

    @AfterAll
    static void stopTarget() {
        cloudFormation.close();
        dynamoDb.close();
        s3.close();
        kinesis.close();
        http.close();
        target.stop();
    }

    @Test
    void createsUpdatesAndDeletesAStackOfRealResources() {
        cloudFormation.createStack(r -> r.stackName("lab").templateBody(TEMPLATE)
                .capabilities(Capability.CAPABILITY_IAM).tags(t -> t.key("learner").value("alice")));
        assertThat(awaitSettled("lab")).as(() -> events("lab")).isEqualTo(StackStatus.CREATE_COMPLETE);

        Map<String, String> outputs = outputs("lab");
        TableDescription table = dynamoDb.describeTable(r -> r.tableName(outputs.get("TableName"))).table();
        assertThat(table.tableName()).startsWith("lab-Table-");
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("by-g");
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(dynamoDb.listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags())
                .extracting(t -> t.key() + "=" + t.value()).contains("learner=alice");
        // the provider creates the table through the edge, so the DynamoDB front gives it its replicas
        assertThat(target.control("dynamodb/fault", null).at("/tables/" + table.tableName() + "/replicas").size()).isEqualTo(3);
        String bucket = outputs.get("BucketName");
        assertThat(bucket).matches("lab-bucket-[a-z0-9]{12}");
        assertThat(outputs.get("BucketArn")).isEqualTo("arn:aws:s3:::" + bucket);
        assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("lab")).stackEvents()).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Bucket");
            assertThat(event.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
            assertThat(event.resourceStatusReason())
                    .isEqualTo("Tags [learner] recorded by CloudFormation only: S3Proxy implements no bucket tagging");
        });
        StreamDescriptionSummary stream = kinesis.describeStreamSummary(r -> r.streamName("lab-events"))
                .streamDescriptionSummary();
        assertThat(stream.openShardCount()).isEqualTo(2);
        assertThat(outputs.get("StreamArn")).isEqualTo(stream.streamARN());
        assertThat(kinesis.listTagsForStream(r -> r.streamName("lab-events")).tags())
                .extracting(t -> t.key() + "=" + t.value()).contains("learner=alice", "purpose=events");
        assertThat(outputs.get("RoleArn")).matches("arn:aws:iam::000000000000:role/lab-Role-[A-Z0-9]{12}");

        String changedTemplate = TEMPLATE
                .replace("\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}]",
                        "\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}, "
                                + "{\"AttributeName\": \"g\", \"KeyType\": \"RANGE\"}]")
                .replace("{\"Status\": \"Enabled\"}", "{\"Status\": \"Suspended\"}");
        cloudFormation.updateStack(r -> r.stackName("lab").templateBody(changedTemplate)
                .parameters(p -> p.parameterKey("Shards").parameterValue("4"))
                .capabilities(Capability.CAPABILITY_IAM));
        assertThat(awaitSettled("lab")).as(() -> events("lab")).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(kinesis.describeStreamSummary(r -> r.streamName("lab-events")).streamDescriptionSummary()
                .openShardCount()).isEqualTo(4);
        assertThat(s3.getBucketVersioning(r -> r.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
        String replacedTable = outputs("lab").get("TableName");
        assertThat(replacedTable).startsWith("lab-Table-").isNotEqualTo(table.tableName());
        assertThat(dynamoDb.listTables().tableNames()).containsExactly(replacedTable);
        assertThat(dynamoDb.describeTable(r -> r.tableName(replacedTable)).table().keySchema()).hasSize(2);

        s3.putObject(r -> r.bucket(bucket).key("left-behind"), RequestBody.fromString("data"));
        cloudFormation.deleteStack(r -> r.stackName("lab"));
        assertThat(awaitSettled("lab")).as(() -> events("lab")).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("lab")).stackEvents()).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Bucket");
            assertThat(event.resourceStatusAsString()).isEqualTo("DELETE_FAILED");
            assertThat(event.resourceStatusReason()).contains("BucketNotEmpty");
        });

        emptyBucket(bucket);
        String stackId = cloudFormation.describeStacks(r -> r.stackName("lab")).stacks().get(0).stackId();
        cloudFormation.deleteStack(r -> r.stackName("lab"));
        await().atMost(Duration.ofSeconds(60)).until(() -> cloudFormation.describeStacks(r -> r.stackName(stackId))
                .stacks().get(0).stackStatus() == StackStatus.DELETE_COMPLETE);
        assertThat(dynamoDb.listTables().tableNames()).isEmpty();
        assertThat(s3.listBuckets().buckets()).isEmpty();
        assertThat(kinesis.listStreams().streamNames()).isEmpty();
        assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
    }

    @Test
    void aResourceThatCannotBeCreatedRollsBackTheOthers() {
        s3.createBucket(r -> r.bucket("taken-name"));
        cloudFormation.createStack(r -> r.stackName("clash").templateBody("""
                {"Resources": {
                  "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "clash-stream", "ShardCount": 1}},
                  "Bucket": {"Type": "AWS::S3::Bucket", "DependsOn": "Stream", "Properties": {"BucketName": "taken-name"}}
                }}"""));

        assertThat(awaitSettled("clash")).as(() -> events("clash")).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        List<StackEvent> events = cloudFormation.describeStackEvents(r -> r.stackName("clash")).stackEvents();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Bucket");
            assertThat(event.resourceStatusAsString()).isEqualTo("CREATE_FAILED");
            assertThat(event.resourceStatusReason()).isEqualTo("taken-name already exists");
        });
        assertThat(kinesis.listStreams().streamNames()).doesNotContain("clash-stream");
        s3.deleteBucket(r -> r.bucket("taken-name"));
        cloudFormation.deleteStack(r -> r.stackName("clash"));
    }

    @Test
    void featuresTheEmulatorsLackFailTheResourceLoudly() {
        cloudFormation.createStack(r -> r.stackName("unmodelled").templateBody("""
                {"Resources": {
                  "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
                    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                    "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}},
                  "Stream": {"Type": "AWS::Kinesis::Stream", "DependsOn": "Table", "Properties": {"ShardCount": 1}}
                }}"""));

        assertThat(awaitSettled("unmodelled")).as(() -> events("unmodelled")).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("unmodelled")).stackEvents())
                .anySatisfy(event -> {
                    assertThat(event.logicalResourceId()).isEqualTo("Table");
                    assertThat(event.resourceStatusAsString()).isEqualTo("CREATE_FAILED");
                    assertThat(event.resourceStatusReason()).isEqualTo("StreamSpecification is not supported by the "
                            + "dslab local target: dynalite has no DynamoDB Streams");
                });
        assertThat(dynamoDb.listTables().tableNames()).isEmpty();
        cloudFormation.deleteStack(r -> r.stackName("unmodelled"));
    }

    /**
     * The sandbox stack exactly as cdk-stacks synthesizes it (a copy of its template), with the probe's jar
     * uploaded to the asset bucket as the shell's deployer does before deploying.
     */
    @Test
    void theSynthesizedSandboxTemplateDeploysAndLeavesNothingBehind() throws Exception {
        JsonNode template;
        try (InputStream in = getClass().getResourceAsStream("sandbox-template.json")) {
            template = new ObjectMapper().readTree(in);
        }
        String assetKey = template.at("/Resources/ProbeB22986FB/Properties/Code/S3Key").asText();
        String assetBucket = "dslab-assets-000000000000-us-east-1";
        s3.createBucket(r -> r.bucket(assetBucket));
        s3.putObject(r -> r.bucket(assetBucket).key(assetKey), RequestBody.fromFile(probeJar()));

        cloudFormation.createStack(r -> r.stackName("dslab-alice").templateBody(template.toString())
                .capabilities(Capability.CAPABILITY_NAMED_IAM));

        assertThat(awaitSettled("dslab-alice")).as(() -> events("dslab-alice")).isEqualTo(StackStatus.CREATE_COMPLETE);
        Map<String, String> outputs = outputs("dslab-alice");
        assertThat(outputs).containsEntry("TableName", "dslab-alice-items").containsEntry("GsiName", "gsi1")
                .containsEntry("BucketName", "dslab-alice-data-000000000000-us-east-1")
                .containsEntry("StreamName", "dslab-alice-events").containsEntry("FunctionName", "dslab-alice-probe");
        assertThat(dynamoDb.describeTable(r -> r.tableName("dslab-alice-items")).table().globalSecondaryIndexes())
                .extracting(i -> i.indexName()).containsExactly("gsi1");
        assertThat(s3.getBucketVersioning(r -> r.bucket(outputs.get("BucketName"))).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(kinesis.describeStreamSummary(r -> r.streamName("dslab-alice-events")).streamDescriptionSummary()
                .openShardCount()).isEqualTo(2);
        try (LambdaClient lambda = edgeClients.lambda()) {
            var function = lambda.getFunction(r -> r.functionName("dslab-alice-probe")).configuration();
            assertThat(function.role()).isEqualTo("arn:aws:iam::000000000000:role/dslab-alice-probe-us-east-1");
            assertThat(function.memorySize()).isEqualTo(512);
            var invoke = lambda.invoke(r -> r.functionName("dslab-alice-probe").payload(SdkBytes.fromUtf8String("{}")));
            assertThat(invoke.functionError()).isNull();
            assertThat(invoke.payload().asUtf8String()).contains("\"functionName\":\"dslab-alice-probe\"");

            ((ObjectNode) template.at("/Resources/ProbeB22986FB/Properties")).put("MemorySize", 256).put("ReservedConcurrentExecutions", 2);
            cloudFormation.updateStack(r -> r.stackName("dslab-alice").templateBody(template.toString())
                    .capabilities(Capability.CAPABILITY_NAMED_IAM));
            assertThat(awaitSettled("dslab-alice")).as(() -> events("dslab-alice"))
                    .isEqualTo(StackStatus.UPDATE_COMPLETE);
            assertThat(lambda.getFunction(r -> r.functionName("dslab-alice-probe")).configuration().memorySize())
                    .isEqualTo(256);
            assertThat(lambda.getFunctionConcurrency(r -> r.functionName("dslab-alice-probe")).reservedConcurrentExecutions())
                    .isEqualTo(2);

            cloudFormation.deleteStack(r -> r.stackName("dslab-alice"));
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudFormation.listStacks().stackSummaries().stream()
                    .anyMatch(stack -> stack.stackName().equals("dslab-alice")
                            && stack.stackStatus() == StackStatus.DELETE_COMPLETE));
            assertThat(lambda.listFunctions().functions()).isEmpty();
        }
        assertThat(dynamoDb.listTables().tableNames()).isEmpty();
        assertThat(kinesis.listStreams().streamNames()).isEmpty();
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(assetBucket);
        s3.deleteObject(r -> r.bucket(assetBucket).key(assetKey));
        s3.deleteBucket(r -> r.bucket(assetBucket));
    }

    /** The probe's deployable jar, which the build puts on the test class path. */
    private static Path probeJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("dslab-lambdas") && entry.endsWith("-lambda.jar"))
                .map(Path::of).findFirst()
                .orElseThrow(() -> new IllegalStateException("the probe's Lambda jar is not on the test class path"));
    }

    private static StackStatus awaitSettled(String name) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> !cloudFormation
                .describeStacks(r -> r.stackName(name)).stacks().get(0).stackStatusAsString().endsWith("_IN_PROGRESS"));
        return cloudFormation.describeStacks(r -> r.stackName(name)).stacks().get(0).stackStatus();
    }

    /** The stack's events, oldest first, to explain a failed assertion. */
    static String events(String name) {
        List<StackEvent> newestFirst = cloudFormation.describeStackEvents(r -> r.stackName(name)).stackEvents();
        StringBuilder text = new StringBuilder("events of " + name + ":");
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            StackEvent event = newestFirst.get(i);
            text.append("\n  ").append(event.logicalResourceId()).append(' ').append(event.resourceStatusAsString())
                    .append(event.resourceStatusReason() == null ? "" : " " + event.resourceStatusReason());
        }
        return text.toString();
    }

    private static Map<String, String> outputs(String stack) {
        return cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static void emptyBucket(String bucket) {
        List<ObjectIdentifier> versions = s3.listObjectVersions(r -> r.bucket(bucket)).versions().stream()
                .map(v -> ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()).toList();
        s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(versions)));
    }
}
