package dev.dslab.shell.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The packaged dslab, run as a learner runs it: its own JVM, one command, an exit code. */
final class DslabProcess {

    record Result(int exitCode, String out, String err) {
        Result expectSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private final Path home;
    private final Map<String, String> extraEnvironment;

    DslabProcess(Path home, Map<String, String> extraEnvironment) {
        this.home = home;
        this.extraEnvironment = extraEnvironment;
    }

    /** The JVM options ./dslab starts the shell with, but its class-data-sharing archive (see {@link #sharedArchive()}). */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dspring.aot.enabled=true",
            "-Xss1m");

    /**
     * A class-data-sharing archive of the extracted jar, as ./dslab makes one: each command's JVM then starts in
     * about two thirds of the time (measured on `help`: 6.0 s without, 4.2-4.5 s with, on two loaded cores), and
     * the ITs start some thirty. ./dslab trains on a command against a running target; a `help` run, which needs
     * none, holds Spring's and the shell's classes. Null if the training run made none (the commands then start
     * without, as ./dslab's do when its archive is missing).
     */
    static synchronized Path sharedArchive() {
        Path thinJar = jar();
        Path archive = thinJar.resolveSibling("it.jsa");
        try {
            if (!Files.exists(archive) || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(thinJar)) < 0) {
                Files.deleteIfExists(archive);
                Path trainingHome = Files.createTempDirectory("dslab-it-training");
                List<String> line = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
                line.addAll(JVM_OPTIONS);
                line.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Ddslab.root=" + System.getProperty("dslab.root"),
                        "-jar", thinJar.toString(), "help"));
                ProcessBuilder training = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                training.environment().put("DSLAB_HOME", trainingHome.toString());
                training.start().waitFor(5, TimeUnit.MINUTES);
                TestHomes.delete(trainingHome);
            }
            return Files.exists(archive) ? archive : null;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The packaged jar as ./dslab runs it: extracted into plain jars (Spring Boot's tools jar mode), which is
     * also the class path the daemon and the Lambda runtime are started from.
     */
    static synchronized Path jar() {
        Path fatJar = Path.of(System.getProperty("dslab.jar", "target/dslab.jar")).toAbsolutePath();
        Path app = fatJar.resolveSibling("it-app");
        Path thinJar = app.resolve("dslab.jar");
        try {
            if (!Files.exists(thinJar) || Files.getLastModifiedTime(thinJar).compareTo(Files.getLastModifiedTime(fatJar)) < 0) {
                Process extract = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "-Djarmode=tools", "-jar", fatJar.toString(), "extract", "--force", "--destination", app.toString())
                        .redirectErrorStream(true).start();
                String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (extract.waitFor() != 0) {
                    throw new AssertionError("extracting " + fatJar + " failed: " + output);
                }
            }
            return thinJar;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    ProcessBuilder builder(String... command) {
        List<String> line = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        line.addAll(JVM_OPTIONS);
        Path archive = sharedArchive();
        if (archive != null) {
            line.add("-XX:SharedArchiveFile=" + archive);
        }
        line.addAll(List.of("-Ddslab.root=" + System.getProperty("dslab.root"), "-jar", jar().toString()));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().put("DSLAB_HOME", home.toString());
        builder.environment().put("DSLAB_LOCAL_PORT", "0");
        builder.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        builder.environment().putAll(extraEnvironment);
        return builder;
    }

    Result run(String... command) {
        try {
            Process process = builder(command).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("dslab " + String.join(" ", command) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
