package dev.dslab.local.cloudformation.provider;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients to the target's own services through its edge: the providers create resources exactly as
 * any client outside the target would. Built once and shared by every provider.
 */
public final class TargetClients implements AutoCloseable {

    private final SdkHttpClient http = EdgeClients.httpClient();
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final KinesisClient kinesis;
    private final LambdaClient lambda;

    public TargetClients(LocalTargetContext context) {
        EdgeClients edge = EdgeClients.of(context).sharing(http);
        dynamoDb = edge.dynamoDb();
        s3 = edge.s3();
        kinesis = edge.kinesis();
        lambda = edge.lambda();
    }

    /**
     * Makes one cheap call per service, so the SDK's first-call costs (class loading, marshallers, signer)
     * are paid while the daemon starts, not by the first stack deployed: they take 2-3 s in a cold JVM
     * against ~1 s for the whole sandbox stack afterwards. Retries while the edge is not listening yet.
     */
    public void warmUp(Duration patience) {
        List<Runnable> calls = new ArrayList<>(List.of(
                () -> dynamoDb.listTables(r -> r.limit(1)),
                () -> s3.listBuckets(),
                () -> kinesis.listStreams(r -> r.limit(1)),
                () -> lambda.listFunctions(r -> r.maxItems(1))));
        long deadline = System.nanoTime() + patience.toNanos();
        while (!calls.isEmpty() && System.nanoTime() < deadline) {
            calls.removeIf(call -> {
                try {
                    call.run();
                    return true;
                } catch (SdkClientException notListeningYet) {
                    return false;
                } catch (RuntimeException answeredOrClosed) {
                    return true; // an answer, even an error, loaded the code paths; a closed client ends it
                }
            });
            if (!calls.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public S3Client s3() {
        return s3;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    public LambdaClient lambda() {
        return lambda;
    }

    @Override
    public void close() {
        dynamoDb.close();
        s3.close();
        kinesis.close();
        lambda.close();
        http.close();
    }
}
