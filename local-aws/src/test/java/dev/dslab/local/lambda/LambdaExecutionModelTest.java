package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lambda's execution model in a real daemon through its edge, with the SDK's LambdaClient unchanged:
 * concurrency and throttling, asynchronous invocation with retries and destinations, log streams, the
 * errors of an environment that runs out of memory or exits, idle reaping, and the {@code lambda/settings}
 * control. One daemon for the class; each test uses its own functions.
 */
class LambdaExecutionModelTest {

    private static final String FAILURE_RECORD_KEY =
            "aws/lambda/async/async-fail/\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLEEP = "{\"action\":\"sleep\",\"millis\":2500}";

    @TempDir
    static Path home;
    static LocalTargetClient target;
    static URI edge;
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        target = new LocalTargetClient(home);
        edge = target.ensureRunning(0).edge();
        lambda = LambdaTestSupport.client(edge);
        target.control("lambda/settings", Map.of("asyncRetryBaseMillis", 300));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        target.stop();
    }

    @Test
    void reservedConcurrencyCapsTheFunctionAndZeroStopsIt() {
        create("reserved", 256);
        lambda.putFunctionConcurrency(r -> r.functionName("reserved").reservedConcurrentExecutions(1));
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName("reserved")).reservedConcurrentExecutions()).isEqualTo(1);
        assertThat(lambda.getFunction(r -> r.functionName("reserved")).concurrency().reservedConcurrentExecutions()).isEqualTo(1);

        CompletableFuture<InvokeResponse> busy = CompletableFuture.supplyAsync(() -> invoke("reserved", SLEEP));
        await().atMost(Duration.ofSeconds(20)).until(() -> functionState("reserved").path("concurrentExecutions").asInt() == 1);
        assertThatThrownBy(() -> invoke("reserved", "{}")).isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.reason()).isEqualTo(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate Exceeded.");
        });
        assertThat(busy.join().functionError()).isNull();
        assertThat(invoke("reserved", "{}").functionError()).as("the share is free again").isNull();

        lambda.putFunctionConcurrency(r -> r.functionName("reserved").reservedConcurrentExecutions(0));
        assertThatThrownBy(() -> invoke("reserved", "{}")).isInstanceOf(TooManyRequestsException.class);

        lambda.deleteFunctionConcurrency(r -> r.functionName("reserved"));
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName("reserved")).reservedConcurrentExecutions()).isNull();
        assertThat(invoke("reserved", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void theAccountLimitThrottlesUnreservedFunctionsAndKeepsATenthUnreserved() {
        create("account-a", 256);
        create("account-b", 256);
        target.control("lambda/settings", Map.of("accountConcurrency", 3));
        try {
            assertThatThrownBy(() -> lambda.putFunctionConcurrency(r -> r.functionName("account-a").reservedConcurrentExecutions(3)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("decreases account's UnreservedConcurrentExecution below its minimum value of [1]");
            lambda.putFunctionConcurrency(r -> r.functionName("account-a").reservedConcurrentExecutions(2));
            GetAccountSettingsResponse settings = lambda.getAccountSettings(r -> { });
            assertThat(settings.accountLimit().concurrentExecutions()).isEqualTo(3);
            assertThat(settings.accountLimit().unreservedConcurrentExecutions()).isEqualTo(1);
            assertThat(settings.accountUsage().functionCount()).isGreaterThanOrEqualTo(2);
            assertThatThrownBy(() -> target.control("lambda/settings", Map.of("accountConcurrency", 2)))
                    .isInstanceOf(LocalTargetException.class).hasMessageContaining("at least 1 (a tenth) must stay unreserved");

            CompletableFuture<InvokeResponse> busy = CompletableFuture.supplyAsync(() -> invoke("account-b", SLEEP));
            await().atMost(Duration.ofSeconds(20)).until(() -> functionState("account-b").path("concurrentExecutions").asInt() == 1);
            assertThatThrownBy(() -> invoke("account-b", "{}")).isInstanceOfSatisfying(TooManyRequestsException.class,
                    e -> assertThat(e.reason()).isEqualTo(ThrottleReason.CONCURRENT_INVOCATION_LIMIT_EXCEEDED));
            assertThat(invoke("account-a", "{}").functionError()).as("the reserved share is still there").isNull();
            busy.join();
        } finally {
            lambda.deleteFunctionConcurrency(r -> r.functionName("account-a"));
            target.control("lambda/settings", Map.of("accountConcurrency", 50));
        }
    }

    @Test
    void anAsyncEventIsRetriedThenItsRecordGoesToTheFailureBucket() throws Exception {
        create("async-fail", 256);
        try (S3Client s3 = EdgeClients.of(edge).s3()) {
            s3.createBucket(b -> b.bucket("failed-events"));
            assertThatThrownBy(() -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("async-fail").maximumRetryAttempts(3)))
                    .isInstanceOf(software.amazon.awssdk.services.lambda.model.LambdaException.class).hasMessageContaining("less than or equal to 2");
            assertThatThrownBy(() -> lambda.putFunctionEventInvokeConfig(r -> r.functionName("async-fail")
                    .destinationConfig(d -> d.onSuccess(s -> s.destination("arn:aws:s3:::failed-events")))))
                    .isInstanceOf(InvalidParameterValueException.class);
            var config = lambda.putFunctionEventInvokeConfig(r -> r.functionName("async-fail").maximumRetryAttempts(1)
                    .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:s3:::failed-events"))));
            assertThat(config.maximumRetryAttempts()).isEqualTo(1);
            assertThat(lambda.updateFunctionEventInvokeConfig(r -> r.functionName("async-fail").maximumEventAgeInSeconds(600))
                    .maximumRetryAttempts()).as("an update keeps what it does not name").isEqualTo(1);
            assertThat(lambda.listFunctionEventInvokeConfigs(r -> r.functionName("async-fail")).functionEventInvokeConfigs())
                    .singleElement().satisfies(c -> assertThat(c.maximumEventAgeInSeconds()).isEqualTo(600));

            InvokeResponse accepted = lambda.invoke(r -> r.functionName("async-fail").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\",\"message\":\"poison\"}")));
            assertThat(accepted.statusCode()).isEqualTo(202);

            // S3Proxy's NIO2 store writes a blob under "<key>-<uuid>" and then renames it, and its listing can show that
            // file mid-write; a listing of exactly one record with the documented key shape is the record itself
            S3Object stored = await().atMost(Duration.ofSeconds(30)).until(() -> s3.listObjectsV2(r -> r.bucket("failed-events")).contents(),
                    contents -> contents.size() == 1 && contents.get(0).key().matches(FAILURE_RECORD_KEY)).get(0);
            assertThat(stored.key()).matches(FAILURE_RECORD_KEY);
            JsonNode record = JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("failed-events").key(stored.key())).asByteArray());
            assertThat(record.path("version").asText()).isEqualTo("1.0");
            assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
            assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
            assertThat(record.at("/requestContext/requestId").asText()).isEqualTo(accepted.responseMetadata().requestId());
            assertThat(record.at("/requestContext/functionArn").asText()).endsWith(":function:async-fail:$LATEST");
            assertThat(record.at("/requestPayload/message").asText()).isEqualTo("poison");
            assertThat(record.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");
            assertThat(record.at("/responsePayload/errorMessage").asText()).isEqualTo("poison");
        }
        lambda.deleteFunctionEventInvokeConfig(r -> r.functionName("async-fail"));
        assertThatThrownBy(() -> lambda.getFunctionEventInvokeConfig(r -> r.functionName("async-fail")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("doesn't have an EventInvokeConfig");
    }

    @Test
    void aThrottledAsyncEventWaitsInTheQueueAndItsSuccessGoesToAFunction() {
        create("async-ok", 256);
        create("async-destination", 256);
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("async-ok").destinationConfig(d -> d.onSuccess(s -> s.destination(
                "arn:aws:lambda:us-east-1:000000000000:function:async-destination"))));
        lambda.putFunctionConcurrency(r -> r.functionName("async-ok").reservedConcurrentExecutions(0));

        InvokeResponse accepted = lambda.invoke(r -> r.functionName("async-ok").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\":42}")));

        assertThat(accepted.statusCode()).isEqualTo(202);
        // throttled attempts put the event back in the queue: it stays there while the reservation is 0
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> functionState("async-ok").path("queuedEvents").asInt() == 1);
        assertThat(logsOf("async-ok")).isEmpty();
        lambda.deleteFunctionConcurrency(r -> r.functionName("async-ok"));
        await().atMost(Duration.ofSeconds(30)).until(() -> logsOf("async-destination").contains("condition=Success"));
        String received = logsOf("async-destination");
        assertThat(received).contains("requestId=" + accepted.responseMetadata().requestId()).contains("requestPayload={n=42}")
                .contains("approximateInvokeCount=1");
        assertThat(functionState("async-ok").path("queuedEvents").asInt()).isZero();
    }

    @Test
    void dryRunChecksWithoutRunning() {
        create("dry", 256);
        InvokeResponse response = lambda.invoke(r -> r.functionName("dry").invocationType(InvocationType.DRY_RUN));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(functionState("dry").path("idleEnvironments").asInt()).isZero();
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("no-such").invocationType(InvocationType.DRY_RUN)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void eachEnvironmentWritesALogStreamAndTailIsItsLast4Kb() throws Exception {
        create("logs", 256);
        String big = "x".repeat(10_000);
        InvokeResponse cold = invoke("logs", "{\"big\":\"" + big + "\"}");

        byte[] tail = java.util.Base64.getDecoder().decode(cold.logResult());
        assertThat(tail).hasSize(4096);
        assertThat(new String(tail, StandardCharsets.UTF_8)).containsPattern("REPORT RequestId: \\S+\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\t"
                + "Memory Size: 256 MB\tMax Memory Used: \\d+ MB\tInit Duration: [0-9.]+ ms");
        List<Path> streams = streamsOf("logs");
        assertThat(streams).singleElement().satisfies(stream -> {
            assertThat(home.resolve("lambda/logs/logs").relativize(stream).toString())
                    .matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
            assertThat(Files.readString(stream)).contains("START RequestId: " + cold.responseMetadata().requestId() + " Version: $LATEST",
                    "END RequestId: " + cold.responseMetadata().requestId(), big);
        });
    }

    @Test
    void runningOutOfMemoryOrExitingEndsTheEnvironmentWithLambdasErrorType() throws Exception {
        create("oom", 256);
        invoke("oom", "{}");

        InvokeResponse oom = invoke("oom", "{\"action\":\"allocate\",\"mb\":600}");

        assertThat(oom.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(oom.payload().asByteArray());
        assertThat(error.path("errorType").asText()).isEqualTo("Runtime.OutOfMemory");
        assertThat(error.path("errorMessage").asText()).matches("RequestId: \\S+ Error: Runtime exited with error: signal: killed");
        assertThat(LambdaTestSupport.logTail(oom)).contains("Max Memory Used: 256 MB").contains("Status: error\tError Type: Runtime.OutOfMemory");
        assertThat(functionState("oom").path("idleEnvironments").asInt()).isZero();

        InvokeResponse exited = invoke("oom", "{\"action\":\"exit\",\"status\":3}");
        assertThat(JSON.readTree(exited.payload().asByteArray()).path("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(JSON.readTree(exited.payload().asByteArray()).path("errorMessage").asText()).endsWith("Runtime exited with error: exit status 3");
        assertThat(LambdaTestSupport.logTail(exited)).contains("Error Type: Runtime.ExitError");
    }

    @Test
    void theCallerHasTheAnswerWhenTheRuntimePostsItWhileTheEnvironmentStaysBusyUntilNext() throws Exception {
        byte[] zip = handlerZip(AnswerThenWorkHandler.class);
        lambda.createFunction(r -> r.functionName("early").runtime(software.amazon.awssdk.services.lambda.model.Runtime.JAVA17)
                .role(LambdaTestSupport.ROLE).handler(AnswerThenWorkHandler.class.getName() + "::handleRequest").timeout(30).memorySize(256)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        String firstEnvironment = environmentOf(invokeWithoutTail("early", "{}"));

        InvokeResponse answered = invokeWithoutTail("early", "{\"workAfterAnswerMillis\":6000}");

        // the runtime posted the answer and works on: the caller has it, the environment is still busy
        assertThat(answered.functionError()).isNull();
        assertThat(environmentOf(answered)).isEqualTo(firstEnvironment);
        assertThat(functionState("early").path("busyEnvironments").asInt()).isEqualTo(1);
        // one request per environment: a request now is not handed to the busy environment, a new one serves it
        assertThat(environmentOf(invokeWithoutTail("early", "{}"))).isNotEqualTo(firstEnvironment);
        // the invocation ends when the runtime asks for the next event: its REPORT counts the work after the answer
        String requestId = answered.responseMetadata().requestId();
        await().atMost(Duration.ofSeconds(30)).until(() -> logsOf("early").contains("REPORT RequestId: " + requestId));
        java.util.regex.Matcher report = java.util.regex.Pattern.compile("REPORT RequestId: " + requestId + "\tDuration: ([0-9.]+) ms")
                .matcher(logsOf("early"));
        assertThat(report.find()).isTrue();
        assertThat(Double.parseDouble(report.group(1))).isGreaterThanOrEqualTo(6000);
    }

    @Test
    void idleEnvironmentsAreReapedAfterTheConfiguredTime() {
        create("reaped", 256);
        JsonNode settings = target.control("lambda/settings", Map.of("idleReapMillis", 800));
        try {
            assertThat(settings.path("idleReapMillis").asLong()).isEqualTo(800);
            invoke("reaped", "{}");
            await().atMost(Duration.ofSeconds(10)).until(() -> functionState("reaped").path("idleEnvironments").asInt() == 0);
            assertThat(JSON.readTree(invoke("reaped", "{}").payload().asByteArray()).path("coldStart").asBoolean()).isTrue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            target.control("lambda/settings", Map.of("idleReapMillis", 600_000));
        }
        assertThatThrownBy(() -> target.control("lambda/settings", Map.of("idleReapMillis", 5)))
                .isInstanceOf(LocalTargetException.class).hasMessage("idleReapMillis must be from 100 to 3600000; got 5");
        assertThatThrownBy(() -> target.control("lambda/settings", Map.of("accountConcurency", 5)))
                .isInstanceOf(LocalTargetException.class).hasMessageContaining("unknown setting 'accountConcurency'");
    }

    private static void create(String name, int memory) {
        lambda.createFunction(r -> r.functionName(name).runtime(software.amazon.awssdk.services.lambda.model.Runtime.JAVA17)
                .role(LambdaTestSupport.ROLE).handler(LambdaTestSupport.PROBE_HANDLER).timeout(30).memorySize(memory)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaTestSupport.probeZip()))));
    }

    private static InvokeResponse invoke(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).logType(software.amazon.awssdk.services.lambda.model.LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(payload)));
    }

    private static InvokeResponse invokeWithoutTail(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static String environmentOf(InvokeResponse response) throws java.io.IOException {
        return JSON.readTree(response.payload().asByteArray()).path("environment").asText();
    }

    /** A deployment package holding one compiled class of the test classpath. */
    private static byte[] handlerZip(Class<?> handler) throws java.io.IOException {
        String entry = handler.getName().replace('.', '/') + ".class";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes);
             java.io.InputStream in = handler.getClassLoader().getResourceAsStream(entry)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(entry));
            in.transferTo(zip);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static JsonNode functionState(String function) {
        return target.control("lambda/settings", null).path("functions").path(function);
    }

    private static List<Path> streamsOf(String function) throws java.io.IOException {
        Path directory = home.resolve("lambda/logs").resolve(function);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String logsOf(String function) {
        StringBuilder all = new StringBuilder();
        try {
            for (Path stream : streamsOf(function)) {
                all.append(Files.readString(stream));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all.toString();
    }
}
