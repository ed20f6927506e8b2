package dev.dslab.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A hash of the code a class was loaded from: a classes directory (tests, the CDK CLI app), a jar file, or a
 * jar nested in a fat jar. It changes whenever the stack code changes, which is what keys the synth cache.
 * The bundled Lambda jar is left out: the synth key hashes it separately.
 */
final class CodeFingerprint {

    private static final String BUNDLED_ASSETS = "dslab-assets/";
    private static final Map<URL, String> BY_LOCATION = new ConcurrentHashMap<>();

    private CodeFingerprint() {
    }

    static String of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from, so the synth cache cannot key on it");
        }
        // code does not change while a JVM runs: hash each location once
        return BY_LOCATION.computeIfAbsent(source.getLocation(), CodeFingerprint::hash);
    }

    private static String hash(URL location) {
        try {
            if ("file".equals(location.getProtocol())) {
                Path path = Path.of(location.toURI());
                if (Files.isDirectory(path)) {
                    return hashDirectory(path);
                }
                try (ZipFile jar = new ZipFile(path.toFile())) {
                    return hashEntries(jar);
                }
            }
            URLConnection connection = new URL(location.toExternalForm().endsWith("!/")
                    ? location.toExternalForm() : "jar:" + location.toExternalForm() + "!/").openConnection();
            if (connection instanceof JarURLConnection jarConnection) {
                jarConnection.setUseCaches(false);
                try (JarFile jar = jarConnection.getJarFile()) {
                    return hashEntries(jar);
                }
            }
            throw new IllegalStateException("cannot fingerprint code loaded from " + location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint code loaded from " + location, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot fingerprint code loaded from " + location, e);
        }
    }

    private static String hashDirectory(Path root) throws IOException {
        MessageDigest digest = Hashing.sha256();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> !relative(root, file).startsWith(BUNDLED_ASSETS))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            digest.update(relative(root, file).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                digest.update(in.readAllBytes());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A jar's central directory already holds each entry's CRC-32: no need to inflate anything. */
    private static String hashEntries(ZipFile jar) {
        List<String> lines = new ArrayList<>();
        for (ZipEntry entry : Collections.list(jar.entries())) {
            if (!entry.isDirectory() && !entry.getName().startsWith(BUNDLED_ASSETS)) {
                lines.add(entry.getName() + ":" + entry.getCrc() + ":" + entry.getSize());
            }
        }
        Collections.sort(lines);
        return Hashing.sha256Hex(lines);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
