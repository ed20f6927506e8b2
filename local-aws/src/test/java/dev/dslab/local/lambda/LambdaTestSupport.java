package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** The real probe function's package, and a Lambda service served on its own loopback HttpServer. */
final class LambdaTestSupport implements AutoCloseable {

    static final String PROBE_HANDLER = "dev.dslab.lambdas.probe.ProbeHandler::handleRequest";
    static final String ROLE = "arn:aws:iam::000000000000:role/dslab-probe";
    private static final ObjectMapper JSON = new ObjectMapper();

    final LambdaService service;
    final LambdaClient lambda;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    /** A service whose S3 client reaches nothing (port 9): code comes inline. */
    LambdaTestSupport(Path home) {
        this(home, LambdaFunction.IDLE_LIFETIME);
    }

    LambdaTestSupport(Path home, Duration idleLifetime) {
        this(home, URI.create("http://127.0.0.1:9"), idleLifetime);
    }

    /** @param edge where the service's own SDK clients (S3 for code) go */
    LambdaTestSupport(Path home, URI edge, Duration idleLifetime) {
        service = new LambdaService(new LocalTargetContext(home, edge, LocalTargetContext.DEFAULT_REGION,
                LocalTargetContext.DEFAULT_ACCOUNT_ID), idleLifetime);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", service);
        server.setExecutor(threads);
        server.start();
        lambda = client(endpoint());
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static LambdaClient client(URI endpoint) {
        return EdgeClients.of(endpoint).configure(LambdaClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(EdgeClients.API_CALL_TIMEOUT).retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    /**
     * The probe's deployment package: the probe handler and the Lambda core library it implements, taken from the
     * lambdas module's shaded jar. That jar also carries the AWS SDK for the stream handlers (6,868 files, 29 MB
     * unzipped); the service unzips a package on every create and update, which took 2-3 s each on two loaded
     * cores, and these tests create some thirty probes. The tests that run the stream handlers deploy the whole jar.
     */
    static synchronized byte[] probeZip() {
        if (probePackage == null) {
            probePackage = onlyEntries(lambdasJar(), "dev/dslab/lambdas/probe/", "com/amazonaws/services/lambda/runtime/");
        }
        return probePackage.clone();
    }

    private static byte[] probePackage;

    private static byte[] onlyEntries(byte[] zip, String... prefixes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip)); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The shaded jar of the lambdas module (a Lambda deployment package), from the test classpath. */
    private static byte[] lambdasJar() {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("dslab-lambdas") && entry.endsWith("-lambda.jar"))
                .findFirst()
                .orElseGet(LambdaTestSupport::probeJarFromManifestClasspath);
        try {
            return Files.readAllBytes(Path.of(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String probeJarFromManifestClasspath() {
        try {
            return Path.of(dev.dslab.lambdas.probe.ProbeHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same package with one more file: other bytes, so another CodeSha256. */
    static byte[] probeZipVariant(String marker) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Path original = Files.createTempFile("probe", ".zip");
            Files.write(original, probeZip());
            try (ZipFile source = new ZipFile(original.toFile()); ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (ZipEntry entry : java.util.Collections.list(source.entries())) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry("marker.txt"));
                out.write(marker.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            Files.delete(original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    CreateFunctionRequest.Builder probeFunction(String name) {
        return CreateFunctionRequest.builder()
                .functionName(name)
                .runtime(Runtime.JAVA17)
                .role(ROLE)
                .handler(PROBE_HANDLER)
                .timeout(30)
                .memorySize(256)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(probeZip())));
    }

    void createProbe(String name) {
        lambda.createFunction(probeFunction(name).build());
    }

    InvokeResponse invoke(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    static JsonNode json(InvokeResponse response) {
        try {
            return JSON.readTree(response.payload().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String logTail(InvokeResponse response) {
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        lambda.close();
        server.stop(0);
        threads.shutdownNow();
        service.close();
    }
}
