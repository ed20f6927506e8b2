package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.edge.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Synchronous invocations in real child JVMs running the AWS Lambda Java runtime interface client. */
class LambdaInvokeTest {

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
    void aColdStartThenAWarmStartInTheSameEnvironment() throws Exception {
        lambda.lambda.createFunction(lambda.probeFunction("probe-warm")
                .environment(e -> e.variables(Map.of("GREETING", "hello"))).build());

        InvokeResponse cold = lambda.invoke("probe-warm", "{\"action\":\"echo\",\"n\":1}");
        InvokeResponse warm = lambda.invoke("probe-warm", "{\"action\":\"echo\",\"n\":2}");

        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(cold.functionError()).isNull();
        assertThat(cold.executedVersion()).isEqualTo("$LATEST");
        JsonNode first = LambdaTestSupport.json(cold);
        JsonNode second = LambdaTestSupport.json(warm);
        assertThat(first.get("coldStart").asBoolean()).isTrue();
        assertThat(second.get("coldStart").asBoolean()).isFalse();
        assertThat(second.get("environmentId").asText()).isEqualTo(first.get("environmentId").asText());
        assertThat(second.get("invocation").asInt()).isEqualTo(2);
        assertThat(first.get("functionName").asText()).isEqualTo("probe-warm");
        assertThat(first.get("memoryLimitMb").asInt()).isEqualTo(256);
        assertThat(first.get("requestId").asText()).isEqualTo(cold.responseMetadata().requestId());
        assertThat(first.get("input").get("n").asInt()).isEqualTo(1);

        String coldLog = LambdaTestSupport.logTail(cold);
        String warmLog = LambdaTestSupport.logTail(warm);
        String coldId = first.get("requestId").asText();
        assertThat(coldLog).contains("START RequestId: " + coldId + " Version: $LATEST")
                .contains("cold start, invocation 1 of environment " + first.get("environmentId").asText())
                .contains("END RequestId: " + coldId)
                .containsPattern("REPORT RequestId: " + coldId + "\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\t"
                        + "Memory Size: 256 MB\tMax Memory Used: [1-9][0-9]* MB\tInit Duration: [0-9.]+ ms");
        assertThat(warmLog).contains("warm start, invocation 2").contains("REPORT RequestId: " + second.get("requestId").asText())
                .doesNotContain("Init Duration").doesNotContain("cold start");

        try (var logs = Files.walk(home.resolve("lambda/logs/probe-warm"))) {
            String environmentLog = Files.readString(logs.filter(Files::isRegularFile).findFirst().orElseThrow());
            assertThat(environmentLog).contains("START RequestId: " + coldId, "START RequestId: " + second.get("requestId").asText());
        }
        List<ServiceProcess> processes = lambda.service.processes();
        assertThat(processes).filteredOn(p -> p.name().startsWith("lambda probe-warm ")).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ServiceProcess.CHILD);
            assertThat(p.state()).isEqualTo("idle");
            assertThat(p.port()).isPositive();
            assertThat(ProcessHandle.of(p.pid())).get().matches(ProcessHandle::isAlive);
        });
    }

    @Test
    void concurrentInvocationsRunInSeparateEnvironments() throws Exception {
        lambda.createProbe("probe-concurrent");
        String sleep = "{\"action\":\"sleep\",\"millis\":1500}";
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<InvokeResponse> first = callers.submit(() -> lambda.invoke("probe-concurrent", sleep));
            Future<InvokeResponse> second = callers.submit(() -> lambda.invoke("probe-concurrent", sleep));
            JsonNode one = LambdaTestSupport.json(first.get(60, TimeUnit.SECONDS));
            JsonNode two = LambdaTestSupport.json(second.get(60, TimeUnit.SECONDS));
            assertThat(one.get("environmentId").asText()).isNotEqualTo(two.get("environmentId").asText());
            assertThat(one.get("coldStart").asBoolean()).isTrue();
            assertThat(two.get("coldStart").asBoolean()).isTrue();
        } finally {
            callers.shutdownNow();
        }
        assertThat(lambda.service.processes()).filteredOn(p -> p.name().startsWith("lambda probe-concurrent ")).hasSize(2)
                .allSatisfy(p -> assertThat(p.state()).isEqualTo("idle"));
    }

    @Test
    void theJsonLogFormatIsTheRuntimeInterfaceClients() {
        lambda.lambda.createFunction(lambda.probeFunction("probe-json-logs").loggingConfig(l -> l.logFormat(LogFormat.JSON)).build());

        InvokeResponse response = lambda.invoke("probe-json-logs", "{}");

        assertThat(LambdaTestSupport.logTail(response))
                .contains("\"message\":\"cold start, invocation 1 of environment")
                .contains("\"AWSRequestId\":\"" + response.responseMetadata().requestId() + "\"");
    }

    @Test
    void theInProcessEntryPointCountsConcurrencyAndThrottlesWithATypedException() throws Exception {
        lambda.createProbe("probe-in-process");
        lambda.lambda.putFunctionConcurrency(r -> r.functionName("probe-in-process").reservedConcurrentExecutions(0));
        assertThatThrownBy(() -> lambda.service.invoke("probe-in-process", "{}".getBytes()))
                .isInstanceOfSatisfying(ThrottledException.class, e -> assertThat(e.reason()).isEqualTo(ThrottledException.RESERVED_LIMIT));
        lambda.lambda.deleteFunctionConcurrency(r -> r.functionName("probe-in-process"));

        InvocationResult result = lambda.service.invoke(lambda.service.functionArn("probe-in-process"), "{\"n\":7}".getBytes());

        assertThat(result.functionError()).isFalse();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.payload()).at("/input/n").asInt()).isEqualTo(7);
        assertThat(new String(result.log())).contains("REPORT RequestId");
        assertThatThrownBy(() -> lambda.service.invoke("no-such-function", new byte[0]))
                .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aHandlerExceptionIsAnUnhandledFunctionError() {
        lambda.createProbe("probe-fail");

        InvokeResponse failed = lambda.invoke("probe-fail", "{\"action\":\"fail\",\"message\":\"asked to fail\"}");

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode error = LambdaTestSupport.json(failed);
        assertThat(error.get("errorType").asText()).isEqualTo("dev.dslab.lambdas.probe.ProbeHandler$ProbeFailure");
        assertThat(error.get("errorMessage").asText()).isEqualTo("asked to fail");
        assertThat(error.get("stackTrace").isArray()).isTrue();
        assertThat(LambdaTestSupport.logTail(failed)).contains("asked to fail").contains("END RequestId");

        InvokeResponse after = lambda.invoke("probe-fail", "{}");
        assertThat(after.functionError()).isNull();
        assertThat(LambdaTestSupport.json(after).get("coldStart").asBoolean()).as("the environment survives a handler error").isFalse();
    }

    @Test
    void aTimeoutKillsTheEnvironmentAndTheNextInvokeIsCold() {
        lambda.lambda.createFunction(lambda.probeFunction("probe-timeout").timeout(2).build());
        InvokeResponse warmUp = lambda.invoke("probe-timeout", "{}");
        ProcessHandle environment = onlyEnvironmentOf("probe-timeout");

        InvokeResponse timedOut = lambda.invoke("probe-timeout", "{\"action\":\"sleep\",\"millis\":20000}");

        assertThat(timedOut.statusCode()).isEqualTo(200);
        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        JsonNode error = LambdaTestSupport.json(timedOut);
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.get("errorMessage").asText())
                .matches("RequestId: [0-9a-f-]{36} Error: Task timed out after 2\\.00 seconds");
        assertThat(LambdaTestSupport.logTail(timedOut)).contains("Task timed out after 2.00 seconds").contains("Status: timeout");
        assertThat(environment.isAlive()).isFalse();

        JsonNode next = LambdaTestSupport.json(lambda.invoke("probe-timeout", "{}"));
        assertThat(next.get("coldStart").asBoolean()).isTrue();
        assertThat(next.get("environmentId").asText()).isNotEqualTo(LambdaTestSupport.json(warmUp).get("environmentId").asText());
    }

    @Test
    void aCrashedRuntimeIsARuntimeExitError() {
        // a metaspace far too small for any JVM makes the environment fail before the runtime starts
        lambda.lambda.createFunction(lambda.probeFunction("probe-crash")
                .environment(e -> e.variables(Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxMetaspaceSize=1m"))).build());

        InvokeResponse crashed = lambda.invoke("probe-crash", "{}");

        assertThat(crashed.functionError()).isEqualTo("Unhandled");
        JsonNode error = LambdaTestSupport.json(crashed);
        assertThat(error.get("errorType").asText()).isEqualTo("Runtime.ExitError");
        assertThat(error.get("errorMessage").asText()).matches("RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status [0-9]+");
        assertThat(lambda.service.processes()).noneMatch(p -> p.name().contains("probe-crash"));
    }

    @Test
    void aMissingHandlerClassIsReportedAsTheRuntimeReportsIt() {
        lambda.lambda.createFunction(lambda.probeFunction("probe-nohandler").handler("dev.dslab.Missing::handleRequest").build());

        InvokeResponse failed = lambda.invoke("probe-nohandler", "{}");

        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(LambdaTestSupport.json(failed).get("errorMessage").asText()).contains("dev.dslab.Missing");
    }

    @Test
    void updatingCodeOrConfigurationRetiresTheEnvironments() {
        lambda.createProbe("probe-update");
        String firstEnvironment = LambdaTestSupport.json(lambda.invoke("probe-update", "{}")).get("environmentId").asText();
        ProcessHandle firstProcess = onlyEnvironmentOf("probe-update");

        lambda.lambda.updateFunctionCode(r -> r.functionName("probe-update")
                .zipFile(SdkBytes.fromByteArray(LambdaTestSupport.probeZipVariant("v2"))));

        await().atMost(Duration.ofSeconds(10)).until(() -> !firstProcess.isAlive());
        JsonNode afterCode = LambdaTestSupport.json(lambda.invoke("probe-update", "{}"));
        assertThat(afterCode.get("coldStart").asBoolean()).isTrue();
        assertThat(afterCode.get("environmentId").asText()).isNotEqualTo(firstEnvironment);
        ProcessHandle secondProcess = onlyEnvironmentOf("probe-update");

        lambda.lambda.updateFunctionConfiguration(r -> r.functionName("probe-update").memorySize(384));

        await().atMost(Duration.ofSeconds(10)).until(() -> !secondProcess.isAlive());
        JsonNode afterConfiguration = LambdaTestSupport.json(lambda.invoke("probe-update", "{}"));
        assertThat(afterConfiguration.get("coldStart").asBoolean()).isTrue();
        assertThat(afterConfiguration.get("memoryLimitMb").asInt()).isEqualTo(384);
    }

    @Test
    void deletingAFunctionKillsItsEnvironmentsAndRemovesItsCode() throws Exception {
        lambda.createProbe("probe-delete");
        lambda.invoke("probe-delete", "{}");
        ProcessHandle environment = onlyEnvironmentOf("probe-delete");

        lambda.lambda.deleteFunction(r -> r.functionName("probe-delete"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !environment.isAlive());
        assertThatThrownBy(() -> lambda.invoke("probe-delete", "{}")).isInstanceOf(ResourceNotFoundException.class);
        Path code = home.resolve("lambda").resolve("code").resolve("probe-delete");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var left = Files.list(code)) {
                return left.findAny().isEmpty();
            }
        });
    }

    @Test
    void closingTheServiceKillsEveryEnvironment(@TempDir Path ownHome) {
        List<ProcessHandle> environments;
        try (LambdaTestSupport own = new LambdaTestSupport(ownHome)) {
            own.createProbe("probe-close");
            own.invoke("probe-close", "{}");
            environments = own.service.processes().stream().map(p -> ProcessHandle.of(p.pid()).orElseThrow()).toList();
            assertThat(environments).hasSize(1).allMatch(ProcessHandle::isAlive);
        }
        assertThat(environments).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void anEnvironmentIdleLongerThanItsLifetimeIsShutDown(@TempDir Path ownHome) {
        try (LambdaTestSupport own = new LambdaTestSupport(ownHome, Duration.ofSeconds(1))) {
            own.createProbe("probe-idle");
            String first = LambdaTestSupport.json(own.invoke("probe-idle", "{}")).get("environmentId").asText();
            ProcessHandle environment = ProcessHandle.of(own.service.processes().get(0).pid()).orElseThrow();

            await().atMost(Duration.ofSeconds(15)).until(() -> !environment.isAlive());

            JsonNode next = LambdaTestSupport.json(own.invoke("probe-idle", "{}"));
            assertThat(next.get("coldStart").asBoolean()).isTrue();
            assertThat(next.get("environmentId").asText()).isNotEqualTo(first);
        }
    }

    private static ProcessHandle onlyEnvironmentOf(String function) {
        List<ProcessHandle> processes = lambda.service.processes().stream()
                .filter(p -> p.name().startsWith("lambda " + function + " "))
                .map(p -> ProcessHandle.of(p.pid()).orElseThrow())
                .toList();
        assertThat(processes).hasSize(1);
        return processes.get(0);
    }
}
