package dev.dslab.shell.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian awscli package, unchanged, against a sandbox through `eval "$(dslab sandbox env)"`: the README's
 * promise. Debian 12 ships awscli 2.9.19, which predates AWS_ENDPOINT_URL; the exports cover that.
 */
class AwsCliIT {

    private static final Path DEBIAN_AWS = Path.of("/usr/bin/aws");

    @TempDir
    Path home;

    DslabProcess dslab;

    @AfterEach
    void stopTarget() {
        if (dslab != null) {
            dslab.run("local", "stop");
        }
    }

    @Test
    void theAwsCliReachesEveryServiceOfTheSandbox() throws Exception {
        assumeTrue(Files.isExecutable(DEBIAN_AWS), "skipped: the Debian awscli package is not installed (apt-get install awscli)");
        dslab = new DslabProcess(home, Map.of());
        dslab.run("sandbox", "up", "--learner", "frank").expectSuccess();
        String dslabCommand = String.join(" ", dslab.builder().command()).replace("'", "'\\''");
        String script = """
                set -e
                eval "$(%s sandbox env --learner frank)"
                aws dynamodb list-tables --output text
                aws s3api list-buckets --query 'Buckets[].Name' --output text
                aws kinesis list-streams --output text
                aws lambda list-functions --query 'Functions[].FunctionName' --output text
                aws cloudformation describe-stacks --stack-name dslab-frank --query 'Stacks[0].StackStatus' --output text
                """.formatted(dslabCommand);
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script);
        bash.environment().putAll(dslab.builder().environment());
        bash.environment().put("PATH", "/usr/bin:" + System.getenv("PATH"));
        bash.environment().put("HOME", home.toString()); // no personal ~/.aws profile may interfere
        Process process = bash.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = DslabProcess.drain(process.getInputStream());
        CompletableFuture<String> err = DslabProcess.drain(process.getErrorStream());
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(err.join()).isZero();
        assertThat(out.join()).contains("dslab-frank-", "dslab-assets-000000000000-us-east-1", "CREATE_COMPLETE");
        assertThat(out.join().lines().filter(line -> line.contains("dslab-frank-")).count()).isGreaterThanOrEqualTo(4);
    }
}
