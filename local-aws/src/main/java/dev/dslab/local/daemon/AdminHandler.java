package dev.dslab.local.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.dslab.local.LocalTargetStatus;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.admin.AdminException;
import dev.dslab.local.edge.Edge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The daemon's own endpoints under /_dslab/, for the holder of the admin token only:
 * GET status (JSON {@link LocalTargetStatus}), POST stop, and the services' model controls
 * ({@link AdminEndpoint}) at &lt;signing name&gt;/&lt;control&gt;.
 */
public final class AdminHandler implements HttpHandler {

    public static final String TOKEN_HEADER = "X-Dslab-Token";

    private static final ObjectMapper JSON = DaemonState.JSON;

    private final byte[] token;
    private final Supplier<LocalTargetStatus> status;
    private final Runnable stop;
    private final Map<String, AdminEndpoint> endpoints;

    /** @param endpoints model controls by their path under /_dslab/, e.g. "dynamodb/replication" */
    public AdminHandler(String token, Supplier<LocalTargetStatus> status, Runnable stop, Map<String, AdminEndpoint> endpoints) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.status = status;
        this.stop = stop;
        this.endpoints = Map.copyOf(endpoints);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
            if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                reply(exchange, 403, Map.of("error", "the " + TOKEN_HEADER + " header must carry the admin token of this local target"));
                return;
            }
            String action = exchange.getRequestURI().getPath().substring(Edge.ADMIN_PATH.length());
            String method = exchange.getRequestMethod();
            switch (action) {
                case "status" -> {
                    if (method.equals("GET")) {
                        reply(exchange, 200, status.get());
                    } else {
                        reply(exchange, 405, Map.of("error", "use GET " + Edge.ADMIN_PATH + "status"));
                    }
                }
                case "stop" -> {
                    if (method.equals("POST")) {
                        reply(exchange, 202, Map.of("stopping", true));
                        stop.run();
                    } else {
                        reply(exchange, 405, Map.of("error", "use POST " + Edge.ADMIN_PATH + "stop"));
                    }
                }
                default -> {
                    AdminEndpoint endpoint = endpoints.get(action);
                    if (endpoint == null) {
                        reply(exchange, 404, Map.of("error", "no admin endpoint " + exchange.getRequestURI().getPath()));
                    } else {
                        control(exchange, endpoint, method);
                    }
                }
            }
        }
    }

    private static void control(HttpExchange exchange, AdminEndpoint endpoint, String method) throws IOException {
        if (!method.equals("GET") && !method.equals("POST")) {
            reply(exchange, 405, Map.of("error", "use GET to read or POST to change " + exchange.getRequestURI().getPath()));
            return;
        }
        JsonNode body = null;
        if (method.equals("POST")) {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            } catch (IOException unreadable) {
                reply(exchange, 400, Map.of("error", "the request body is not JSON: " + unreadable.getMessage()));
                return;
            }
        }
        try {
            reply(exchange, 200, endpoint.handle(method, body));
        } catch (AdminException refused) {
            reply(exchange, refused.status(), Map.of("error", refused.getMessage()));
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
