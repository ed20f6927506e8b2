package dev.dslab.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real in-process synth of the sandbox; the template is read as the deployer reads it. */
class SandboxStackTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest learner name allowed, and the longest account id and region name a real target has. */
    private static final String LONGEST_LEARNER = "abcdefghij-klmnopqrs";
    private static final String ACCOUNT = "123456789012";
    private static final String LONGEST_REGION = "ap-southeast-5";

    @TempDir
    static Path cacheDir;
    private static SynthesizedApp alice;
    private static JsonNode template;
    private static JsonNode longestTemplate;

    @BeforeAll
    static void synthesize() throws Exception {
        SandboxSynthesizer synthesizer = new SandboxSynthesizer();
        alice = synthesizer.synth("alice", cacheDir);
        template = JSON.readTree(alice.stack("dslab-alice").templateJson());
        longestTemplate = JSON.readTree(synthesizer.synth(LONGEST_LEARNER, cacheDir).stack("dslab-" + LONGEST_LEARNER).templateJson());
    }

    @Test
    void holdsExactlyTheSandboxResourcesAndNothingCdkAddsOnItsOwn() {
        List<String> types = new ArrayList<>();
        template.path("Resources").forEach(resource -> types.add(resource.path("Type").asText()));
        assertThat(types).containsExactlyInAnyOrder("AWS::DynamoDB::Table", "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::Kinesis::Stream",
                "AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Lambda::Function");
        assertThat(template.has("Conditions")).isFalse();
        assertThat(template.has("Parameters")).isFalse();
        assertThat(template.has("Rules")).isFalse();
        assertThat(template.toString()).doesNotContain("CDKMetadata", "Fn::If", "aws:cdk:path", "aws:asset:path");
        assertThat(alice.stacks()).extracting(SynthesizedStack::stackName).containsExactly("dslab-alice");
    }

    @Test
    void tableHasStringKeysOneGsiAndOnDemandBilling() {
        JsonNode table = tableNamed("dslab-alice-items");
        JsonNode properties = table.path("Properties");
        assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(keySchema(properties.path("KeySchema"))).isEqualTo(Map.of("pk", "HASH", "sk", "RANGE"));
        assertThat(properties.path("AttributeDefinitions")).hasSize(4)
                .allSatisfy(definition -> assertThat(definition.path("AttributeType").asText()).isEqualTo("S"));
        JsonNode indexes = properties.path("GlobalSecondaryIndexes");
        assertThat(indexes).hasSize(1);
        assertThat(indexes.get(0).path("IndexName").asText()).isEqualTo("gsi1");
        assertThat(keySchema(indexes.get(0).path("KeySchema"))).isEqualTo(Map.of("gsi1pk", "HASH", "gsi1sk", "RANGE"));
        assertThat(indexes.get(0).has("ProvisionedThroughput")).isFalse();
        assertDeletedWithStack(table);
    }

    @Test
    void leaseTableHasTheSchemaAndOwnerIndexKcl3Expects() {
        JsonNode table = tableNamed("dslab-alice-kcl-leases");
        JsonNode properties = table.path("Properties");
        assertThat(keySchema(properties.path("KeySchema"))).isEqualTo(Map.of("leaseKey", "HASH"));
        JsonNode indexes = properties.path("GlobalSecondaryIndexes");
        assertThat(indexes).hasSize(1);
        assertThat(indexes.get(0).path("IndexName").asText()).isEqualTo("LeaseOwnerToLeaseKeyIndex");
        assertThat(keySchema(indexes.get(0).path("KeySchema"))).isEqualTo(Map.of("leaseOwner", "HASH", "leaseKey", "RANGE"));
        assertThat(indexes.get(0).path("Projection").path("ProjectionType").asText()).isEqualTo("KEYS_ONLY");
        assertDeletedWithStack(table);
    }

    @Test
    void bucketIsVersionedGloballyUniqueAndDeletedWithTheStack() {
        JsonNode bucket = resourceOfType("AWS::S3::Bucket");
        assertThat(bucket.path("Properties").path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(resolve(bucket.path("Properties").path("BucketName"))).isEqualTo("dslab-alice-data-" + ACCOUNT + "-" + LONGEST_REGION);
        assertDeletedWithStack(bucket);
    }

    @Test
    void streamHasTwoUnencryptedShardsAndIsDeletedWithTheStack() {
        JsonNode stream = resourceOfType("AWS::Kinesis::Stream");
        assertThat(stream.path("Properties").path("Name").asText()).isEqualTo("dslab-alice-events");
        assertThat(stream.path("Properties").path("ShardCount").asInt()).isEqualTo(2);
        assertThat(stream.path("Properties").has("StreamEncryption")).isFalse();
        assertDeletedWithStack(stream);
    }

    @Test
    void functionRunsTheProbeFromTheLambdaJarAssetWithItsOwnRole() {
        JsonNode properties = functionNamed("dslab-alice-probe").path("Properties");
        assertThat(properties.path("Runtime").asText()).isEqualTo("java17");
        assertThat(properties.path("Handler").asText()).isEqualTo("dev.dslab.lambdas.probe.ProbeHandler::handleRequest");
        assertThat(properties.path("MemorySize").asInt()).isEqualTo(512);
        assertThat(properties.path("Timeout").asInt()).isEqualTo(10);
        assertThat(properties.path("Code").path("S3Bucket").path("Fn::Sub").asText()).isEqualTo("dslab-assets-${AWS::AccountId}-${AWS::Region}");
        String roleId = properties.path("Role").path("Fn::GetAtt").get(0).asText();
        JsonNode role = template.path("Resources").path(roleId);
        assertThat(role.path("Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(role.path("Properties").path("AssumeRolePolicyDocument").path("Statement").get(0)
                .path("Principal").path("Service").asText()).isEqualTo("lambda.amazonaws.com");
        assertThat(resolve(role.path("Properties").path("RoleName"))).isEqualTo("dslab-alice-probe-" + LONGEST_REGION);
    }

    @Test
    void streamBatchFunctionRunsTheKinesisHandlerWithTheTableItRecordsIn() {
        JsonNode properties = functionNamed("dslab-alice-stream-batch").path("Properties");
        assertThat(properties.path("Handler").asText()).isEqualTo("dev.dslab.lambdas.stream.RecordBatchHandler::handleRequest");
        assertThat(properties.path("Timeout").asInt()).isEqualTo(30);
        JsonNode variables = properties.path("Environment").path("Variables");
        assertThat(variables.path("BATCH_FAILURE_MODE").asText()).isEqualTo("report");
        String tableId = variables.path("PROCESSED_TABLE").path("Ref").asText();
        assertThat(template.path("Resources").path(tableId).path("Properties").path("TableName").asText()).isEqualTo("dslab-alice-items");
        assertThat(properties.path("Role")).isEqualTo(functionNamed("dslab-alice-probe").path("Properties").path("Role"));
    }

    @Test
    void theFunctionsRoleMayReadTheStreamsWriteTheTablesAndDropFailuresInTheBucketOfThisSandboxAndItsRuns() {
        String roleId = functionNamed("dslab-alice-stream-batch").path("Properties").path("Role").path("Fn::GetAtt").get(0).asText();
        JsonNode policies = template.path("Resources").path(roleId).path("Properties").path("Policies");
        assertThat(policies).hasSize(1);
        Map<String, JsonNode> byFirstAction = new HashMap<>();
        policies.get(0).path("PolicyDocument").path("Statement").forEach(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            byFirstAction.put(statement.path("Action").get(0).asText(), statement);
        });
        assertThat(byFirstAction).containsOnlyKeys("kinesis:DescribeStream", "dynamodb:GetItem", "s3:PutObject");
        assertThat(byFirstAction.get("kinesis:DescribeStream").path("Action").toString())
                .contains("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:DescribeStreamSummary");
        // per-run streams and tables are named after the sandbox's with a suffix: "<arn>-*" must be granted as well
        assertThat(byFirstAction.get("kinesis:DescribeStream").path("Resource").toString()).contains("-*");
        assertThat(byFirstAction.get("dynamodb:GetItem").path("Action").toString()).contains("dynamodb:PutItem", "dynamodb:UpdateItem");
        assertThat(byFirstAction.get("dynamodb:GetItem").path("Resource").toString()).contains("-*");
        assertThat(byFirstAction.get("s3:PutObject").path("Action").toString()).contains("s3:ListBucket");
    }

    @Test
    void assetManifestCarriesTheBundledLambdaJarToTheDslabAssetBucket() throws Exception {
        String codeKey = functionNamed("dslab-alice-probe").path("Properties").path("Code").path("S3Key").asText();
        assertThat(functionNamed("dslab-alice-stream-batch").path("Properties").path("Code").path("S3Key").asText()).isEqualTo(codeKey);
        FileAsset jar = alice.stack("dslab-alice").fileAssets().stream()
                .filter(asset -> asset.objectKey().equals(codeKey)).findFirst().orElseThrow();
        assertThat(jar.packaging()).isEqualTo("file");
        assertThat(jar.bucketName()).isEqualTo("dslab-assets-${AWS::AccountId}-${AWS::Region}");
        assertThat(jar.objectKey()).isEqualTo(jar.id() + ".jar");
        assertThat(Hashing.sha256Hex(Files.readAllBytes(jar.source()))).isEqualTo(LambdaJar.bundledSha256());
        assertThat(jar.destination("000000000000", "us-east-1"))
                .isEqualTo(new FileAsset.AssetDestination("dslab-assets-000000000000-us-east-1", codeKey));
        assertThat(alice.fileAssets()).extracting(FileAsset::displayName).containsExactlyInAnyOrder("Probe/Code", "dslab-alice Template");
    }

    @Test
    void everyResourceAndTheStackAreTaggedWithLearnerAndStack() {
        template.path("Resources").forEach(resource -> {
            Map<String, String> tags = new HashMap<>();
            resource.path("Properties").path("Tags").forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
            assertThat(tags).as(resource.path("Type").asText())
                    .containsEntry("dslab:learner", "alice").containsEntry("dslab:stack", "dslab-alice");
        });
        assertThat(alice.stack("dslab-alice").tags()).isEqualTo(Map.of("dslab:learner", "alice", "dslab:stack", "dslab-alice"));
    }

    @Test
    void outputsNameEveryPhysicalResource() {
        JsonNode outputs = template.path("Outputs");
        assertThat(outputs.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("TableName", "GsiName", "BucketName", "StreamName", "FunctionName", "LeaseTableName",
                        "StreamFunctionName");
        assertThat(outputs.path("GsiName").path("Value").asText()).isEqualTo("gsi1");
        for (String output : List.of("TableName", "BucketName", "StreamName", "FunctionName", "LeaseTableName", "StreamFunctionName")) {
            String logicalId = outputs.path(output).path("Value").path("Ref").asText();
            assertThat(template.path("Resources").has(logicalId)).as(output).isTrue();
        }
    }

    @Test
    void physicalNamesOfTheLongestLearnerFitEveryServiceLimit() {
        String prefix = "dslab-" + LONGEST_LEARNER + "-";
        Map<String, Integer> limits = Map.of("AWS::DynamoDB::Table", 255, "AWS::S3::Bucket", 63,
                "AWS::Kinesis::Stream", 128, "AWS::IAM::Role", 64, "AWS::Lambda::Function", 64);
        Map<String, String> nameProperty = Map.of("AWS::DynamoDB::Table", "TableName", "AWS::S3::Bucket", "BucketName",
                "AWS::Kinesis::Stream", "Name", "AWS::IAM::Role", "RoleName", "AWS::Lambda::Function", "FunctionName");
        longestTemplate.path("Resources").forEach(resource -> {
            String type = resource.path("Type").asText();
            String name = resolve(resource.path("Properties").path(nameProperty.get(type)));
            assertThat(name).as(type).startsWith(prefix);
            assertThat(name.length()).as(type + " " + name).isLessThanOrEqualTo(limits.get(type));
            if (type.equals("AWS::S3::Bucket")) {
                assertThat(name).matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
            }
        });
    }

    private static JsonNode tableNamed(String name) {
        List<JsonNode> matches = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Properties").path("TableName").asText().equals(name)) {
                matches.add(resource);
            }
        });
        assertThat(matches).hasSize(1);
        return matches.get(0);
    }

    private static JsonNode functionNamed(String name) {
        List<JsonNode> matches = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals("AWS::Lambda::Function")
                    && resource.path("Properties").path("FunctionName").asText().equals(name)) {
                matches.add(resource);
            }
        });
        assertThat(matches).hasSize(1);
        return matches.get(0);
    }

    private static JsonNode resourceOfType(String type) {
        List<JsonNode> matches = new ArrayList<>();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                matches.add(resource);
            }
        });
        assertThat(matches).hasSize(1);
        return matches.get(0);
    }

    private static void assertDeletedWithStack(JsonNode resource) {
        assertThat(resource.path("DeletionPolicy").asText()).isEqualTo("Delete");
        assertThat(resource.path("UpdateReplacePolicy").asText()).isEqualTo("Delete");
    }

    private static Map<String, String> keySchema(JsonNode schema) {
        Map<String, String> keys = new HashMap<>();
        schema.forEach(key -> keys.put(key.path("AttributeName").asText(), key.path("KeyType").asText()));
        return keys;
    }

    /** Resolves a literal or an Fn::Join of literals and pseudo-parameter Refs, as CloudFormation would. */
    private static String resolve(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return switch (value.path("Ref").asText()) {
                case "AWS::AccountId" -> ACCOUNT;
                case "AWS::Region" -> LONGEST_REGION;
                case "AWS::Partition" -> "aws";
                default -> throw new AssertionError("unexpected Ref in a physical name: " + value);
            };
        }
        JsonNode join = value.path("Fn::Join");
        assertThat(join.isArray()).as("a literal or Fn::Join: " + value).isTrue();
        List<String> parts = new ArrayList<>();
        join.get(1).forEach(part -> parts.add(resolve(part)));
        return String.join(join.get(0).asText(), parts);
    }
}
