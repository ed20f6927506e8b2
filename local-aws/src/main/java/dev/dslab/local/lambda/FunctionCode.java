package dev.dslab.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * One deployment package of a function: the zip as uploaded and its contents unpacked as the task root of
 * the environments that run it. A package replaced by UpdateFunctionCode (or whose function is deleted) is
 * retired: its files go once the last environment running it has ended.
 */
final class FunctionCode {

    /** Lambda's limit on the unpacked size of a deployment package. */
    static final long UNZIPPED_LIMIT_BYTES = 262_144_000;

    private final String sha256;
    private final long size;
    private final Path directory;
    private int liveEnvironments;
    private boolean retired;

    private FunctionCode(String sha256, long size, Path directory) {
        this.sha256 = sha256;
        this.size = size;
        this.directory = directory;
    }

    /**
     * Validates and unpacks a deployment package into a new folder under {@code codeRoot}.
     *
     * @throws LambdaException InvalidParameterValueException when the bytes are not a zip Lambda would accept
     */
    static FunctionCode unpack(byte[] zip, Path codeRoot) {
        Path directory = codeRoot.resolve(UUID.randomUUID().toString());
        Path taskRoot = directory.resolve("task");
        try {
            Files.createDirectories(taskRoot);
            long unzipped = 0;
            int entries = 0;
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    entries++;
                    Path target = taskRoot.resolve(entry.getName()).normalize();
                    if (!target.startsWith(taskRoot)) {
                        throw unzipFailure();
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        unzipped += copyBounded(in, out, UNZIPPED_LIMIT_BYTES - unzipped);
                    }
                }
            } catch (ZipException e) {
                throw unzipFailure();
            }
            if (entries == 0) {
                throw unzipFailure();
            }
            Files.write(directory.resolve("code.zip"), zip);
            return new FunctionCode(sha256(zip), zip.length, directory);
        } catch (IOException e) {
            deleteTree(directory);
            throw new UncheckedIOException("cannot unpack a deployment package into " + directory, e);
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    /** A package unpacked by an earlier daemon, as {@link StoredFunction} names it; null when its files are gone. */
    static FunctionCode restore(String sha256, long size, Path directory) {
        if (!Files.isDirectory(directory.resolve("task")) || !Files.isRegularFile(directory.resolve("code.zip"))) {
            return null;
        }
        return new FunctionCode(sha256, size, directory);
    }

    /** The folder holding this package (its zip and its task root). */
    Path directory() {
        return directory;
    }

    /** Base64 of the package's SHA-256, as Lambda reports it in CodeSha256. */
    String sha256() {
        return sha256;
    }

    long size() {
        return size;
    }

    /** The package as uploaded; gone once the package is retired and unused. */
    Path zipFile() {
        return directory.resolve("code.zip");
    }

    /** The unpacked package: the environments' working directory, where the runtime finds the handler. */
    Path taskRoot() {
        return directory.resolve("task");
    }

    /** An environment starts running this package. */
    synchronized void attach() {
        liveEnvironments++;
    }

    /** An environment running this package has ended. */
    synchronized void detach() {
        liveEnvironments--;
        deleteIfUnused();
    }

    /** No new environment will run this package. */
    synchronized void retire() {
        retired = true;
        deleteIfUnused();
    }

    private void deleteIfUnused() {
        if (retired && liveEnvironments == 0) {
            deleteTree(directory);
        }
    }

    private static long copyBounded(InputStream in, OutputStream out, long remaining) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            copied += read;
            if (copied > remaining) {
                throw LambdaException.invalidParameter("Unzipped size must be smaller than " + UNZIPPED_LIMIT_BYTES + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return copied;
    }

    private static LambdaException unzipFailure() {
        return LambdaException.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A URL-safe name of this package's content, for the code download location. */
    String hexDigest() {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(sha256));
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
