package dev.dslab.local.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Error responses in the shape the caller's SDK parses: JSON with __type for the JSON protocols
 * (DynamoDB, Kinesis, Lambda's REST JSON), the S3 XML error document otherwise. The code is also in the
 * x-amzn-ErrorType header, which every SDK protocol reads first.
 */
public final class AwsErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsErrors() {
    }

    public static void send(HttpExchange exchange, int status, String code, String message) throws IOException {
        String requestId = UUID.randomUUID().toString();
        byte[] body;
        boolean json = wantsJson(exchange);
        if (json) {
            ObjectNode error = JSON.createObjectNode().put("__type", code).put("message", message);
            body = JSON.writeValueAsBytes(error);
            exchange.getResponseHeaders().set("Content-Type", contentTypeOrJson(exchange));
        } else {
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(code) + "</Code><Message>" + xml(message)
                    + "</Message><RequestId>" + requestId + "</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
        }
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static boolean wantsJson(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return exchange.getRequestHeaders().containsKey("X-Amz-Target")
                || (contentType != null && (contentType.contains("json") || contentType.contains("cbor")));
    }

    private static String contentTypeOrJson(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return contentType != null && contentType.startsWith("application/x-amz-json") ? contentType : "application/json";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
