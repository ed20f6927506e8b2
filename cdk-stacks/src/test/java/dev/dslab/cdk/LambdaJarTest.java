package dev.dslab.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

class LambdaJarTest {

    @TempDir
    Path directory;

    @Test
    void extractsTheBundledJarOnceToAFileNamedAfterItsContent() throws IOException {
        LambdaJar first = LambdaJar.extract(directory);
        FilesSnapshot before = FilesSnapshot.of(first.path());
        LambdaJar second = LambdaJar.extract(directory);

        assertThat(second).isEqualTo(first);
        assertThat(first.path().getFileName().toString()).isEqualTo("lambdas-" + first.sha256() + ".jar");
        assertThat(Hashing.sha256Hex(Files.readAllBytes(first.path()))).isEqualTo(first.sha256());
        assertThat(FilesSnapshot.of(second.path())).isEqualTo(before);
        try (var listing = Files.list(directory)) {
            assertThat(listing).containsExactly(first.path());
        }
    }

    @Test
    void theJarHoldsTheProbeHandlerAndItsOwnEntriesCarryTheFixedBuildTimestamp() throws IOException {
        LocalDateTime outputTimestamp = OffsetDateTime.parse(System.getProperty("dslab.outputTimestamp")).toLocalDateTime();
        try (ZipFile jar = new ZipFile(LambdaJar.extract(directory).path().toFile())) {
            assertThat(jar.getEntry("dev/dslab/lambdas/probe/ProbeHandler.class")).isNotNull();
            assertThat(Collections.list(jar.entries()))
                    .filteredOn(entry -> entry.getName().startsWith("dev/dslab/") || entry.getName().equals("META-INF/MANIFEST.MF"))
                    .isNotEmpty()
                    .extracting(ZipEntry::getTimeLocal)
                    .containsOnly(outputTimestamp);
        }
    }

    private record FilesSnapshot(long size, Object lastModified) {
        static FilesSnapshot of(Path file) throws IOException {
            return new FilesSnapshot(Files.size(file), Files.getLastModifiedTime(file));
        }
    }
}
