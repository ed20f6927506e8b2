package dev.dslab.local.edge;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which service a request is for, read from its SigV4 credential scope
 * (Credential=AKID/DATE/REGION/SERVICE/aws4_request) in the Authorization header or, for a presigned
 * URL, in the X-Amz-Credential query parameter.
 */
public final class SigningName {

    private static final String CREDENTIAL = "Credential=";
    private static final String QUERY_CREDENTIAL = "X-Amz-Credential=";

    private SigningName() {
    }

    /** The signing name, or empty for an unsigned (or SigV2-signed) request. */
    public static Optional<String> of(Headers headers, String rawQuery) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null) {
            int start = authorization.indexOf(CREDENTIAL);
            if (start >= 0) {
                int end = authorization.indexOf(',', start);
                String scope = authorization.substring(start + CREDENTIAL.length(), end < 0 ? authorization.length() : end);
                return service(scope.trim());
            }
        }
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                if (parameter.regionMatches(true, 0, QUERY_CREDENTIAL, 0, QUERY_CREDENTIAL.length())) {
                    String scope = URLDecoder.decode(parameter.substring(QUERY_CREDENTIAL.length()), StandardCharsets.UTF_8);
                    return service(scope);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> service(String scope) {
        String[] parts = scope.split("/");
        return parts.length == 5 && !parts[3].isEmpty() ? Optional.of(parts[3]) : Optional.empty();
    }
}
