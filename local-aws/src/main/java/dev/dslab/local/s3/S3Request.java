package dev.dslab.local.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a path-style S3 request is, as far as the consistency model cares: an object read, an object
 * mutation, a listing, or something else (which the front forwards unchanged). Query parameters of a
 * presigned URL (X-Amz-*) and the SDK's x-id do not change what a request is.
 */
record S3Request(Kind kind, String bucket, String key, Map<String, String> query) {

    enum Kind { OBJECT_READ, OBJECT_MUTATION, LISTING, OTHER }

    private static final Set<String> LISTING_PARAMETERS = Set.of("list-type", "prefix", "delimiter", "max-keys",
            "continuation-token", "start-after", "marker", "encoding-type", "fetch-owner");
    /** Headers that make a GET answer depend on more than the object's state: those reads are forwarded. */
    private static final Set<String> SELECTIVE_READ_HEADERS = Set.of("range", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since");

    static S3Request of(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String key = slash < 0 ? "" : trimmed.substring(slash + 1);
        Kind kind = Kind.OTHER;
        if (!bucket.isEmpty() && !key.isEmpty()) {
            kind = objectKind(method, query, exchange.getRequestHeaders());
        } else if (!bucket.isEmpty() && method.equals("GET") && LISTING_PARAMETERS.containsAll(query.keySet())) {
            kind = Kind.LISTING;
        }
        return new S3Request(kind, bucket, key, query);
    }

    private static Kind objectKind(String method, Map<String, String> query, Headers headers) {
        return switch (method) {
            case "GET", "HEAD" -> query.isEmpty() && headers.keySet().stream()
                    .noneMatch(name -> SELECTIVE_READ_HEADERS.contains(name.toLowerCase(Locale.ROOT))) ? Kind.OBJECT_READ : Kind.OTHER;
            // PutObject and CopyObject (x-amz-copy-source); PUT with a query is a part, ACL, tagging...
            case "PUT" -> query.isEmpty() ? Kind.OBJECT_MUTATION : Kind.OTHER;
            // CompleteMultipartUpload creates or replaces the object; other POSTs (CreateMultipartUpload) do not
            case "POST" -> query.keySet().equals(Set.of("uploadId")) ? Kind.OBJECT_MUTATION : Kind.OTHER;
            // DeleteObject, also of one version; AbortMultipartUpload (uploadId) leaves the object alone
            case "DELETE" -> query.isEmpty() || query.keySet().equals(Set.of("versionId")) ? Kind.OBJECT_MUTATION : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    /** The query's parameters, decoded, without those of presigned URLs and the SDK's operation marker. */
    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!name.regionMatches(true, 0, "X-Amz-", 0, 6) && !name.equals("x-id")) {
                parameters.put(name, value);
            }
        }
        return parameters;
    }

    static String decode(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
