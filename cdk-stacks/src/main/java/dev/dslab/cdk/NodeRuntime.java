package dev.dslab.cdk;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jsii runs the CDK in a node child process it finds as $JSII_NODE or "node" on the PATH. Checking first
 * turns jsii's stack trace for a missing or old node into one line that says what to install.
 */
final class NodeRuntime {

    static final int MINIMUM_MAJOR = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+.*");
    private static final String INSTALL = "install Node.js " + MINIMUM_MAJOR + " or newer (e.g. apt-get install nodejs, or from nodejs.org) and retry";

    private NodeRuntime() {
    }

    /** Throws {@link SynthException} unless the node that jsii will start exists and is new enough. */
    static void requireSupported(Map<String, String> environment) {
        String explicit = environment.get("JSII_NODE");
        Path node = locate(environment).orElseThrow(() -> new SynthException(explicit != null && !explicit.isBlank()
                ? "synthesizing the CDK stacks needs Node.js, but JSII_NODE=" + explicit + " is not an executable file: " + INSTALL
                : "synthesizing the CDK stacks needs Node.js, but 'node' is not on the PATH: " + INSTALL));
        String version = versionOf(node);
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < MINIMUM_MAJOR) {
            throw new SynthException("synthesizing the CDK stacks needs Node.js " + MINIMUM_MAJOR + "+, but " + node
                    + " is " + (version.isEmpty() ? "not working" : version) + ": " + INSTALL);
        }
    }

    private static Optional<Path> locate(Map<String, String> environment) {
        String explicit = environment.get("JSII_NODE");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, "node");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String versionOf(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthException("interrupted while checking the Node.js version", e);
        }
    }
}
