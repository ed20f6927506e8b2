package dev.dslab.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.local.lambda.LambdaTestSupport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Lambda service inside a real daemon, reached through the edge: code fetched from the daemon's S3,
 * the environments listed by `local status`, the aws CLI as a client, and no environment outliving a
 * daemon killed with SIGKILL.
 */
class LambdaThroughEdgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aFunctionDeployedFromS3RunsColdThenWarmAndDiesWithTheDaemon() throws Exception {
        LocalTargetClient target = new LocalTargetClient(home);
        LocalTargetStatus started = target.ensureRunning(0);
        URI edge = started.edge();
        try (S3Client s3 = EdgeClients.of(edge).s3(); LambdaClient lambda = EdgeClients.of(edge).lambda()) {
            s3.createBucket(b -> b.bucket("dslab-assets"));
            s3.putObject(p -> p.bucket("dslab-assets").key("probe.zip"), RequestBody.fromBytes(LambdaTestSupport.probeZip()));

            var created = lambda.createFunction(f -> f.functionName("edge-probe").runtime(Runtime.JAVA17)
                    .role("arn:aws:iam::000000000000:role/dslab-probe")
                    .handler("dev.dslab.lambdas.probe.ProbeHandler::handleRequest")
                    .code(c -> c.s3Bucket("dslab-assets").s3Key("probe.zip")));
            assertThat(created.state()).isEqualTo(State.PENDING);
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("edge-probe"));

            InvokeResponse cold = lambda.invoke(r -> r.functionName("edge-probe").logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));
            InvokeResponse warm = lambda.invoke(r -> r.functionName("edge-probe").logType(LogType.TAIL)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));
            JsonNode first = JSON.readTree(cold.payload().asByteArray());
            JsonNode second = JSON.readTree(warm.payload().asByteArray());
            assertThat(first.get("coldStart").asBoolean()).isTrue();
            assertThat(second.get("coldStart").asBoolean()).isFalse();
            assertThat(second.get("environmentId")).isEqualTo(first.get("environmentId"));
            assertThat(tail(cold)).contains("Init Duration");
            assertThat(tail(warm)).doesNotContain("Init Duration");

            JsonNode cli = awsCliInvoke(edge, "edge-probe");
            assertThat(cli.get("StatusCode").asInt()).isEqualTo(200);
            assertThat(cli.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
            assertThat(new String(Base64.getDecoder().decode(cli.get("LogResult").asText()), StandardCharsets.UTF_8))
                    .contains("warm start, invocation 3");
        }

        List<LocalTargetStatus.Component> environments = target.status().components().stream()
                .filter(component -> component.name().startsWith("lambda edge-probe ")).toList();
        assertThat(environments).singleElement().satisfies(environment -> {
            assertThat(environment.kind()).isEqualTo("child");
            assertThat(environment.state()).isEqualTo("idle");
            assertThat(environment.rssBytes()).isPositive();
        });
        ProcessHandle environment = ProcessHandle.of(environments.get(0).pid()).orElseThrow();

        ProcessHandle.of(started.pid()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).until(() -> !environment.isAlive());
        target.stop();
    }

    /**
     * The aws CLI (v1 or v2: no payload, whose encoding flags differ between them), configured only by the
     * environment `sandbox env` exports.
     */
    private JsonNode awsCliInvoke(URI edge, String function) throws IOException, InterruptedException {
        Path out = home.resolve("cli-response.json");
        ProcessBuilder builder = new ProcessBuilder("aws", "lambda", "invoke", "--function-name", function,
                "--log-type", "Tail", out.toString())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ENDPOINT_URL", edge.toString());
        environment.put("AWS_REGION", LocalTargetContext.DEFAULT_REGION);
        environment.put("AWS_DEFAULT_REGION", LocalTargetContext.DEFAULT_REGION);
        environment.put("AWS_ACCESS_KEY_ID", LocalTargetContext.ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalTargetContext.SECRET_ACCESS_KEY);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        JsonNode response = JSON.readTree(Files.readAllBytes(out));
        assertThat(response.path("coldStart").isBoolean()).as(response.toString()).isTrue();
        assertThat(response.get("coldStart").asBoolean()).isFalse();
        return JSON.readTree(output);
    }

    private static String tail(InvokeResponse response) {
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

}
