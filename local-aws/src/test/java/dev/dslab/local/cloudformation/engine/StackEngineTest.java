package dev.dslab.local.cloudformation.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dslab.local.cloudformation.CloudFormationException;
import dev.dslab.local.cloudformation.RecordingProvider;
import dev.dslab.local.cloudformation.provider.ResourceProviders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;

/** The engine's ordering, rollback, delete and update semantics, with a provider that records what it is asked. */
class StackEngineTest {

    private final RecordingProvider things = new RecordingProvider();
    private final StackEngine engine = new StackEngine(new ResourceProviders(List.of(things)), "us-east-1",
            "000000000000");

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void createsEachResourceAfterWhatItNeedsThroughRefGetAttAndDependsOn() {
        create("order", """
                {"Resources": {
                  "D": {"Type": "Test::Thing", "DependsOn": "C", "Properties": {"Value": "d"}},
                  "C": {"Type": "Test::Thing", "Properties": {"Value": {"Fn::GetAtt": ["B", "Arn"]}}},
                  "B": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "A"}}},
                  "A": {"Type": "Test::Thing", "Properties": {"Value": "a"}}
                },
                "Outputs": {"CArn": {"Value": {"Fn::GetAtt": "C.Arn"}, "Export": {"Name": "order-c"}}}}""");

        assertThat(awaitSettled("order")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(things.indexOf("create A")).isLessThan(things.indexOf("create B"));
        assertThat(things.indexOf("create B")).isLessThan(things.indexOf("create C"));
        assertThat(things.indexOf("create C")).isLessThan(things.indexOf("create D"));
        assertThat(things.existing.get("C-1").text("Value")).isEqualTo("arn:test:thing/B-1");
        assertThat(things.existing.get("B-1").text("Value")).isEqualTo("A-1");
        Stack stack = engine.describeStacks("order").get(0);
        assertThat(stack.outputs()).extracting(Output::outputKey, Output::outputValue, Output::exportName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CArn", "arn:test:thing/C-1", "order-c"));
        assertThat(engine.listExports()).hasSize(1);
    }

    @Test
    void createsIndependentResourcesInParallel() {
        create("parallel", """
                {"Resources": {
                  "A": {"Type": "Test::Thing", "Properties": {"DelayMillis": 400}},
                  "B": {"Type": "Test::Thing", "Properties": {"DelayMillis": 400}}
                }}""");

        assertThat(awaitSettled("parallel")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(things.maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void evaluatesTheIntrinsicFunctionsAndPseudoParameters() {
        create("intrinsics", """
                {"Parameters": {
                   "Env": {"Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"]},
                   "Names": {"Type": "CommaDelimitedList", "Default": "x,y,z"}},
                 "Mappings": {"Sizes": {"dev": {"Shards": 2}, "prod": {"Shards": 8}}},
                 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
                 "Resources": {
                  "Base": {"Type": "Test::Thing", "Properties": {"Value": "base"}},
                  "T": {"Type": "Test::Thing", "Properties": {"Value": "t", "Tags": [
                    {"Key": "join", "Value": {"Fn::Join": ["-", ["a", {"Ref": "AWS::Region"}, {"Ref": "Base"}]]}},
                    {"Key": "sub", "Value": {"Fn::Sub": "${AWS::StackName}/${Base}/${Base.Value}/${!Literal}"}},
                    {"Key": "sublist", "Value": {"Fn::Sub": ["${Greeting} ${AWS::AccountId}", {"Greeting": {"Ref": "Env"}}]}},
                    {"Key": "select", "Value": {"Fn::Select": [1, {"Ref": "Names"}]}},
                    {"Key": "split", "Value": {"Fn::Select": ["2", {"Fn::Split": [":", "p:q:r"]}]}},
                    {"Key": "if", "Value": {"Fn::If": ["IsProd", "big", "small"]}},
                    {"Key": "map", "Value": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Shards"]}},
                    {"Key": "azs", "Value": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}},
                    {"Key": "b64", "Value": {"Fn::Base64": "hi"}},
                    {"Key": "partition", "Value": {"Fn::Sub": "${AWS::Partition}.${AWS::URLSuffix}"}},
                    {"Key": "novalue", "Value": {"Fn::If": ["IsProd", "x", {"Ref": "AWS::NoValue"}]}}
                  ], "DelayMillis": {"Fn::If": ["IsProd", 5, {"Ref": "AWS::NoValue"}]}}}
                 }}""");

        assertThat(awaitSettled("intrinsics")).isEqualTo(StackStatus.CREATE_COMPLETE);
        Map<String, String> tags = things.existing.get("T-1").tags();
        assertThat(tags).containsEntry("join", "a-us-east-1-Base-1")
                .containsEntry("sub", "intrinsics/Base-1/base/${Literal}")
                .containsEntry("sublist", "dev 000000000000")
                .containsEntry("select", "y")
                .containsEntry("split", "r")
                .containsEntry("if", "small")
                .containsEntry("map", "2")
                .containsEntry("azs", "us-east-1a")
                .containsEntry("b64", "aGk=")
                .containsEntry("partition", "aws.amazonaws.com")
                .containsEntry("novalue", "");
        assertThat(things.existing.get("T-1").properties().has("DelayMillis")).isFalse();
    }

    @Test
    void readsYamlTemplatesWithShortFormFunctions() {
        create("yaml", """
                AWSTemplateFormatVersion: '2010-09-09'
                Parameters:
                  Env: {Type: String, Default: prod}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Base:
                    Type: Test::Thing
                    Properties: {Value: base}
                  Top:
                    Type: Test::Thing
                    Condition: IsProd
                    Properties:
                      Value: !GetAtt Base.Arn
                      Tags:
                        - {Key: sub, Value: !Sub '${AWS::Region}-${Base}'}
                        - {Key: join, Value: !Join [':', [!Ref Env, !Select [1, !Split [',', 'a,b']]]]}
                        - {Key: if, Value: !If [IsProd, big, small]}
                        - Key: long
                          Value: {"Fn::Join": ["", [x, y]]}
                Outputs:
                  TopValue:
                    Value: !Ref Top
                """);

        assertThat(awaitSettled("yaml")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(things.existing.get("Top-1").text("Value")).isEqualTo("arn:test:thing/Base-1");
        assertThat(things.existing.get("Top-1").tags()).containsEntry("sub", "us-east-1-Base-1")
                .containsEntry("join", "prod:b").containsEntry("if", "big").containsEntry("long", "xy");
        assertThat(engine.describeStacks("yaml").get(0).outputs()).extracting(Output::outputValue)
                .containsExactly("Top-1");
    }

    @Test
    void conditionsDecideWhichResourcesExist() {
        create("conditions", """
                {"Parameters": {"Env": {"Type": "String"}},
                 "Conditions": {
                   "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                   "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
                   "Both": {"Fn::And": [{"Condition": "NotProd"}, {"Fn::Equals": ["a", "a"]}]},
                   "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "b"]}]}},
                 "Resources": {
                   "OnlyProd": {"Type": "Test::Thing", "Condition": "IsProd"},
                   "OnlyDev": {"Type": "Test::Thing", "Condition": "Both"},
                   "Never": {"Type": "Test::Thing", "Condition": "Either"}},
                 "Outputs": {"Dev": {"Condition": "NotProd", "Value": {"Ref": "OnlyDev"}},
                             "Prod": {"Condition": "IsProd", "Value": {"Ref": "OnlyProd"}}}}""",
                Parameter.builder().parameterKey("Env").parameterValue("dev").build());

        assertThat(awaitSettled("conditions")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(engine.listStackResources("conditions")).extracting(r -> r.logicalResourceId())
                .containsExactly("OnlyDev");
        assertThat(engine.describeStacks("conditions").get(0).outputs()).extracting(Output::outputKey)
                .containsExactly("Dev");
    }

    @Test
    void aFailedCreateDeletesWhatItCreatedAndEndsRolledBackNamingTheFailingResource() {
        create("failing", """
                {"Resources": {
                  "First": {"Type": "Test::Thing"},
                  "Second": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "First"}, "FailOnCreate": true}},
                  "Third": {"Type": "Test::Thing", "DependsOn": "Second"}
                }}""");

        assertThat(awaitSettled("failing")).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(things.log).containsExactly("create First First-1", "create-failed Second",
                "delete First First-1");
        assertThat(things.existing).isEmpty();
        List<StackEvent> events = engine.describeStackEvents("failing");
        assertThat(events.get(0).resourceStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Second");
            assertThat(event.resourceStatusAsString()).isEqualTo("CREATE_FAILED");
            assertThat(event.resourceStatusReason()).isEqualTo("Thing Second refused to be created");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("failing");
            assertThat(event.resourceStatusAsString()).isEqualTo("ROLLBACK_IN_PROGRESS");
            assertThat(event.resourceStatusReason())
                    .isEqualTo("The following resource(s) failed to create: [Second]. Rollback requested by user.");
        });
        assertThat(events.stream().noneMatch(event -> event.logicalResourceId().equals("Third"))).isTrue();

        String stackId = engine.describeStacks("failing").get(0).stackId();
        assertThatThrownBy(() -> engine.updateStack(UpdateStackRequest.builder().stackName("failing")
                .usePreviousTemplate(true).build()))
                .hasMessage("Stack:" + stackId + " is in ROLLBACK_COMPLETE state and can not be updated.");
        assertThatThrownBy(() -> create("failing", "{\"Resources\": {\"A\": {\"Type\": \"Test::Thing\"}}}"))
                .isInstanceOf(CloudFormationException.class).hasMessage("Stack [failing] already exists")
                .extracting(e -> ((CloudFormationException) e).code()).isEqualTo("AlreadyExistsException");
        engine.deleteStack(DeleteStackRequest.builder().stackName("failing").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.listStacks(List.of("DELETE_COMPLETE")).size() == 1);
    }

    @Test
    void anUnsupportedResourceTypeFailsThatResourceWithTheSupportedTypes() {
        create("unsupported", """
                {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}""");

        assertThat(awaitSettled("unsupported")).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(engine.describeStackEvents("unsupported")).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Queue");
            assertThat(event.resourceStatusAsString()).isEqualTo("CREATE_FAILED");
            assertThat(event.resourceStatusReason()).isEqualTo("Resource type AWS::SQS::Queue is not supported "
                    + "by the dslab local target; supported types: [Test::Thing]");
        });
    }

    @Test
    void deletesDependentsFirstAndKeepsRetainedResources() {
        create("deleting", """
                {"Resources": {
                  "Base": {"Type": "Test::Thing"},
                  "Middle": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "Base"}}},
                  "Top": {"Type": "Test::Thing", "Properties": {"Value": {"Fn::GetAtt": ["Middle", "Arn"]}}},
                  "Kept": {"Type": "Test::Thing", "DeletionPolicy": "Retain", "DependsOn": "Base"}
                }}""");
        assertThat(awaitSettled("deleting")).isEqualTo(StackStatus.CREATE_COMPLETE);
        String stackId = engine.describeStacks("deleting").get(0).stackId();

        engine.deleteStack(DeleteStackRequest.builder().stackName("deleting").build());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.describeStacks(stackId).get(0).stackStatus() == StackStatus.DELETE_COMPLETE);
        assertThat(things.indexOf("delete Top")).isLessThan(things.indexOf("delete Middle"));
        assertThat(things.indexOf("delete Middle")).isLessThan(things.indexOf("delete Base"));
        assertThat(things.existing).containsOnlyKeys("Kept-1");
        assertThat(engine.describeStackEvents(stackId)).anySatisfy(event -> {
            assertThat(event.logicalResourceId()).isEqualTo("Kept");
            assertThat(event.resourceStatusAsString()).isEqualTo("DELETE_SKIPPED");
        });
        assertThatThrownBy(() -> engine.describeStacks("deleting"))
                .hasMessage("Stack with id deleting does not exist");
        assertThat(engine.listStacks(List.of())).extracting(s -> s.stackStatusAsString())
                .containsExactly("DELETE_COMPLETE");
    }

    @Test
    void aDeleteDuringCreateWaitsForTheCreateThenRemovesEverything() {
        create("interrupted", """
                {"Resources": {
                  "Slow": {"Type": "Test::Thing", "Properties": {"DelayMillis": 300}},
                  "After": {"Type": "Test::Thing", "DependsOn": "Slow"}
                }}""");
        String stackId = engine.describeStacks("interrupted").get(0).stackId();

        engine.deleteStack(DeleteStackRequest.builder().stackName("interrupted").build());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.describeStacks(stackId).get(0).stackStatus() == StackStatus.DELETE_COMPLETE);
        assertThat(things.log).containsExactly("create Slow Slow-1", "create After After-1", "delete After After-1",
                "delete Slow Slow-1");
        assertThat(engine.describeStackEvents(stackId)).extracting(StackEvent::resourceStatusAsString)
                .contains("CREATE_COMPLETE", "DELETE_IN_PROGRESS");
    }

    @Test
    void aResourceThatCannotBeDeletedFailsTheDeleteUntilItIsRetained() {
        create("stuck", """
                {"Resources": {
                  "Stuck": {"Type": "Test::Thing", "Properties": {"FailOnDelete": true}},
                  "Free": {"Type": "Test::Thing"}
                }}""");
        assertThat(awaitSettled("stuck")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThatThrownBy(() -> engine.deleteStack(DeleteStackRequest.builder().stackName("stuck")
                .retainResources("Stuck").build()))
                .hasMessageEndingWith("RetainResources is only valid for stacks in DELETE_FAILED state");

        engine.deleteStack(DeleteStackRequest.builder().stackName("stuck").build());

        assertThat(awaitSettled("stuck")).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(engine.describeStacks("stuck").get(0).stackStatusReason())
                .isEqualTo("The following resource(s) failed to delete: [Stuck]. ");
        assertThat(engine.describeStackResource("stuck", "Stuck").resourceStatusReason())
                .isEqualTo("Thing Stuck refused to be deleted");
        assertThat(things.existing).containsOnlyKeys("Stuck-1");

        String stackId = engine.describeStacks("stuck").get(0).stackId();
        engine.deleteStack(DeleteStackRequest.builder().stackName("stuck").retainResources("Stuck").build());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> engine.describeStacks(stackId).get(0).stackStatus() == StackStatus.DELETE_COMPLETE);
        assertThat(things.existing).containsOnlyKeys("Stuck-1");
    }

    @Test
    void updateAddsUpdatesInPlaceReplacesAndRemoves() {
        create("updating", """
                {"Resources": {
                  "Kept": {"Type": "Test::Thing", "Properties": {"Value": "same"}},
                  "Changed": {"Type": "Test::Thing", "Properties": {"Value": "v1"}},
                  "Replaced": {"Type": "Test::Thing", "Properties": {"Name": "old-name"}},
                  "User": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "Replaced"}}},
                  "Removed": {"Type": "Test::Thing"}
                }}""");
        assertThat(awaitSettled("updating")).isEqualTo(StackStatus.CREATE_COMPLETE);
        things.log.clear();

        engine.updateStack(UpdateStackRequest.builder().stackName("updating").templateBody("""
                {"Resources": {
                  "Kept": {"Type": "Test::Thing", "Properties": {"Value": "same"}},
                  "Changed": {"Type": "Test::Thing", "Properties": {"Value": "v2"}},
                  "Replaced": {"Type": "Test::Thing", "Properties": {"Name": "new-name"}},
                  "User": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "Replaced"}}},
                  "Added": {"Type": "Test::Thing"}
                }}""").build());

        assertThat(awaitSettled("updating")).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(things.log).contains("update Changed Changed-1 v2", "create Replaced new-name",
                "update User User-1 new-name", "delete Replaced old-name", "delete Removed Removed-1");
        assertThat(things.log.stream().filter(line -> line.contains("Kept"))).isEmpty();
        assertThat(things.indexOf("create Replaced")).isLessThan(things.indexOf("update User"));
        assertThat(things.indexOf("update User")).isLessThan(things.indexOf("delete Replaced"));
        assertThat(things.existing.get("User-1").text("Value")).isEqualTo("new-name");
        assertThat(things.existing).containsOnlyKeys("Kept-1", "Changed-1", "new-name", "User-1", "Added-1");
        assertThat(engine.describeStackEvents("updating").stream().map(StackEvent::resourceStatusAsString)
                .limit(2).collect(Collectors.toList()))
                .containsExactly("UPDATE_COMPLETE", "DELETE_COMPLETE");
        assertThat(engine.describeStackEvents("updating")).anySatisfy(event ->
                assertThat(event.resourceStatusAsString()).isEqualTo("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));

        assertThatThrownBy(() -> engine.updateStack(UpdateStackRequest.builder().stackName("updating")
                .usePreviousTemplate(true).build()))
                .isInstanceOf(CloudFormationException.class).hasMessage("No updates are to be performed.");
    }

    @Test
    void aFailedUpdateRollsEveryChangeBack() {
        create("rollback", """
                {"Resources": {
                  "Changed": {"Type": "Test::Thing", "Properties": {"Value": "v1"}},
                  "Breaks": {"Type": "Test::Thing", "Properties": {"Value": "ok"}}
                }}""");
        assertThat(awaitSettled("rollback")).isEqualTo(StackStatus.CREATE_COMPLETE);
        things.log.clear();

        engine.updateStack(UpdateStackRequest.builder().stackName("rollback").templateBody("""
                {"Resources": {
                  "Changed": {"Type": "Test::Thing", "Properties": {"Value": "v2"}},
                  "Added": {"Type": "Test::Thing"},
                  "Breaks": {"Type": "Test::Thing", "DependsOn": ["Changed", "Added"],
                             "Properties": {"Value": "bad", "FailOnUpdate": true}}
                }}""").build());

        assertThat(awaitSettled("rollback")).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(things.log).contains("update Changed Changed-1 v2", "update-failed Breaks",
                "update Breaks Breaks-1 ok", "update Changed Changed-1 v1");
        assertThat(things.log.get(things.log.size() - 1)).startsWith("delete Added");
        assertThat(things.existing).containsOnlyKeys("Changed-1", "Breaks-1");
        assertThat(things.existing.get("Changed-1").text("Value")).isEqualTo("v1");
        assertThat(engine.describeStacks("rollback").get(0).stackStatusReason()).isNull();
        assertThat(engine.describeStackEvents("rollback")).anySatisfy(event -> {
            assertThat(event.resourceStatusAsString()).isEqualTo("UPDATE_ROLLBACK_IN_PROGRESS");
            assertThat(event.resourceStatusReason()).isEqualTo("The following resource(s) failed to update: [Breaks]. ");
        });
        assertThat(engine.getTemplate("rollback")).doesNotContain("Added");
    }

    @Test
    void stackTagsPropagateToResourcesUnderTheirOwnTags() {
        engine.createStack(CreateStackRequest.builder().stackName("tagged")
                .templateBody("""
                        {"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Tags": [{"Key": "own", "Value": "a"},
                          {"Key": "team", "Value": "resource"}]}}}}""")
                .tags(Tag.builder().key("team").value("stack").build(), Tag.builder().key("env").value("lab").build())
                .build());

        assertThat(awaitSettled("tagged")).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(things.existing.get("A-1").tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("own", "a", "team", "resource", "env", "lab"));
    }

    @Test
    void rejectsBadTemplatesAndParametersWhenCalled() {
        assertThatThrownBy(() -> create("cycle", """
                {"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "B"}}},
                               "B": {"Type": "Test::Thing", "DependsOn": "A"}}}"""))
                .hasMessage("Circular dependency between resources: [A, B]");
        assertThatThrownBy(() -> create("cycle", """
                {"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Value": {"Fn::Sub": "${C.Arn}"}}},
                               "B": {"Type": "Test::Thing", "DependsOn": "A"},
                               "C": {"Type": "Test::Thing", "DependsOn": "B"},
                               "Waiting": {"Type": "Test::Thing", "DependsOn": "C"}}}"""))
                .hasMessage("Circular dependency between resources: [A, B, C]");
        assertThatThrownBy(() -> create("resourceincondition", """
                {"Conditions": {"Bad": {"Fn::Equals": [{"Ref": "A"}, "x"]}},
                 "Resources": {"A": {"Type": "Test::Thing"}}}"""))
                .hasMessage("Template format error: Unresolved dependencies [A]. Cannot reference resources in the "
                        + "Conditions block of the template");
        assertThatThrownBy(() -> create("unresolved", """
                {"Resources": {"A": {"Type": "Test::Thing", "Properties": {"Value": {"Fn::GetAtt": ["Nope", "Arn"]}}}}}"""))
                .hasMessage("Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template");
        assertThatThrownBy(() -> create("noresources", "{\"Resources\": {}}"))
                .hasMessage("Template format error: At least one Resources member must be defined.");
        assertThatThrownBy(() -> create("notjson", "{\"Resources\": "))
                .hasMessageStartingWith("Template format error: JSON not well-formed.");
        String withParameter = """
                {"Parameters": {"Size": {"Type": "Number"}}, "Resources": {"A": {"Type": "Test::Thing"}}}""";
        assertThatThrownBy(() -> create("missing", withParameter)).hasMessage("Parameters: [Size] must have values");
        assertThatThrownBy(() -> create("unknown", withParameter,
                Parameter.builder().parameterKey("Size").parameterValue("1").build(),
                Parameter.builder().parameterKey("Colour").parameterValue("red").build()))
                .hasMessage("Parameters: [Colour] do not exist in the template");
        assertThatThrownBy(() -> create("iam", """
                {"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x"}}}}"""))
                .hasMessage("Requires capabilities : [CAPABILITY_NAMED_IAM]");
        assertThatThrownBy(() -> create("bad_name", withParameter)).hasMessageContaining("Member must satisfy regular expression pattern");
        assertThatThrownBy(() -> engine.createStack(CreateStackRequest.builder().stackName("unmodelled")
                .templateBody(withParameter).timeoutInMinutes(5).roleARN("arn:aws:iam::000000000000:role/x").build()))
                .hasMessage("[RoleARN, TimeoutInMinutes] not supported by the dslab local target");
        assertThatThrownBy(() -> engine.describeStacks("absent")).hasMessage("Stack with id absent does not exist");
        assertThatThrownBy(() -> engine.updateStack(UpdateStackRequest.builder().stackName("absent")
                .usePreviousTemplate(true).build())).hasMessage("Stack [absent] does not exist");
        assertThat(engine.listStacks(List.of())).isEmpty();
    }

    private void create(String name, String template, Parameter... parameters) {
        engine.createStack(CreateStackRequest.builder().stackName(name).templateBody(template).parameters(parameters)
                .capabilities(Capability.CAPABILITY_IAM).build());
    }

    private StackStatus awaitSettled(String name) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.describeStacks(name).get(0).stackStatusAsString()
                .endsWith("_IN_PROGRESS"));
        return engine.describeStacks(name).get(0).stackStatus();
    }
}
