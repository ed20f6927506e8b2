package dev.dslab.local.emulator;

import dev.dslab.local.LocalTargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Node.js the emulators run on: found on the PATH, version 20 or newer. */
public record NodeRuntime(String executable, int majorVersion) {

    public static final int MINIMUM_MAJOR_VERSION = 20;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.");

    /** Finds node and checks its version, or fails with a line that says what to install. */
    public static NodeRuntime locate() {
        String version;
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            probe.getOutputStream().close();
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                throw new LocalTargetException("`node --version` did not answer within 10 s; the local AWS target needs a working Node.js "
                        + MINIMUM_MAJOR_VERSION + "+ on the PATH");
            }
            version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException notFound) {
            throw new LocalTargetException("Node.js " + MINIMUM_MAJOR_VERSION + " or newer is needed by the local AWS target (its DynamoDB and"
                    + " Kinesis emulators) but `node` is not on the PATH: install Node.js " + MINIMUM_MAJOR_VERSION
                    + "+ (https://nodejs.org or your package manager) and retry");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LocalTargetException("interrupted while checking the Node.js version");
        }
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.lookingAt()) {
            throw new LocalTargetException("`node --version` printed \"" + version + "\", not a Node.js version: install Node.js "
                    + MINIMUM_MAJOR_VERSION + "+ and retry");
        }
        int major = Integer.parseInt(matcher.group(1));
        if (major < MINIMUM_MAJOR_VERSION) {
            throw new LocalTargetException("Node.js " + MINIMUM_MAJOR_VERSION + " or newer is needed by the local AWS target, found "
                    + version + ": install Node.js " + MINIMUM_MAJOR_VERSION + "+ (https://nodejs.org or your package manager) and retry");
        }
        return new NodeRuntime("node", major);
    }

    /** Checks that the emulators were installed by the build into {@code nodeModules}. */
    public static void requireInstalled(Path nodeModules) {
        for (String pkg : new String[] {"dynalite/cli.js", "kinesis-local/main.js"}) {
            if (!Files.isRegularFile(nodeModules.resolve(pkg))) {
                throw new LocalTargetException("The local AWS emulators are not installed in " + nodeModules
                        + ": build them with `./mvnw -pl local-aws -am package -DskipTests` (./dslab does this on its first run)");
            }
        }
    }
}
