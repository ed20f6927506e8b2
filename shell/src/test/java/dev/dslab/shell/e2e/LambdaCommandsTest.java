package dev.dslab.shell.e2e;

import dev.dslab.local.LocalTargetContext;
import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.target.TargetConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lambda commands against a real local target: the learner's functions (created with the SDK, as the
 * sandbox stack would), invoked synchronously and asynchronously, their log streams read and followed, and
 * their reserved concurrency set, with bad input as one line and exit code 2.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaCommandsTest {

    static final Path home = TestHomes.create("dslab-lambda");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ada");
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    LocalTarget localTarget;

    ShellRunner shell;

    @BeforeAll
    void startTheTargetWithAFunction() throws IOException {
        shell = new ShellRunner(commandLine);
        TargetConnection connection = localTarget.connect(new PrintWriter(new StringWriter()));
        byte[] jar;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dslab-assets/lambdas.jar")) {
            jar = in.readAllBytes();
        }
        try (LambdaClient lambda = connection.lambda()) {
            for (String name : new String[] {"dslab-ada-probe", "dslab-bob-probe"}) {
                lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA17).role("arn:aws:iam::"
                                + LocalTargetContext.DEFAULT_ACCOUNT_ID + ":role/probe")
                        .handler("dev.dslab.lambdas.probe.ProbeHandler::handleRequest").memorySize(256).timeout(20)
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
            }
        }
    }

    @AfterAll
    void stopTheTarget() {
        localTarget.stop();
        TestHomes.delete(home);
    }

    @Test
    @Order(1)
    void listInvokeLogsAndConcurrencyOfTheLearnersFunction() {
        String list = shell.run("lambda list").expectSuccess().out();
        assertThat(list).contains("NAME", "RUNTIME", "MEMORY", "TIMEOUT", "RESERVED", "dslab-ada-probe", "java17", "256 MB", "20 s")
                .doesNotContain("dslab-bob-probe");

        String invoked = shell.run("lambda invoke probe --payload {\"action\":\"echo\",\"n\":5}").expectSuccess().out();
        assertThat(invoked).contains("Response (request id ", "\"coldStart\":true", "\"n\":5", "Log tail:", "START RequestId",
                "REPORT RequestId", "Init Duration").doesNotContain("Function error");

        String failed = shell.run("lambda invoke dslab-ada-probe --payload {\"action\":\"fail\",\"message\":\"boom\"}").expectSuccess().out();
        assertThat(failed).contains("Function error: Unhandled (dev.dslab.lambdas.probe.ProbeHandler$ProbeFailure)", "boom");

        assertThat(shell.run("lambda invoke probe --async --payload {\"marker\":\"queued-one\"}").expectSuccess().out())
                .contains("Queued dslab-ada-probe (HTTP 202), request id ");
        await().atMost(Duration.ofSeconds(20)).until(() -> shell.run("lambda logs probe").out().contains("marker=queued-one"));
        String logs = shell.run("lambda logs probe").expectSuccess().out();
        assertThat(logs).containsPattern("== \\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}").contains("START RequestId", "boom");

        assertThat(shell.run("lambda concurrency probe").expectSuccess().out())
                .contains("dslab-ada-probe: no reserved concurrency (it shares the unreserved pool); account limit 50, unreserved 50.");
        assertThat(shell.run("lambda concurrency probe 0").expectSuccess().out())
                .contains("dslab-ada-probe now: reserved concurrency 0 (every invoke is throttled); account limit 50, unreserved 50.");
        ShellRunner.Run throttled = shell.run("lambda invoke probe");
        assertThat(throttled.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(throttled.err().strip()).isEqualTo("dslab: dslab-ada-probe throttled: TooManyRequestsException "
                + "(ReservedFunctionConcurrentInvocationLimitExceeded): Rate Exceeded.");
        assertThat(shell.run("lambda list").expectSuccess().out()).containsPattern("dslab-ada-probe +java17 +256 MB +20 s +0");
        ShellRunner.Run tooMuch = shell.run("lambda concurrency probe 50");
        assertThat(tooMuch.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(tooMuch.err().strip()).isEqualTo("dslab: InvalidParameterValueException: Specified ReservedConcurrentExecutions for"
                + " function decreases account's UnreservedConcurrentExecution below its minimum value of [5].");
        assertThat(shell.run("lambda concurrency probe --clear").expectSuccess().out()).contains("dslab-ada-probe now: no reserved concurrency");
    }

    @Test
    @Order(2)
    void followPrintsNewLinesUntilCtrlC() throws Exception {
        AtomicReference<ShellRunner.Run> result = new AtomicReference<>();
        Thread follower = new Thread(() -> result.set(shell.run("lambda logs probe --learner ada --follow")));
        follower.start();
        Thread.sleep(500);
        shell.run("lambda invoke probe --payload {\"marker\":\"followed-one\"}").expectSuccess();
        // Ctrl-C reaches the command as an interrupt of its thread
        await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> true);
        follower.interrupt();
        follower.join(10_000);
        assertThat(result.get().exitCode()).isZero();
        assertThat(result.get().out()).contains("(following dslab-ada-probe's log streams; Ctrl-C stops)", "marker=followed-one");
    }

    @Test
    @Order(3)
    void badInputIsOneLineWithExitCodeTwoAndAMissingFunctionIsOne() {
        assertUsage("lambda invoke probe --payload {not-json", "--payload must be a JSON document");
        assertUsage("lambda concurrency probe lots", "the reserved concurrency is a whole number, 0 or more; got 'lots'");
        assertUsage("lambda concurrency probe 3 --clear", "either a number or --clear, not both");
        assertUsage("lambda invoke 'bad name!'", "is not a function name");
        ShellRunner.Run missing = shell.run("lambda invoke nothing-here");
        assertThat(missing.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(missing.err().strip()).isEqualTo("dslab: no function dslab-ada-nothing-here on the target; 'lambda list' shows yours");
        assertThat(shell.run("lambda logs nothing-here").exitCode()).isEqualTo(CommandLine.FAILED);
    }

    private void assertUsage(String line, String message) {
        ShellRunner.Run run = shell.run(line);
        assertThat(run.exitCode()).as(line).isEqualTo(CommandLine.USAGE);
        assertThat(run.err().strip()).as(line).contains(message).hasLineCount(1);
    }
}
