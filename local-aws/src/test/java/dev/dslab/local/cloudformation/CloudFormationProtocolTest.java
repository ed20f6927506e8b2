package dev.dslab.local.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.cloudformation.provider.ResourceProviders;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The wire protocol as the AWS SDK for Java 2 speaks it: real CloudFormationClient calls against the
 * service on a loopback HTTP server, with the raw requests captured to pin down what the SDK sends.
 */
class CloudFormationProtocolTest {

    private static final String TEMPLATE = """
            {"Description": "protocol <test> & more",
             "Parameters": {"Greeting": {"Type": "String", "Default": "hello", "Description": "what to say"},
                            "Secret": {"Type": "String", "NoEcho": true, "Default": "s3cr3t"}},
             "Resources": {"Thing": {"Type": "Test::Thing", "Properties": {"Value": {"Ref": "Greeting"}}}},
             "Outputs": {"ThingArn": {"Value": {"Fn::GetAtt": ["Thing", "Arn"]}, "Description": "the arn",
                                      "Export": {"Name": "thing-arn"}}}}""";

    private record Captured(String contentType, String body) {
    }

    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private CloudFormationService service;
    private CloudFormationClient cloudFormation;

    @BeforeEach
    void start() throws Exception {
        service = new CloudFormationService(new ResourceProviders(List.of(new RecordingProvider())), "us-east-1",
                "000000000000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            captured.add(new Captured(exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.setStreams(new ByteArrayInputStream(body), null);
            service.handle(exchange);
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        cloudFormation = EdgeClients.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).cloudFormation();
    }

    @AfterEach
    void stop() {
        cloudFormation.close();
        server.stop(0);
        service.close();
    }

    @Test
    void theSdkSpeaksFormEncodedAwsQueryAndReadsTheXmlAnswers() {
        String stackId = cloudFormation.createStack(r -> r.stackName("proto").templateBody(TEMPLATE)
                .parameters(p -> p.parameterKey("Greeting").parameterValue("hi there"))
                .tags(t -> t.key("learner").value("alice"))
                .capabilities(Capability.CAPABILITY_IAM)).stackId();

        Captured request = captured.get(0);
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.body()).startsWith("Action=CreateStack&Version=2010-05-15&StackName=proto")
                .contains("&Parameters.member.1.ParameterKey=Greeting&Parameters.member.1.ParameterValue=hi+there")
                .contains("&Capabilities.member.1=CAPABILITY_IAM")
                .contains("&Tags.member.1.Key=learner&Tags.member.1.Value=alice");
        assertThat(stackId).matches("arn:aws:cloudformation:us-east-1:000000000000:stack/proto/[0-9a-f-]{36}");

        await().atMost(Duration.ofSeconds(10)).until(() -> cloudFormation.describeStacks(r -> r.stackName("proto"))
                .stacks().get(0).stackStatus() == StackStatus.CREATE_COMPLETE);
        Stack stack = cloudFormation.describeStacks(r -> r.stackName("proto")).stacks().get(0);
        assertThat(stack.stackId()).isEqualTo(stackId);
        assertThat(stack.description()).isEqualTo("protocol <test> & more");
        assertThat(stack.creationTime()).isNotNull();
        assertThat(stack.parameters()).extracting(p -> p.parameterKey() + "=" + p.parameterValue())
                .containsExactly("Greeting=hi there", "Secret=****");
        assertThat(stack.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("learner=alice");
        assertThat(stack.capabilities()).containsExactly(Capability.CAPABILITY_IAM);
        assertThat(stack.outputs()).singleElement().satisfies(output -> {
            assertThat(output.outputKey()).isEqualTo("ThingArn");
            assertThat(output.outputValue()).isEqualTo("arn:test:thing/Thing-1");
            assertThat(output.description()).isEqualTo("the arn");
            assertThat(output.exportName()).isEqualTo("thing-arn");
        });

        assertThat(cloudFormation.describeStackEvents(r -> r.stackName("proto")).stackEvents())
                .extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString())
                .containsExactly("proto CREATE_COMPLETE", "Thing CREATE_COMPLETE", "Thing CREATE_IN_PROGRESS",
                        "proto CREATE_IN_PROGRESS");
        assertThat(cloudFormation.describeStackResources(r -> r.stackName("proto")).stackResources())
                .singleElement().satisfies(resource -> {
                    assertThat(resource.physicalResourceId()).isEqualTo("Thing-1");
                    assertThat(resource.resourceType()).isEqualTo("Test::Thing");
                    assertThat(resource.timestamp()).isNotNull();
                });
        assertThat(cloudFormation.describeStackResource(r -> r.stackName("proto").logicalResourceId("Thing"))
                .stackResourceDetail().resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(cloudFormation.listStackResources(r -> r.stackName("proto")).stackResourceSummaries())
                .extracting(s -> s.logicalResourceId()).containsExactly("Thing");
        assertThat(cloudFormation.listStacks(r -> r.stackStatusFilters(StackStatus.CREATE_COMPLETE)).stackSummaries())
                .extracting(s -> s.stackName()).containsExactly("proto");
        assertThat(cloudFormation.getTemplate(r -> r.stackName("proto")).templateBody()).isEqualTo(TEMPLATE);
        assertThat(cloudFormation.validateTemplate(r -> r.templateBody(TEMPLATE)).parameters())
                .extracting(p -> p.parameterKey() + "=" + p.defaultValue() + " " + p.noEcho())
                .containsExactly("Greeting=hello false", "Secret=s3cr3t true");
        assertThat(cloudFormation.listExports().exports()).extracting(e -> e.name()).containsExactly("thing-arn");

        cloudFormation.deleteStack(r -> r.stackName("proto"));
        await().atMost(Duration.ofSeconds(10)).until(() -> cloudFormation.describeStacks(r -> r.stackName(stackId))
                .stacks().get(0).stackStatus() == StackStatus.DELETE_COMPLETE);
        assertThat(cloudFormation.describeStacks().stacks()).isEmpty();
    }

    @Test
    void errorsArriveAsTheSdkExceptionsWithAwsCodesAndMessages() {
        cloudFormation.createStack(r -> r.stackName("dup").templateBody(TEMPLATE));

        assertThatThrownBy(() -> cloudFormation.createStack(r -> r.stackName("dup").templateBody(TEMPLATE)))
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> assertThat(((AlreadyExistsException) e).awsErrorDetails().errorMessage())
                        .isEqualTo("Stack [dup] already exists"));
        assertThatThrownBy(() -> cloudFormation.describeStacks(r -> r.stackName("nope")))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> {
                    CloudFormationException error = (CloudFormationException) e;
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Stack with id nope does not exist");
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> cloudFormation.describeStacks(r -> r.stackName("dup"))
                .stacks().get(0).stackStatus() == StackStatus.CREATE_COMPLETE);
        assertThatThrownBy(() -> cloudFormation.updateStack(r -> r.stackName("dup").templateBody(TEMPLATE)))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> assertThat(((CloudFormationException) e).awsErrorDetails().errorMessage())
                        .isEqualTo("No updates are to be performed."));
    }

    @Test
    void validateTemplateNamesTheCapabilityANamedRoleNeeds() {
        var validation = cloudFormation.validateTemplate(r -> r.templateBody("""
                {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "named",
                  "AssumeRolePolicyDocument": {}}}}}"""));

        assertThat(validation.capabilities()).containsExactly(Capability.CAPABILITY_NAMED_IAM);
        assertThat(validation.capabilitiesReason())
                .isEqualTo("The following resource(s) require capabilities: [AWS::IAM::Role]");
    }

    @Test
    void theRawAnswerIsTheAwsQueryXmlWithMillisecondTimestamps() throws Exception {
        cloudFormation.createStack(r -> r.stackName("raw").templateBody(TEMPLATE));

        HttpResponse<String> response = post("Action=DescribeStacks&Version=2010-05-15&StackName=raw");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(response.body())
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeStacksResponse "
                        + "xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><DescribeStacksResult><Stacks>"
                        + "<member><StackId>")
                .containsPattern("<CreationTime>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z</CreationTime>")
                .contains("<Description>protocol &lt;test&gt; &amp; more</Description>")
                .endsWith("</ResponseMetadata></DescribeStacksResponse>");
    }

    @Test
    void anActionItDoesNotImplementGetsOneClearError() throws Exception {
        HttpResponse<String> response = post("Action=CreateChangeSet&Version=2010-05-15");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Type>Sender</Type><Code>InvalidAction</Code>")
                .contains("The action CreateChangeSet is not valid for this web service")
                .doesNotContain("Exception");
    }

    private HttpResponse<String> post(String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
