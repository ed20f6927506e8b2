package dev.dslab.shell.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KCL worker jar the shell carries (copied at prepare-package, so an IT: unit tests run before it is
 * there): extracted to a file named after its content, once, runnable.
 */
class KclWorkerJarIT {

    @TempDir
    Path cache;

    @Test
    void extractsTheBundledWorkerToAContentAddressedFileOnce() throws Exception {
        Path first = KclWorkerJar.extract(cache);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Path second = KclWorkerJar.extract(cache);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second).toMillis()).isEqualTo(modified);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(first)));
        assertThat(first.getFileName().toString()).isEqualTo("kcl-worker-" + sha256 + ".jar");
        try (var files = Files.list(cache)) {
            assertThat(files).as("no temporary file left").containsExactly(first);
        }
        try (ZipFile jar = new ZipFile(first.toFile())) {
            assertThat(jar.getEntry("dev/dslab/kcl/KclWorker.class")).isNotNull();
            assertThat(jar.getEntry("software/amazon/kinesis/coordinator/Scheduler.class")).isNotNull();
        }
    }
}
