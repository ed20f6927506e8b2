package dev.dslab.local;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * AWS SDK v2 clients pointed at a local target's edge, configured as any program outside the target
 * configures them: the handed-out static credentials, the target's region, path-style S3 (the edge is one
 * host, no bucket subdomains) and a timeout on every call. The target's own services use it to call each
 * other, tests and the shell use it to reach the target.
 *
 * <p>Each client built owns (and closes) its own HTTP client, unless {@link #sharing} names one to share:
 * that one stays the caller's to close.
 */
public final class EdgeClients {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A Lambda invoke holds the socket while the function runs. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Longer than one socket read (a slow invoke), yet no call hangs for good. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(90);

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalTargetContext.ACCESS_KEY_ID, LocalTargetContext.SECRET_ACCESS_KEY));

    private final URI edge;
    private final Region region;
    private final SdkHttpClient sharedHttp;

    private EdgeClients(URI edge, Region region, SdkHttpClient sharedHttp) {
        this.edge = edge;
        this.region = region;
        this.sharedHttp = sharedHttp;
    }

    /** Clients for the target's edge, in its region. */
    public static EdgeClients of(LocalTargetContext context) {
        return new EdgeClients(context.edge(), Region.of(context.region()), null);
    }

    /** Clients for an edge serving the default region. */
    public static EdgeClients of(URI edge) {
        return new EdgeClients(edge, Region.of(LocalTargetContext.DEFAULT_REGION), null);
    }

    /** An HTTP client with the edge timeouts, for {@link #sharing}. */
    public static SdkHttpClient httpClient() {
        return httpClientBuilder().build();
    }

    /** The same clients, all sending through {@code http}, which the caller closes after them. */
    public EdgeClients sharing(SdkHttpClient http) {
        return new EdgeClients(edge, region, http);
    }

    /**
     * Points any service's client builder at the edge; the caller may set more before building (an
     * {@code overrideConfiguration} set later replaces {@link #API_CALL_TIMEOUT}, so it should set one).
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(API_CALL_TIMEOUT).build());
        return sharedHttp != null ? builder.httpClient(sharedHttp) : builder.httpClientBuilder(httpClientBuilder());
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder()).build();
    }

    public S3Client s3() {
        return configure(S3Client.builder()).forcePathStyle(true).build();
    }

    public KinesisClient kinesis() {
        return configure(KinesisClient.builder()).build();
    }

    public LambdaClient lambda() {
        return configure(LambdaClient.builder()).build();
    }

    public CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder()).build();
    }

    /** Presigned S3 URLs on the edge's host (path style), signed with the handed-out credentials. */
    public S3Presigner s3Presigner() {
        return S3Presigner.builder().endpointOverride(edge).region(region).credentialsProvider(CREDENTIALS)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private static UrlConnectionHttpClient.Builder httpClientBuilder() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT);
    }
}
