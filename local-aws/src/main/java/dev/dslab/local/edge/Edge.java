package dev.dslab.local.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.dslab.local.LocalTargetException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local target's one endpoint: a JDK HttpServer on 127.0.0.1 that hands each request to the service
 * named by its SigV4 credential scope. Unsigned requests are S3's (anonymous and presigned-less GETs),
 * except the JSON protocols' X-Amz-Target calls, which name their service themselves.
 */
public final class Edge implements AutoCloseable {

    /** Path prefix of the daemon's own endpoints; no S3 bucket can be named like it. */
    public static final String ADMIN_PATH = "/_dslab/";

    private static final Logger log = LoggerFactory.getLogger(Edge.class);
    /** A Lambda invoke holds its thread while the function runs: many threads, created on demand, ended when idle. */
    private static final int MAX_THREADS = 256;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AwsService> services = new LinkedHashMap<>();

    private Edge(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds 127.0.0.1:port (0 = a free port) now, so a taken port is reported before anything starts. */
    public static Edge bind(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (BindException taken) {
            throw new LocalTargetException(portTakenMessage(port));
        } catch (IOException e) {
            throw new LocalTargetException("cannot open the local target's port " + port + " on 127.0.0.1: " + e.getMessage(), e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        // Beyond MAX_THREADS requests wait in the queue: a rejected task would be dropped by the JDK server's
        // dispatcher, leaving its client without an answer.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "edge-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        return new Edge(server, executor);
    }

    public static String portTakenMessage(int port) {
        return "Port " + port + " on 127.0.0.1 is already taken by another program: stop that program, or give the local target"
                + " another port (for example " + (port + 1) + ")";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Starts serving: AWS requests go to {@code awsServices}, /_dslab/ to {@code admin}. */
    public void start(List<AwsService> awsServices, HttpHandler admin) {
        for (AwsService service : awsServices) {
            if (services.putIfAbsent(service.signingName(), service) != null) {
                throw new IllegalArgumentException("two services answer the signing name " + service.signingName());
            }
        }
        server.createContext("/", this::route);
        server.createContext(ADMIN_PATH, admin);
        server.start();
    }

    private void route(HttpExchange exchange) throws IOException {
        String name = signingName(exchange);
        AwsService service = services.get(name);
        if (service == null) {
            try (exchange) {
                AwsErrors.send(exchange, 400, "UnknownService", "The dslab local target does not serve the AWS service '" + name
                        + "'; it serves: " + String.join(", ", services.keySet()));
            }
            return;
        }
        try {
            service.handle(exchange);
        } catch (RuntimeException | IOException failure) {
            log.error("{} failed on {} {}", name, exchange.getRequestMethod(), exchange.getRequestURI(), failure);
            try (exchange) {
                AwsErrors.send(exchange, 500, "InternalFailure", "The local " + name + " service failed: " + failure.getMessage()
                        + " (details in the local target's log)");
            } catch (IOException | RuntimeException responseAlreadyStarted) {
                log.debug("could not report the failure to the client: {}", responseAlreadyStarted.toString());
            }
        }
    }

    private static String signingName(HttpExchange exchange) {
        Optional<String> signed = SigningName.of(exchange.getRequestHeaders(), exchange.getRequestURI().getRawQuery());
        if (signed.isPresent()) {
            return signed.get();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null && target.startsWith("DynamoDB_")) {
            return "dynamodb";
        }
        if (target != null && target.startsWith("Kinesis_")) {
            return "kinesis";
        }
        return "s3";
    }

    public List<AwsService> services() {
        return List.copyOf(services.values());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
