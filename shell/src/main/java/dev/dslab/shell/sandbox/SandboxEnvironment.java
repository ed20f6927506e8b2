package dev.dslab.shell.sandbox;

import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.TargetConnection;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell exports that point the AWS CLI and SDKs at a target. AWS_ENDPOINT_URL is honoured by the SDKs
 * and by the AWS CLI from 2.13.0 (v1: 1.29.0); an older CLI, such as Debian 12's awscli 2.9.19, ignores
 * it, so for one the exports also define an `aws` shell function that passes --endpoint-url.
 */
final class SandboxEnvironment {

    private static final Pattern CLI_VERSION = Pattern.compile("aws-cli/(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Target target;
    private final LearnerName learner;

    SandboxEnvironment(Target target, LearnerName learner) {
        this.target = target;
        this.learner = learner;
    }

    String render() {
        Optional<TargetConnection> running = target.ifReachable();
        TargetConnection connection = running.orElseGet(target::plannedConnection);
        AwsCredentials credentials = connection.credentials().resolveCredentials();
        StringBuilder exports = new StringBuilder();
        if (running.isEmpty()) {
            exports.append("# the ").append(target.name()).append(" target is not running; 'dslab sandbox up' starts it\n");
        }
        if (connection.endpoint() != null) {
            exports.append("export AWS_ENDPOINT_URL=").append(connection.endpoint()).append('\n');
        }
        exports.append("export AWS_REGION=").append(connection.region().id()).append('\n');
        exports.append("export AWS_DEFAULT_REGION=").append(connection.region().id()).append('\n');
        exports.append("export AWS_ACCESS_KEY_ID=").append(credentials.accessKeyId()).append('\n');
        exports.append("export AWS_SECRET_ACCESS_KEY=").append(credentials.secretAccessKey()).append('\n');
        exports.append("export DSLAB_LEARNER=").append(learner).append('\n');
        if (connection.endpoint() != null) {
            installedCliVersion().filter(SandboxEnvironment::ignoresEndpointVariable).ifPresent(version -> exports
                    .append("# your aws CLI ").append(version)
                    .append(" ignores AWS_ENDPOINT_URL (2.13.0 and 1.29.0 added it): this function passes it on\n")
                    .append("aws() { command aws --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"; }\n"));
        }
        return exports.toString();
    }

    static boolean ignoresEndpointVariable(String version) {
        Matcher m = CLI_VERSION.matcher("aws-cli/" + version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major == 2 ? minor < 13 : major == 1 && minor < 29;
    }

    /** The version of the `aws` on PATH, if there is one that answers within a few seconds. */
    static Optional<String> installedCliVersion() {
        try {
            Process process = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            try (InputStream output = process.getInputStream()) {
                Matcher m = CLI_VERSION.matcher(new String(output.readAllBytes(), StandardCharsets.UTF_8));
                return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
            }
        } catch (IOException noCli) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
