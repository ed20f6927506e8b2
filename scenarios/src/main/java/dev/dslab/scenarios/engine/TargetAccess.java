package dev.dslab.scenarios.engine;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How an experiment reaches its target, and the SDK clients it uses there. Experiment clients never retry and give up after a few seconds: an experiment wants to SEE a failure (and record it as fail or
 * indeterminate), not have the SDK hide it behind retries.
 *
 * @param endpoint null on a real account (the SDK's own endpoints), else the target's single endpoint
 */
public record TargetAccess(String target, URI endpoint, Region region, AwsCredentialsProvider credentials) {

    /** Per attempt: a request the target does not answer in this time is recorded as indeterminate. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    public DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(httpClient()).overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    public S3Client s3() {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(httpClient()).overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    /** An S3 client whose calls may take up to {@code callTimeout}: for objects of megabytes, which take longer than a read. */
    public S3Client s3(Duration callTimeout) {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(callTimeout))
                .overrideConfiguration(overrides(callTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    public KinesisClient kinesis() {
        var builder = KinesisClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(httpClient()).overrideConfiguration(overrides());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /**
     * A Kinesis client that stops waiting for an answer {@code readTimeout} after its request was sent: a producer
     * with a short timeout meets puts it cannot tell were written, as a real one does on a slow network. (A read
     * timeout, not an attempt timeout: the request has been sent in full, so the target did receive it.)
     */
    public KinesisClient kinesis(Duration readTimeout) {
        var builder = KinesisClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(readTimeout))
                .overrideConfiguration(overrides(ATTEMPT_TIMEOUT.plus(readTimeout)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /**
     * A Lambda client that waits up to {@code invokeTimeout} for an invocation: a cold start is what some
     * experiments measure, and it can take seconds on a busy machine.
     */
    public LambdaClient lambda(Duration invokeTimeout) {
        var builder = LambdaClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(invokeTimeout))
                .overrideConfiguration(overrides(invokeTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(ATTEMPT_TIMEOUT);
    }

    private static ClientOverrideConfiguration overrides() {
        return overrides(ATTEMPT_TIMEOUT);
    }

    private static ClientOverrideConfiguration overrides(Duration attemptTimeout) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(builder -> builder.maxAttempts(1))
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(attemptTimeout.plusSeconds(1))
                .build();
    }
}
