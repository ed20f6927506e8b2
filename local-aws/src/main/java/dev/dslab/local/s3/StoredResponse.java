package dev.dslab.local.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One answer of S3Proxy kept as it was (status, headers, body), so that the front can answer a later
 * request with exactly what S3Proxy said for that earlier state: the SDK and the aws CLI parse it as any
 * other S3 answer.
 */
record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** Headers the JDK server sets itself or that describe the old connection, not the object. */
    private static final Set<String> NOT_REPLAYED = Set.of("connection", "keep-alive", "transfer-encoding", "content-length", "date");

    static StoredResponse of(HttpResponse<byte[]> response) {
        return of(response.statusCode(), response.headers().map(), response.body());
    }

    static StoredResponse of(int status, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                kept.put(name, List.copyOf(values));
            }
        });
        return new StoredResponse(status, Map.copyOf(kept), body);
    }

    boolean exists() {
        return status == 200;
    }

    Optional<String> header(String name) {
        return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .flatMap(header -> header.getValue().stream()).findFirst();
    }

    /** Memory this answer holds, roughly. */
    long weight() {
        return body.length + 512L;
    }

    /** Sends this answer; for HEAD the headers only, with the Content-Length of the body GET would have. */
    void replay(HttpExchange exchange) throws IOException {
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            if (exists()) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
