package dev.dslab.local.edge;

import com.sun.net.httpserver.HttpExchange;
import dev.dslab.local.emulator.Emulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a service's requests to its emulator unchanged and streams both bodies, so the emulator sees
 * what the client sent (path-style S3 URLs, aws-chunked uploads, signed headers) and the client gets what
 * the emulator answered (status, headers, HEAD's Content-Length, bodiless 204/304).
 */
public final class ProxyService implements AwsService {

    private static final Logger log = LoggerFactory.getLogger(ProxyService.class);

    /** Hop-by-hop headers and the ones the JDK client sets itself (it refuses them from callers). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "http2-settings", "host", "content-length", "expect", "date");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String signingName;
    private final CompletableFuture<? extends Emulator> emulator;
    private final Duration requestTimeout;
    private final HttpClient client;

    /**
     * @param emulator       the emulator, possibly still starting (the edge opens once all are ready)
     * @param requestTimeout how long the emulator may take until its response headers arrive
     */
    public ProxyService(String signingName, CompletableFuture<? extends Emulator> emulator, Duration requestTimeout) {
        this.signingName = signingName;
        this.emulator = emulator;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public String signingName() {
        return signingName;
    }

    @Override
    public List<ServiceProcess> processes() {
        Emulator started = startedEmulator();
        return started == null ? List.of() : List.of(started.process());
    }

    /** The emulator once it has started, else null. */
    private Emulator startedEmulator() {
        return emulator.isDone() && !emulator.isCompletedExceptionally() ? emulator.join() : null;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Emulator backend = startedEmulator();
            if (backend == null) {
                AwsErrors.send(exchange, 503, "ServiceUnavailable", "The local " + signingName + " emulator has not started");
                return;
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(forwardedRequest(exchange, backend), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException down) {
                AwsErrors.send(exchange, 503, "ServiceUnavailable", "The local " + signingName + " emulator is not reachable ("
                        + backend.process().name() + " is " + backend.process().state() + "); `dslab local status` shows it");
                return;
            } catch (HttpTimeoutException slow) {
                AwsErrors.send(exchange, 503, "ServiceUnavailable", "The local " + signingName + " emulator did not answer within "
                        + requestTimeout.toSeconds() + " s");
                return;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                AwsErrors.send(exchange, 503, "ServiceUnavailable", "The local target is stopping");
                return;
            }
            relay(response, exchange);
        } catch (IOException clientGone) {
            log.debug("{} exchange {} {} ended early: {}", signingName, exchange.getRequestMethod(), exchange.getRequestURI(), clientGone.toString());
        }
    }

    /**
     * Asks the emulator directly, on the side of an exchange: a front that answers from a model (a stale
     * read, a rewritten listing) reads the emulator's own answer here, with the same client and timeouts.
     *
     * @param rawPathAndQuery the raw (still encoded) path and query, e.g. {@code /bucket/key?list-type=2}
     * @param headers         request headers to pass on (hop-by-hop ones are dropped); the body is empty
     * @throws IOException when the emulator has not started or does not answer
     */
    public HttpResponse<byte[]> fetch(String method, String rawPathAndQuery, Map<String, List<String>> headers)
            throws IOException, InterruptedException {
        Emulator backend = startedEmulator();
        if (backend == null) {
            throw new ConnectException("the local " + signingName + " emulator has not started");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend.endpoint() + rawPathAndQuery)).timeout(requestTimeout);
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return client.send(request.method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest forwardedRequest(HttpExchange exchange, Emulator backend) {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(backend.endpoint() + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(requestTimeout);
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                for (String value : header.getValue()) {
                    request.header(header.getKey(), value);
                }
            }
        }
        return request.method(exchange.getRequestMethod(), body(exchange)).build();
    }

    private static HttpRequest.BodyPublisher body(HttpExchange exchange) {
        OptionalLong length = contentLength(exchange.getRequestHeaders().getFirst("Content-Length"));
        boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (!chunked && (length.isEmpty() || length.getAsLong() == 0)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        return chunked ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, length.getAsLong());
    }

    private static void relay(HttpResponse<InputStream> response, HttpExchange exchange) throws IOException {
        int status = response.statusCode();
        OptionalLong length = contentLength(response.headers().firstValue("Content-Length").orElse(null));
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean bodiless = "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || status == 204 || status == 304
                || (status >= 100 && status < 200);
        try (InputStream in = response.body()) {
            if (bodiless) {
                // HEAD keeps the Content-Length of the object it describes; the JDK server sends no body for it
                if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod()) && length.isPresent()) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(length.getAsLong()));
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // -1 = no body, 0 = chunked (length unknown), n = fixed length
            exchange.sendResponseHeaders(status, length.isEmpty() ? 0 : length.getAsLong() == 0 ? -1 : length.getAsLong());
            if (length.isEmpty() || length.getAsLong() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
    }

    private static OptionalLong contentLength(String header) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException malformed) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        emulator.thenAccept(Emulator::close);
    }
}
