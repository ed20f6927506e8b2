package dev.dslab.local.lambda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Lambda API's shapes, states and errors, through the SDK's LambdaClient (no function is run here). */
class LambdaApiTest {

    @TempDir
    static Path home;
    static LambdaTestSupport lambda;

    @BeforeAll
    static void start() {
        lambda = new LambdaTestSupport(home);
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    @Test
    void createReportsPendingThenGetReportsActiveWithTheCodeItWasGiven() throws Exception {
        byte[] zip = LambdaTestSupport.probeZip();
        CreateFunctionResponse created = lambda.lambda.createFunction(lambda.probeFunction("api-create")
                .description("the probe").environment(e -> e.variables(Map.of("GREETING", "hello"))).tags(Map.of("learner", "alice"))
                .build());

        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.state()).isEqualTo(State.PENDING);
        assertThat(created.stateReasonCodeAsString()).isEqualTo("Creating");
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:api-create");
        assertThat(created.version()).isEqualTo("$LATEST");
        assertThat(created.codeSha256()).isEqualTo(FunctionCode.sha256(zip));
        assertThat(created.codeSize()).isEqualTo(zip.length);
        assertThat(created.runtime()).isEqualTo(Runtime.JAVA17);
        assertThat(created.memorySize()).isEqualTo(256);
        assertThat(created.timeout()).isEqualTo(30);
        assertThat(created.environment().variables()).containsEntry("GREETING", "hello");

        GetFunctionResponse fetched = lambda.lambda.getFunction(r -> r.functionName("api-create"));
        assertThat(fetched.configuration().state()).isEqualTo(State.ACTIVE);
        assertThat(fetched.configuration().lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(fetched.configuration().description()).isEqualTo("the probe");
        assertThat(fetched.tags()).containsEntry("learner", "alice");
        HttpResponse<byte[]> download = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(fetched.code().location().replace("http://127.0.0.1:9", lambda.endpoint().toString())))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(zip);

        var byArn = lambda.lambda.getFunctionConfiguration(r -> r.functionName(created.functionArn()));
        assertThat(byArn.functionName()).isEqualTo("api-create");
        assertThat(lambda.lambda.listTags(r -> r.resource(created.functionArn())).tags()).containsEntry("learner", "alice");
    }

    @Test
    void updatesReportInProgressAndChangeTheRevision() {
        var created = lambda.lambda.createFunction(lambda.probeFunction("api-update").build());

        UpdateFunctionCodeResponse code = lambda.lambda.updateFunctionCode(r -> r.functionName("api-update")
                .zipFile(SdkBytes.fromByteArray(LambdaTestSupport.probeZipVariant("v2"))));
        assertThat(code.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertThat(code.codeSha256()).isNotEqualTo(created.codeSha256());
        assertThat(code.revisionId()).isNotEqualTo(created.revisionId());

        var configuration = lambda.lambda.updateFunctionConfiguration(r -> r.functionName("api-update").memorySize(512).timeout(5));
        assertThat(configuration.memorySize()).isEqualTo(512);
        assertThat(configuration.timeout()).isEqualTo(5);
        assertThat(configuration.codeSha256()).isEqualTo(code.codeSha256());
        assertThat(lambda.lambda.getFunction(r -> r.functionName("api-update")).configuration().lastUpdateStatus())
                .isEqualTo(LastUpdateStatus.SUCCESSFUL);

        assertThatThrownBy(() -> lambda.lambda.updateFunctionConfiguration(r -> r.functionName("api-update")
                .revisionId(created.revisionId()).timeout(6)))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    }

    @Test
    void listFunctionsPagesInNameOrderWithoutTheStateFields() {
        for (String name : List.of("page-c", "page-a", "page-e", "page-b", "page-d")) {
            lambda.createProbe(name);
        }
        List<String> seen = lambda.lambda.listFunctionsPaginator(r -> r.maxItems(2)).functions().stream()
                .map(FunctionConfiguration::functionName)
                .filter(name -> name.startsWith("page-"))
                .toList();
        assertThat(seen).containsExactly("page-a", "page-b", "page-c", "page-d", "page-e");

        var firstPage = lambda.lambda.listFunctions(r -> r.maxItems(2));
        assertThat(firstPage.functions()).hasSize(2);
        assertThat(firstPage.nextMarker()).isNotBlank();
        assertThat(firstPage.functions().get(0).state()).isNull();
        var secondPage = lambda.lambda.listFunctions(r -> r.maxItems(2).marker(firstPage.nextMarker()));
        assertThat(secondPage.functions()).extracting(FunctionConfiguration::functionName)
                .doesNotContainAnyElementsOf(firstPage.functions().stream().map(FunctionConfiguration::functionName).toList());
    }

    @Test
    void unknownFunctionsAreResourceNotFoundWithTheirArn() {
        assertThatThrownBy(() -> lambda.lambda.getFunction(r -> r.functionName("nope")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
                });
        assertThatThrownBy(() -> lambda.lambda.invoke(r -> r.functionName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> lambda.lambda.deleteFunction(r -> r.functionName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        lambda.createProbe("api-qualified");
        assertThatThrownBy(() -> lambda.lambda.getFunction(r -> r.functionName("api-qualified").qualifier("7")))
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:api-qualified:7");
    }

    @Test
    void badRequestsGetTheErrorsLambdaGives() {
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-runtime").runtime(Runtime.PYTHON3_12).build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("python3.12").hasMessageContaining("java11, java17, java21");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-memory").memorySize(64).build()))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '64' at"
                            + " 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128");
                });
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-timeout").timeout(901).build()))
                .hasMessageContaining("at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-role").role("probe-role").build()))
                .hasMessageContaining("at 'role' failed to satisfy constraint");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-zip")
                .code(c -> c.zipFile(SdkBytes.fromUtf8String("not a zip"))).build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Could not unzip uploaded file");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-env")
                .environment(e -> e.variables(Map.of("AWS_REGION", "eu-west-1"))).build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Reserved keys used in this request: AWS_REGION");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-layers").layers("arn:aws:lambda:us-east-1:000000000000:layer:x:1").build()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Layers is not supported by the dslab local target");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("bad-s3")
                .code(c -> c.s3Bucket("assets").s3Key("probe.zip")).build()))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(500));

        lambda.createProbe("api-duplicate");
        assertThatThrownBy(() -> lambda.lambda.createFunction(lambda.probeFunction("api-duplicate").build()))
                .isInstanceOfSatisfying(ResourceConflictException.class, e ->
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Function already exist: api-duplicate"));

        assertThatThrownBy(() -> lambda.lambda.invoke(r -> r.functionName("api-duplicate").payload(SdkBytes.fromUtf8String("{not json"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestContentException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Could not parse request body into json");
                });
        assertThatThrownBy(() -> lambda.lambda.invoke(r -> r.functionName("api-duplicate").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"pad\":\"" + "x".repeat(1_048_576) + "\"}"))))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.statusCode()).isEqualTo(413));
        assertThat(lambda.lambda.invoke(r -> r.functionName("api-duplicate").invocationType(InvocationType.DRY_RUN)).statusCode())
                .isEqualTo(204);
        assertThatThrownBy(() -> lambda.lambda.publishVersion(r -> r.functionName("api-duplicate")))
                .isInstanceOfSatisfying(LambdaException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("does not implement POST");
                });
    }

    @Test
    void tagsCanBeAddedAndRemoved() {
        String arn = lambda.lambda.createFunction(lambda.probeFunction("api-tags").build()).functionArn();
        lambda.lambda.tagResource(r -> r.resource(arn).tags(Map.of("a", "1", "b", "2")));
        lambda.lambda.untagResource(r -> r.resource(arn).tagKeys("a"));
        assertThat(lambda.lambda.listTags(r -> r.resource(arn)).tags()).containsExactlyEntriesOf(Map.of("b", "2"));
    }
}
