package dev.dslab.local.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.admin.AdminException;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.edge.ProxyService;
import dev.dslab.local.edge.ServiceProcess;
import dev.dslab.local.emulator.Emulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 of the local target: S3Proxy behind a consistency model. In mode {@code strong} (the default,
 * S3's model since December 2020) every request is forwarded unchanged. In mode {@code legacy-2019} it
 * plays the model S3 documented before (see {@link ConsistencyMode}): overwrites, deletes and listings are
 * eventually consistent, PUTs of new keys are read-after-write consistent unless a GET or HEAD found the
 * key missing shortly before. Stale answers are S3Proxy's own earlier answers for that key, replayed, so
 * they parse as any other. What the model does not cover is forwarded unchanged in both modes: multipart
 * parts, ranged and conditional GETs, versionId GETs, DeleteObjects, ACLs, tagging, bucket operations,
 * and virtual-hosted-style requests (the edge is one host, clients use path style).
 */
public final class S3Front implements AwsService {

    private static final Logger log = LoggerFactory.getLogger(S3Front.class);

    private final ProxyService proxy;
    private volatile ConsistencySettings settings = ConsistencySettings.DEFAULT;
    /** Present in mode legacy-2019; replaced (forgetting everything) whenever the settings change. */
    private volatile LegacyModel legacy;

    public S3Front(CompletableFuture<? extends Emulator> s3Proxy) {
        this.proxy = new ProxyService("s3", s3Proxy, Duration.ofMinutes(5));
    }

    @Override
    public String signingName() {
        return proxy.signingName();
    }

    @Override
    public List<ServiceProcess> processes() {
        return proxy.processes();
    }

    @Override
    public Map<String, AdminEndpoint> adminEndpoints() {
        return Map.of("consistency", this::consistency);
    }

    private synchronized Object consistency(String method, JsonNode body) {
        if (method.equals("POST")) {
            ConsistencySettings changed = settings.with(body);
            legacy = changed.mode() == ConsistencyMode.LEGACY_2019
                    ? new LegacyModel(new LagDistribution(changed.lagMedianMillis(), changed.lagP99Millis(), changed.seed()))
                    : null;
            settings = changed;
            log.info("S3 consistency set to {}", changed.toJson());
        } else if (!method.equals("GET")) {
            throw new AdminException(405, "use GET to read or POST to change s3/consistency");
        }
        return settings.toJson();
    }

    public ConsistencySettings settings() {
        return settings;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        LegacyModel model = legacy;
        if (model == null) {
            proxy.handle(exchange);
            return;
        }
        S3Request request = S3Request.of(exchange);
        switch (request.kind()) {
            case OBJECT_READ -> read(exchange, request, model);
            case OBJECT_MUTATION -> mutate(exchange, request, model);
            case LISTING -> list(exchange, request, model);
            case OTHER -> proxy.handle(exchange);
        }
    }

    private void read(HttpExchange exchange, S3Request request, LegacyModel model) throws IOException {
        Optional<StoredResponse> stale = model.read(request.bucket(), request.key());
        int status;
        if (stale.isPresent()) {
            try (exchange) {
                stale.get().replay(exchange);
            }
            status = stale.get().status();
        } else {
            proxy.handle(exchange);
            status = exchange.getResponseCode();
        }
        if (status == 404) {
            model.lookedUpMissing(request.bucket(), request.key());
        }
    }

    private void mutate(HttpExchange exchange, S3Request request, LegacyModel model) throws IOException {
        ReentrantLock lock = model.mutationLock(request.bucket(), request.key());
        lock.lock();
        try {
            Optional<StoredResponse> before = stateOf(exchange.getRequestURI().getRawPath(), model);
            proxy.handle(new AcknowledgingExchange(exchange, status -> {
                if (status >= 200 && status < 300) {
                    model.mutated(request.bucket(), request.key(), before);
                }
            }));
        } finally {
            lock.unlock();
        }
    }

    /** The key's current state as S3Proxy answers a plain GET, when it is small enough to keep. */
    private Optional<StoredResponse> stateOf(String rawPath, LegacyModel model) {
        try {
            HttpResponse<byte[]> current = proxy.fetch("GET", rawPath, Map.of());
            boolean keepable = current.statusCode() == 404 || current.statusCode() == 200 && model.canKeep(current.body().length);
            return keepable ? Optional.of(StoredResponse.of(current)) : Optional.empty();
        } catch (IOException unreachable) {
            // the forwarded mutation will meet the same trouble and report it to the client
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void list(HttpExchange exchange, S3Request request, LegacyModel model) throws IOException {
        Map<String, StoredResponse> seen = model.listing(request.bucket(), request.query().getOrDefault("prefix", ""));
        if (seen.isEmpty()) {
            proxy.handle(exchange);
            return;
        }
        HttpResponse<byte[]> current;
        try {
            String rawQuery = exchange.getRequestURI().getRawQuery();
            current = proxy.fetch("GET", exchange.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery),
                    exchange.getRequestHeaders());
        } catch (IOException | InterruptedException unreachable) {
            if (unreachable instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            proxy.handle(exchange); // answers the client with the proxy's own 503 and reason
            return;
        }
        byte[] body = current.body();
        if (current.statusCode() == 200) {
            body = ListingRewriter.rewrite(body, seen, request.query()).orElse(body);
        }
        try (exchange) {
            StoredResponse.of(current.statusCode(), current.headers().map(), body).replay(exchange);
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
