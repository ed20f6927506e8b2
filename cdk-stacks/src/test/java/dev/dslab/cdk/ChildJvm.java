package dev.dslab.cdk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class of this module's test classpath in a fresh JVM, as a one-shot command or the CDK CLI would. */
record ChildJvm(int exitCode, String stdout, String stderr) {

    static ChildJvm run(Path workingDirectory, Map<String, String> environment, List<String> jvmOptions, Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("JSII_NODE");
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile("child-out", ".txt");
        Path stderr = Files.createTempFile("child-err", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM " + mainClass.getSimpleName() + " did not finish in 120 s");
            }
            return new ChildJvm(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
