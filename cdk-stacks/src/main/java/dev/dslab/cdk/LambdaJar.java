package dev.dslab.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The lambdas module's shaded jar, carried as a classpath resource and extracted to a content-addressed file:
 * the same bytes always land at the same path, so CDK sees a stable asset and repeated extraction is free.
 */
public record LambdaJar(Path path, String sha256) {

    static final String RESOURCE = "dslab-assets/lambdas.jar";

    /** Reads the bundled jar and makes sure a copy named after its SHA-256 exists in {@code directory}. */
    public static LambdaJar extract(Path directory) {
        byte[] bytes = readResource();
        String sha256 = Hashing.sha256Hex(bytes);
        Path target = directory.resolve("lambdas-" + sha256 + ".jar");
        if (!Files.isRegularFile(target)) {
            writeAtomically(directory, target, bytes);
        }
        return new LambdaJar(target, sha256);
    }

    /** The SHA-256 of the bundled jar, without writing anything. */
    public static String bundledSha256() {
        return Hashing.sha256Hex(readResource());
    }

    private static byte[] readResource() {
        try (InputStream in = LambdaJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Lambda code " + RESOURCE + " is missing from the classpath;"
                        + " build with ./mvnw -pl cdk-stacks -am package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void writeAtomically(Path directory, Path target, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "lambdas-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raceLostToIdenticalContent) {
                    // another process wrote the same content-addressed file first
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Lambda asset " + target, e);
        }
    }
}
