package dev.dslab.local.lambda;

import dev.dslab.local.lambda.runtime.EnvironmentMain;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The Java runtime of the execution environments, laid out once under the target's home: the Lambda
 * runtime interface client (RIC) and its dependencies as plain jars, its JNI library, and the
 * {@link EnvironmentMain} wrapper class.
 *
 * <p>Everything is copied out of the daemon's own classpath, so it works the same whether the daemon runs
 * from a Maven test classpath (plain jars) or nested inside a Spring Boot fat jar (BOOT-INF/lib/*.jar,
 * which a child JVM cannot put on its classpath). The JNI library is extracted here because the RIC would
 * otherwise extract it to one fixed /tmp path on every start, and environments starting in parallel race
 * on that file.
 */
final class RuntimeInstallation {

    /** The RIC's runtime dependencies: artifact file-name prefix and a class only that artifact has. */
    private static final List<Artifact> ARTIFACTS = List.of(
            new Artifact("aws-lambda-java-runtime-interface-client-",
                    "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class"),
            new Artifact("aws-lambda-java-core-", "com/amazonaws/services/lambda/runtime/Context.class"),
            new Artifact("aws-lambda-java-serialization-",
                    "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class"),
            new Artifact("utils-lite-", "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class"));

    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final Path directory;
    private final Path javaExecutable;
    private final Path jniLibrary;
    private final String classpath;

    private RuntimeInstallation(Path directory, Path javaExecutable, Path jniLibrary, String classpath) {
        this.directory = directory;
        this.javaExecutable = javaExecutable;
        this.jniLibrary = jniLibrary;
        this.classpath = classpath;
    }

    /**
     * Lays the runtime out under {@code dir} (idempotent: files already there with the right size are kept).
     *
     * @throws IllegalStateException when this machine is one the RIC has no native library for, or a
     *                               runtime artifact is missing from the daemon's classpath
     */
    static RuntimeInstallation prepare(Path dir) {
        String nativeLibrary = nativeLibraryName();
        try {
            Path lib = Files.createDirectories(dir.resolve("lib"));
            List<String> classpath = new ArrayList<>();
            Path classes = dir.resolve("classes");
            copyWrapperClass(classes);
            classpath.add(classes.toString());
            Path runtimeInterfaceClient = null;
            for (Artifact artifact : ARTIFACTS) {
                Path jar = artifact.copyInto(lib);
                classpath.add(jar.toString());
                if (runtimeInterfaceClient == null) {
                    runtimeInterfaceClient = jar;
                }
            }
            Path jni = extractJni(runtimeInterfaceClient, nativeLibrary, Files.createDirectories(dir.resolve("jni")));
            Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
            return new RuntimeInstallation(dir, javaExecutable, jni, String.join(File.pathSeparator, classpath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the Lambda Java runtime under " + dir, e);
        }
    }

    /** Where the runtime is laid out (LAMBDA_RUNTIME_DIR of the environments). */
    Path directory() {
        return directory;
    }

    /**
     * The command line of one environment's JVM. The heap is capped at the function's memory size; the
     * serial collector and the C1-only JIT keep a small function's footprint and cold start low.
     */
    List<String> command(String handler, int memoryMb) {
        return List.of(javaExecutable.toString(),
                "-Xmx" + memoryMb + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-D" + JNI_PROPERTY + "=" + jniLibrary,
                "-cp", classpath,
                EnvironmentMain.class.getName(),
                handler);
    }

    private static void copyWrapperClass(Path classes) throws IOException {
        String resource = EnvironmentMain.class.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(resource);
        try (InputStream in = EnvironmentMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the daemon's classpath");
            }
            writeAtomically(in.readAllBytes(), target);
        }
    }

    private static Path extractJni(Path runtimeInterfaceClientJar, String nativeLibrary, Path dir) throws IOException {
        Path target = dir.resolve("libaws-lambda-jni.so");
        try (JarFile jar = new JarFile(runtimeInterfaceClientJar.toFile())) {
            ZipEntry entry = jar.getEntry("jni/" + nativeLibrary);
            if (entry == null) {
                throw new IllegalStateException(runtimeInterfaceClientJar + " has no jni/" + nativeLibrary);
            }
            if (!Files.exists(target) || Files.size(target) != entry.getSize()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    writeAtomically(in.readAllBytes(), target);
                }
            }
        }
        return target;
    }

    /** The RIC's native library for this machine, as named inside its jar. */
    private static String nativeLibraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (!os.contains("linux") || cpu == null) {
            throw new IllegalStateException("the AWS Lambda Java runtime interface client ships native code for"
                    + " Linux on x86_64 and aarch64 only, so the local target cannot run Lambda functions on "
                    + System.getProperty("os.name") + "/" + arch);
        }
        return "libaws-lambda-jni." + (usesMusl() ? "linux_musl-" : "linux-") + cpu + ".so";
    }

    private static boolean usesMusl() {
        try (DirectoryStream<Path> loaders = Files.newDirectoryStream(Path.of("/lib"), "ld-musl-*")) {
            return loaders.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies a jar named by its URL: {@code jar:file:/x.jar} (a plain jar),
     * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar} (Spring Boot 3.2+) or
     * {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar} (older Spring Boot).
     */
    static void copyJar(String container, Path target) throws IOException {
        Path outer;
        String entry;
        if (container.startsWith("jar:nested:")) {
            String nested = container.substring("jar:nested:".length());
            int separator = nested.indexOf("/!");
            outer = Path.of(URLDecoder.decode(nested.substring(0, separator), StandardCharsets.UTF_8));
            entry = nested.substring(separator + 2);
        } else if (container.startsWith("jar:file:")) {
            String file = container.substring("jar:".length());
            int separator = file.indexOf("!/");
            if (separator < 0) {
                Path source = Path.of(URI.create(file));
                if (!Files.exists(target) || Files.size(target) != Files.size(source)) {
                    writeAtomically(Files.readAllBytes(source), target);
                }
                return;
            }
            outer = Path.of(URI.create(file.substring(0, separator)));
            entry = file.substring(separator + 2);
        } else {
            throw new IllegalStateException("cannot copy a jar from " + container);
        }
        try (JarFile jar = new JarFile(outer.toFile())) {
            ZipEntry zipEntry = jar.getEntry(entry);
            if (zipEntry == null) {
                throw new IllegalStateException(outer + " has no entry " + entry);
            }
            if (!Files.exists(target) || Files.size(target) != zipEntry.getSize()) {
                try (InputStream in = jar.getInputStream(zipEntry)) {
                    writeAtomically(in.readAllBytes(), target);
                }
            }
        }
    }

    private static void writeAtomically(byte[] bytes, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A jar the environments need, found on the daemon's classpath by a class only it contains. */
    private record Artifact(String fileNamePrefix, String anchorClass) {

        Path copyInto(Path lib) throws IOException {
            Enumeration<URL> candidates = RuntimeInstallation.class.getClassLoader().getResources(anchorClass);
            while (candidates.hasMoreElements()) {
                String url = candidates.nextElement().toString();
                String container = url.substring(0, url.length() - anchorClass.length() - "!/".length());
                String fileName = container.substring(container.lastIndexOf('/') + 1);
                // shaded jars (a function's own jar on a test classpath) hold the same classes: skip them
                if (url.startsWith("jar:") && url.endsWith("!/" + anchorClass) && fileName.startsWith(fileNamePrefix)) {
                    Path target = lib.resolve(fileName);
                    copyJar(container, target);
                    return target;
                }
            }
            throw new IllegalStateException("no " + fileNamePrefix + "*.jar on the daemon's classpath (looked for "
                    + anchorClass + ")");
        }
    }
}
