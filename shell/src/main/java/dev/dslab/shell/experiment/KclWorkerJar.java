package dev.dslab.shell.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The kcl-consumers worker jar, carried in the shell's jar as a classpath resource and extracted to a file
 * named after its SHA-256: the same bytes always land at the same path, so a second run reuses the file and
 * two shells extracting at once write identical content.
 */
public final class KclWorkerJar {

    static final String RESOURCE = "dslab-assets/kcl-worker.jar";

    private KclWorkerJar() {
    }

    /** Makes sure the bundled jar exists in {@code directory} and returns its path. */
    public static Path extract(Path directory) {
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "kcl-worker-", ".tmp");
            try {
                String sha256;
                try (InputStream in = open(); DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
                    Files.copy(digesting, temp, StandardCopyOption.REPLACE_EXISTING);
                    sha256 = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
                }
                Path target = directory.resolve("kcl-worker-" + sha256 + ".jar");
                if (!Files.isRegularFile(target)) {
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raceLostToIdenticalContent) {
                        // another shell wrote the same content-addressed file first
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return target;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the KCL worker jar into " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static InputStream open() {
        InputStream in = KclWorkerJar.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the KCL worker " + RESOURCE + " is missing from the classpath; build with ./mvnw -pl shell -am package");
        }
        return in;
    }
}
