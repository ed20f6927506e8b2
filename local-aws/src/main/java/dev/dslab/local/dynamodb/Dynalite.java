package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dslab.local.emulator.Emulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The front's own JSON calls to dynalite: replica reads and writes, replication, table management. dynalite
 * checks that a request carries a well-formed SigV4 Authorization header but not its signature, so the
 * front's calls carry a fixed one.
 */
final class Dynalite {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=dslab/20260101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=dslab-front";

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
    private final HttpClient http;

    Dynalite(CompletableFuture<? extends Emulator> emulator, Duration timeout) {
        this.emulator = emulator;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
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
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(timeout)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                    .header("X-Amz-Date", "20260101T000000Z")
                    .header("Authorization", AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json instanceof ObjectNode object ? object : JSON.createObjectNode());
        } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException down) {
            Emulator backend = emulator.join();
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator is not reachable ("
                    + backend.process().name() + " is " + backend.process().state() + "); `dslab local status` shows it");
        } catch (java.net.http.HttpTimeoutException slow) {
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException broken) {
            throw new DynamoDbError(503, "ServiceUnavailable", "The local dynamodb emulator did not answer: " + broken);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DynamoDbError(503, "ServiceUnavailable", "The local target is stopping");
        }
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
