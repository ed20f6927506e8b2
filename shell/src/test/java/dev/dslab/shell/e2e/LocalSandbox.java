package dev.dslab.shell.e2e;

import dev.dslab.local.LocalTargetContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/** SDK clients for the local target, configured as any outside program would configure them. */
record LocalSandbox(URI edge) {

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(edge).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalTargetContext.ACCESS_KEY_ID, LocalTargetContext.SECRET_ACCESS_KEY)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(30)).build());
    }

    private static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30));
    }

    DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder()).httpClientBuilder(http()).build();
    }

    S3Client s3() {
        return configure(S3Client.builder()).httpClientBuilder(http()).forcePathStyle(true).build();
    }

    KinesisClient kinesis() {
        return configure(KinesisClient.builder()).httpClientBuilder(http()).build();
    }

    LambdaClient lambda() {
        return configure(LambdaClient.builder()).httpClientBuilder(http()).build();
    }

    CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder()).httpClientBuilder(http()).build();
    }
}
