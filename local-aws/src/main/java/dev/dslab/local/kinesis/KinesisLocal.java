package dev.dslab.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.dslab.local.emulator.Emulator;
import dev.dslab.local.emulator.EmulatorHttpClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;


import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;



import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;

import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;



/**
 * The Kinesis front's calls to kinesis-local: the client's own requests it inspects (forwarded with the
 * client's headers, possibly a rewritten body), and its own ListShards. Blocking, on the calling edge
 * thread, over pooled keep-alive connections (httpclient5 classic), as the DynamoDB front calls dynalite:
 * the JDK HttpClient's hand-offs between its selector and worker threads cost CPU the two cores lack
 * (see architecture.md). No automatic retries: a record is never written twice.
 */
final class KinesisLocal {

    /** kinesis-local's answer: status, headers to pass on, body. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        boolean ok() {
            return status == 200;
        }
    }

    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "date");
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=dslab/20260101/us-east-1/kinesis/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=dslab-front";
    private static final String TARGET_PREFIX = "Kinesis_20131202.";

    private final CompletableFuture<? extends Emulator> emulator;
    private final Duration timeout;
    private final CloseableHttpClient http;

    KinesisLocal(CompletableFuture<? extends Emulator> emulator, Duration timeout) {
        this.emulator = emulator;
        this.timeout = timeout;
        this.http = EmulatorHttpClient.create(timeout);
    }

    boolean started() {
        return emulator.isDone() && !emulator.isCompletedExceptionally();
    }

    /** Sends a client's request on with its own headers and {@code body} (the original or a rewritten one). */
    Response forward(String rawPath, Headers clientHeaders, byte[] body) {
        HttpPost request = new HttpPost(endpoint().resolve(rawPath));
        clientHeaders.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.addHeader(name, value));
            }
        });
        String contentType = clientHeaders.getFirst("Content-Type");
        request.setEntity(new ByteArrayEntity(body, contentType == null ? null : ContentType.parse(contentType)));
        return execute(request);
    }

    /** The stream's shards, every page, as kinesis-local lists them (JSON). */
    List<JsonNode> listShards(String stream) {
        List<JsonNode> shards = new ArrayList<>();
        ObjectNode body = WireFormat.JSON.object().put("StreamName", stream);
        while (true) {
            HttpPost request = new HttpPost(endpoint().resolve("/"));
            request.setHeader("X-Amz-Target", TARGET_PREFIX + "ListShards");
            request.setHeader("X-Amz-Date", "20260101T000000Z");
            request.setHeader("Authorization", AUTHORIZATION);
            try {
                request.setEntity(new ByteArrayEntity(WireFormat.JSON.write(body), ContentType.create(WireFormat.JSON.contentType())));
            } catch (IOException unwritable) {
                throw new KinesisError(500, "InternalFailure", "cannot write ListShards: " + unwritable.getMessage());
            }
            Response response = execute(request);
            JsonNode answer;
            try {
                answer = WireFormat.JSON.read(response.body());
            } catch (IOException notJson) {
                throw new KinesisError(503, "ServiceUnavailable", "kinesis-local answered ListShards with something not JSON");
            }
            if (!response.ok()) {
                throw new KinesisError(response.status(), answer.path("__type").asText("ServiceUnavailable"), answer.path("message").asText(""));
            }
            answer.path("Shards").forEach(shards::add);
            String next = answer.path("NextToken").asText(null);
            if (next == null || next.isEmpty() || answer.path("NextToken").isNull()) {
                return shards;
            }
            body = WireFormat.JSON.object().put("NextToken", next);
        }
    }

    private URI endpoint() {
        if (!started()) {
            throw new KinesisError(503, "ServiceUnavailable", "The local kinesis emulator has not started");
        }
        return emulator.join().endpoint();
    }

    private Response execute(HttpPost request) {
        try {
            return http.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                for (Header header : response.getHeaders()) {
                    if (!NOT_FORWARDED.contains(header.getName().toLowerCase(Locale.ROOT))) {
                        headers.add(Map.entry(header.getName(), header.getValue()));
                    }
                }
                return new Response(response.getCode(), headers, bytes);
            });
        } catch (ConnectTimeoutException | ConnectException down) {
            Emulator backend = emulator.join();
            throw new KinesisError(503, "ServiceUnavailable", "The local kinesis emulator is not reachable ("
                    + backend.process().name() + " is " + backend.process().state() + "); `dslab local status` shows it");
        } catch (SocketTimeoutException slow) {
            throw new KinesisError(503, "ServiceUnavailable", "The local kinesis emulator did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedIOException interrupted) {
            Thread.currentThread().interrupt();
            throw new KinesisError(503, "ServiceUnavailable", "The local target is stopping");
        } catch (IOException broken) {
            throw new KinesisError(503, "ServiceUnavailable", "The local kinesis emulator did not answer: " + broken);
        }
    }

    void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
