package dev.dslab.local.emulator;

import dev.dslab.local.LocalTargetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import dev.dslab.local.state.StateFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three emulators behind the edge, starting in parallel (the slowest, kinesis-local, sets the pace)
 * while the daemon creates its services: each is a future until {@link #awaitReady()}.
 */
public final class Emulators implements AutoCloseable {

    /** Where a command line shows that a node process belongs to this target: the preload under its home. */
    public static final String PRELOAD_FILE = "loopback-preload.js";

    private static final Logger log = LoggerFactory.getLogger(Emulators.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** kinesis-local grows past 500 MB under load (design.md); the cap keeps a laptop responsive. */
    private static final int KINESIS_HEAP_MB = 320;
    private static final int DYNALITE_HEAP_MB = 256;
    /**
     * How often kinesis-local writes its whole state to its data file when something changed (its own
     * default is 5 s). The file is also written when it ends on SIGTERM, which the preload sends it when the
     * daemon stops or dies: this interval only bounds what a kill -9 of kinesis-local itself loses.
     */
    private static final String KINESIS_PERSIST_INTERVAL = "1s";
    /** kinesis-local's data file under the state folder. */
    public static final String KINESIS_DATA_FILE = KinesisSnapshot.FILE_NAME;
    /**
     * Zero: on a stop kinesis-local is killed at once, its front having waited until its file holds the last
     * change (on SIGTERM it would wait 30 s for idle keep-alive connections, then write its file last).
     */
    private static final Duration KINESIS_STOP_GRACE = Duration.ZERO;
    /** dynalite's LevelDB has every write in its log already: nothing to wait for. */
    private static final Duration DYNALITE_STOP_GRACE = Duration.ofMillis(500);

    private final CompletableFuture<NodeEmulator> dynamodb;
    private final CompletableFuture<NodeEmulator> kinesis;
    private final CompletableFuture<S3ProxyEmulator> s3;

    private Emulators(CompletableFuture<NodeEmulator> dynamodb, CompletableFuture<NodeEmulator> kinesis,
                      CompletableFuture<S3ProxyEmulator> s3) {
        this.dynamodb = dynamodb;
        this.kinesis = kinesis;
        this.s3 = s3;
    }

    /**
     * Checks Node.js and the installed packages (failing at once with a learner-readable line), then starts
     * every emulator in the background and returns.
     */
    public static Emulators start(Path nodeModules, Path runDirectory, Path logDirectory, StateFolders state, String region,
                                  String accountId) {
        NodeRuntime.requireInstalled(nodeModules);
        NodeRuntime node = NodeRuntime.locate();
        Path preload = installPreload(runDirectory);

        CompletableFuture<NodeEmulator> dynamodb = async(() -> NodeEmulator.start(node, preload, logDirectory.resolve("dynalite.log"),
                new NodeEmulator.Launch("dynalite", nodeModules.resolve("dynalite"), 1,
                        ports -> List.of("--max-old-space-size=" + DYNALITE_HEAP_MB, "cli.js", "--host", "127.0.0.1",
                                "--port", Integer.toString(ports[0]), "--path", state.dynalite().toString(),
                                "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50"),
                        ports -> Map.of(), DYNALITE_STOP_GRACE),
                READY_TIMEOUT));
        CompletableFuture<NodeEmulator> kinesis = async(() -> {
            KinesisSnapshot.checkBeforeStart(state.kinesis());
            return NodeEmulator.start(node, preload, logDirectory.resolve("kinesis-local.log"),
                new NodeEmulator.Launch("kinesis-local", nodeModules.resolve("kinesis-local"), 2,
                        ports -> List.of("--max-old-space-size=" + KINESIS_HEAP_MB, "main.js"),
                        ports -> Map.of(
                                "KINESIS_MOCK_PLAIN_PORT", Integer.toString(ports[0]),
                                "KINESIS_MOCK_TLS_PORT", Integer.toString(ports[1]),
                                "AWS_REGION", region,
                                "AWS_ACCOUNT_ID", accountId,
                                "LOG_LEVEL", "WARN",
                                "SHOULD_PERSIST_DATA", "true",
                                "LOAD_DATA_IF_EXISTS", "true",
                                "PERSIST_PATH", state.kinesis().toString(),
                                "PERSIST_FILE_NAME", KinesisSnapshot.FILE_NAME,
                                "PERSIST_INTERVAL", KINESIS_PERSIST_INTERVAL),
                        KINESIS_STOP_GRACE),
                READY_TIMEOUT);
        });
        CompletableFuture<S3ProxyEmulator> s3 = async(() -> {
            long started = System.nanoTime();
            S3ProxyEmulator proxy = S3ProxyEmulator.start(state.s3(), state.s3Incoming());
            log.info("s3proxy ready on {} in {} ms", proxy.endpoint(), (System.nanoTime() - started) / 1_000_000);
            return proxy;
        });
        return new Emulators(dynamodb, kinesis, s3);
    }

    /** dynalite on LevelDB under the home. */
    public CompletableFuture<? extends Emulator> dynamodb() {
        return dynamodb;
    }

    /** kinesis-local, plain HTTP, its state saved under the home. */
    public CompletableFuture<? extends Emulator> kinesis() {
        return kinesis;
    }

    /** S3Proxy embedded, on files under the home. */
    public CompletableFuture<? extends Emulator> s3() {
        return s3;
    }

    /** Waits until every emulator is ready; on a failure stops the others, so nothing is left half-made. */
    public void awaitReady() {
        try {
            CompletableFuture.allOf(dynamodb, kinesis, s3).join();
        } catch (CompletionException failed) {
            close();
            throw failed.getCause() instanceof LocalTargetException clear ? clear
                    : new LocalTargetException("the local AWS emulators did not start: " + failed.getCause(), failed.getCause());
        }
    }

    /** Stops every emulator, now or, for one still starting, as soon as it has started. Idempotent. */
    @Override
    public void close() {
        for (CompletableFuture<? extends Emulator> emulator : List.of(dynamodb, kinesis, s3)) {
            emulator.thenAccept(Emulator::close);
        }
    }

    private static <T> CompletableFuture<T> async(Supplier<T> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                result.complete(start.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, "emulator-start");
        starter.setDaemon(true);
        starter.start();
        return result;
    }

    private static Path installPreload(Path runDirectory) {
        Path preload = runDirectory.resolve(PRELOAD_FILE);
        try (InputStream script = Emulators.class.getResourceAsStream(PRELOAD_FILE)) {
            if (script == null) {
                throw new IllegalStateException(PRELOAD_FILE + " is missing from the local-aws jar");
            }
            Files.createDirectories(runDirectory);
            Files.copy(script, preload, StandardCopyOption.REPLACE_EXISTING);
            return preload;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + preload, e);
        }
    }
}
