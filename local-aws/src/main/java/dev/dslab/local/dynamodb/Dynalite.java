package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dslab.local.emulator.Emulator;
import dev.dslab.local.emulator.EmulatorHttpClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;


import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;



import org.apache.hc.core5.http.ContentType;

import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;



/**
 * The front's own JSON calls to dynalite: replica reads and writes, replication, table management. dynalite
 * checks that a request carries a well-formed SigV4 Authorization header but not its signature, so the
 * front's calls carry a fixed one.
 */
final class Dynalite {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=dslab/20260101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=dslab-front";
    private static final ContentType AMZ_JSON = ContentType.create("application/x-amz-json-1.0");

    /** dynalite's answer: its HTTP status and JSON body (an error has __type and message). */
    record Response(int status, ObjectNode body) {

        boolean ok() {
            return status == 200;
        }

        String errorCode() {
            String type = body.path("__type").asText("");
            return type.substring(type.indexOf('#') + 1);
        }

        /** For a response the front cannot pass on: dynalite's reason, as a one-line failure. */
        DynamoDbError asError() {
            return new DynamoDbError(status, errorCode(), body.path("message").asText(errorCode()));
        }
    }

    private final CompletableFuture<? extends Emulator> emulator;
    private final Duration timeout;
    /** See {@link EmulatorHttpClient} for why not the JDK client. */
    private final CloseableHttpClient http;

    Dynalite(CompletableFuture<? extends Emulator> emulator, Duration timeout) {
        this.emulator = emulator;
        this.timeout = timeout;
        this.http = EmulatorHttpClient.create(timeout);
    }

    boolean started() {
        return emulator.isDone() && !emulator.isCompletedExceptionally();
    }

    Response call(String operation, JsonNode body) {
        if (!started()) {
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator has not started");
        }
        URI endpoint = emulator.join().endpoint();
        try {
            HttpPost request = new HttpPost(endpoint.resolve("/"));
            request.setHeader("X-Amz-Target", "DynamoDB_20120810." + operation);
            request.setHeader("X-Amz-Date", "20260101T000000Z");
            request.setHeader("Authorization", AUTHORIZATION);
            request.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(body), AMZ_JSON));
            return http.execute(request, response -> {
                byte[] bytes = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                JsonNode json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
                return new Response(response.getCode(), json instanceof ObjectNode object ? object : JSON.createObjectNode());
            });
        } catch (ConnectTimeoutException | ConnectException down) {
            Emulator backend = emulator.join();
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator is not reachable ("
                    + backend.process().name() + " is " + backend.process().state() + "); `dslab local status` shows it");
        } catch (SocketTimeoutException slow) {
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedIOException interrupted) {
            Thread.currentThread().interrupt();
            throw new DynamoDbError(503, "ServiceUnavailable", "The local target is stopping");
        } catch (IOException broken) {
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator did not answer: " + broken);
        }
    }

    void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    /** A call that must succeed (the front's own bookkeeping): dynalite's refusal becomes the error. */
    ObjectNode require(String operation, JsonNode body) {
        Response response = call(operation, body);
        if (!response.ok()) {
            throw response.asError();
        }
        return response.body();
    }
}
