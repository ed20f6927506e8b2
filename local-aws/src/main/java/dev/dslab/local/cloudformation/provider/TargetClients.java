package dev.dslab.local.cloudformation.provider;

import dev.dslab.local.LocalTargetContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SDK clients to the target's own services through its edge: the providers create resources exactly as
 * any client outside the target would. Built once and shared by every provider.
 */
public final class TargetClients implements AutoCloseable {

    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final KinesisClient kinesis;
    private final LambdaClient lambda;

    public TargetClients(LocalTargetContext context) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                LocalTargetContext.ACCESS_KEY_ID, LocalTargetContext.SECRET_ACCESS_KEY));
        Region region = Region.of(context.region());
        ClientOverrideConfiguration timeouts = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(90)).build();
        dynamoDb = DynamoDbClient.builder().httpClient(http).endpointOverride(context.edge()).region(region)
                .credentialsProvider(credentials).overrideConfiguration(timeouts).build();
        s3 = S3Client.builder().httpClient(http).endpointOverride(context.edge()).region(region)
                .credentialsProvider(credentials).overrideConfiguration(timeouts).forcePathStyle(true).build();
        kinesis = KinesisClient.builder().httpClient(http).endpointOverride(context.edge()).region(region)
                .credentialsProvider(credentials).overrideConfiguration(timeouts).build();
        lambda = LambdaClient.builder().httpClient(http).endpointOverride(context.edge()).region(region)
                .credentialsProvider(credentials).overrideConfiguration(timeouts).build();
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
