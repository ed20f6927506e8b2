package dev.dslab.local.cloudformation.provider;

import dev.dslab.local.LocalTargetContext;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
