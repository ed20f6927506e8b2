package dev.dslab.shell.target;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach one target: the same SDK clients serve every target, only endpoint and credentials differ.
 *
 * @param endpoint null on a real account (the SDK's own endpoints), else the single edge endpoint
 */
public record TargetConnection(String target, URI endpoint, Region region, AwsCredentialsProvider credentials,
                               String accountId) {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    /** Lambda's longest function timeout, 15 minutes, and a minute for a cold start and the answer. */
    private static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(16);

    public CloudFormationClient cloudFormation() {
        var builder = CloudFormationClient.builder()
                .region(region).credentialsProvider(credentials)
                .httpClientBuilder(httpClient()).overrideConfiguration(timeouts());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    public S3Client s3() {
        var builder = S3Client.builder()
                .region(region).credentialsProvider(credentials)
                .httpClientBuilder(httpClient()).overrideConfiguration(timeouts());
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    /**
     * A Lambda client that waits as long as a function may run (15 minutes) and does not retry, so a
     * throttle (429) is shown as Lambda answered it rather than hidden by the SDK's retries.
     */
    public LambdaClient lambda() {
        var builder = LambdaClient.builder()
                .region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(INVOKE_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(INVOKE_TIMEOUT)
                        .retryStrategy(retry -> retry.maxAttempts(1)).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static UrlConnectionHttpClient.Builder httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(ATTEMPT_TIMEOUT);
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }
}
