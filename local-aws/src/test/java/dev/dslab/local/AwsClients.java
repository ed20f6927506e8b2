package dev.dslab.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** SDK v2 clients pointed at a local target's edge, configured as any outside client would be. */
final class AwsClients {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalTargetContext.ACCESS_KEY_ID, LocalTargetContext.SECRET_ACCESS_KEY));
    private static final Region REGION = Region.of(LocalTargetContext.DEFAULT_REGION);

    private AwsClients() {
    }

    static SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    static DynamoDbClient dynamoDb(URI edge) {
        return DynamoDbClient.builder().endpointOverride(edge).region(REGION).credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    static KinesisClient kinesis(URI edge) {
        return KinesisClient.builder().endpointOverride(edge).region(REGION).credentialsProvider(CREDENTIALS).httpClient(http()).build();
    }

    static S3Client s3(URI edge) {
        return S3Client.builder().endpointOverride(edge).region(REGION).credentialsProvider(CREDENTIALS).httpClient(http())
                .forcePathStyle(true).build();
    }

    static S3Presigner s3Presigner(URI edge) {
        return S3Presigner.builder().endpointOverride(edge).region(REGION).credentialsProvider(CREDENTIALS)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
