package dev.dslab.local.lambda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** The environments' runtime, copied out of a plain classpath and out of Spring Boot fat jar layouts. */
class RuntimeInstallationTest {

    @Test
    void laysOutTheRuntimeInterfaceClientItsDependenciesTheJniLibraryAndTheWrapper(@TempDir Path dir) throws IOException {
        RuntimeInstallation runtime = RuntimeInstallation.prepare(dir);

        try (var jars = Files.list(dir.resolve("lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString()).toList())
                    .anyMatch(name -> name.startsWith("aws-lambda-java-runtime-interface-client-"))
                    .anyMatch(name -> name.startsWith("aws-lambda-java-core-"))
                    .anyMatch(name -> name.startsWith("aws-lambda-java-serialization-"))
                    .anyMatch(name -> name.startsWith("utils-lite-"))
                    .noneMatch(name -> name.startsWith("dslab-lambdas"));
        }
        assertThat(dir.resolve("jni/libaws-lambda-jni.so")).isNotEmptyFile();
        assertThat(dir.resolve("classes/dev/dslab/local/lambda/runtime/EnvironmentMain.class")).isNotEmptyFile();
        List<String> command = runtime.command("a.B::handle", 512);
        assertThat(command).contains("-Xmx512m", "dev.dslab.local.lambda.runtime.EnvironmentMain", "a.B::handle")
                .contains("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                        + dir.resolve("jni/libaws-lambda-jni.so"));
        assertThat(command.get(command.size() - 1)).isEqualTo("a.B::handle");
    }

    @Test
    void copiesJarsNestedInAFatJarInBothSpringBootUrlForms(@TempDir Path dir) throws IOException {
        byte[] inner = "the inner jar's bytes".getBytes(StandardCharsets.UTF_8);
        Path fatJar = dir.resolve("dslab shell.jar");
        try (OutputStream file = Files.newOutputStream(fatJar); JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new ZipEntry("BOOT-INF/lib/aws-lambda-java-core-1.4.0.jar"));
            jar.write(inner);
            jar.closeEntry();
        }

        Path nested = dir.resolve("nested.jar");
        RuntimeInstallation.copyJar("jar:nested:" + fatJar.toString().replace(" ", "%20") + "/!BOOT-INF/lib/aws-lambda-java-core-1.4.0.jar", nested);
        Path classic = dir.resolve("classic.jar");
        RuntimeInstallation.copyJar("jar:" + fatJar.toUri() + "!/BOOT-INF/lib/aws-lambda-java-core-1.4.0.jar", classic);

        assertThat(nested).hasBinaryContent(inner);
        assertThat(classic).hasBinaryContent(inner);
    }
}
