package dev.dslab.kcl;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.KinesisClientUtil;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseManagementFactory;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A KCL 3 worker process: one {@link Scheduler} consuming one stream, reporting every record it processes
 * (see {@link Report}) and checkpointing by its policy. Experiments run it as a child process so they can
 * kill it -9; it ends itself when its standard input reaches end-of-file, which the kernel delivers when the
 * parent dies however it dies, so no worker outlives the experiment that started it. SIGTERM shuts it down
 * gracefully (leases checkpointed and released).
 *
 * <p>Exit status: 0 after a graceful shutdown, 2 bad arguments, 1 KCL failed to start, 129 parent gone.
 */
public final class KclWorker {

    static final int PARENT_GONE_STATUS = 129;

    private KclWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println(WorkerOptions.USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        WorkerOptions options;
        try {
            options = WorkerOptions.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("kcl-worker: " + bad.getMessage());
            System.exit(2);
            return;
        }
        Thread parentWatch = new Thread(KclWorker::haltWhenParentGone, "dslab-parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        try {
            System.exit(run(options));
        } catch (Exception failed) {
            failed.printStackTrace();
            System.err.println("kcl-worker: KCL could not start: " + failed);
            System.exit(1);
        }
    }

    static int run(WorkerOptions options) throws Exception {
        Region region = Region.of(options.region());
        KinesisAsyncClient kinesis = kinesisClient(options, region);
        DynamoDbAsyncClient dynamoDb = withEndpoint(DynamoDbAsyncClient.builder(), options.endpoint())
                .region(region).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(http(Protocol.HTTP1_1)).overrideConfiguration(timeouts()).build();
        // KCL's builder needs a CloudWatch client; with NullMetricsFactory it is never called
        CloudWatchAsyncClient cloudWatch = withEndpoint(CloudWatchAsyncClient.builder(), options.endpoint())
                .region(region).credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(http(Protocol.HTTP1_1)).overrideConfiguration(timeouts()).build();
        Report report = new Report(options.report(), options.workerId());
        InitialPositionInStreamExtended position = InitialPositionInStreamExtended.newInitialPosition(
                InitialPositionInStream.valueOf(options.initialPosition()));
        ConfigsBuilder configs = new ConfigsBuilder(new SingleStreamTracker(options.stream(), position), options.application(),
                kinesis, dynamoDb, cloudWatch, options.workerId(),
                () -> new ReportingProcessor(report, options.processingDelay(), options.checkpointEveryRecords(), options.checkpointEvery()));

        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .failoverTimeMillis(options.failoverTime().toMillis())
                .leaseAssignmentIntervalMillis(options.assignmentInterval().toMillis())
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(options.leaderLease().toMillis())
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(Math.min(30_000, options.leaderLease().toMillis() / 4));
        // worker metrics (CPU and so on) drive KCL 3's load balancing; a lab's processes share one machine
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true)
                .workerMetricsReporterFreqInMillis(options.metricsInterval().toMillis());
        var retrieval = configs.retrievalConfig().retrievalSpecificConfig(options.enhancedFanOut()
                ? new FanOutConfig(kinesis).streamName(options.stream()).applicationName(options.application())
                : new PollingConfig(options.stream(), kinesis).idleTimeBetweenReadsInMillis(options.pollInterval().toMillis()));
        // a child shard's consumer blocks until every parent's lease is checkpointed at SHARD_END, looking again after this
        var coordinator = configs.coordinatorConfig().parentShardPollIntervalMillis(options.parentPollInterval().toMillis());
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(), coordinator, leases,
                configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true), retrieval);

        long started = System.nanoTime();
        int bootstrapped = -1;
        String bootstrapProblem = "";
        if (options.bootstrapLeases()) {
            // the same factory instance the scheduler built and will use
            LeaseManagementFactory factory = leases.leaseManagementFactory(new DynamoDBLeaseSerializer(), false);
            try {
                bootstrapped = LeaseBootstrap.createLeases(factory, options.stream(), position, leases.streamIdOnboardingState());
            } catch (Exception throttledOrUnreachable) {
                // only a shortcut: KCL's own initialization (with its retries and its wait) creates the leases anyway
                bootstrapProblem = String.valueOf(throttledOrUnreachable);
                System.err.println("kcl-worker: leases not created before KCL starts (" + bootstrapProblem + "); KCL will");
            }
        }
        report.write("started", Map.of("stream", options.stream(), "application", options.application(),
                "leases", bootstrapped, "bootstrapMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                "bootstrapProblem", bootstrapProblem));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.startGracefulShutdown().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // halting anyway: what was not checkpointed is replayed by the next lease holder
            }
            report.write("stopped", Map.of());
        }, "dslab-graceful-shutdown"));
        scheduler.run();
        if (scheduler.hasGracefulShutdownStarted()) {
            return 0;
        }
        System.err.println("kcl-worker: KCL's scheduler stopped on its own (no graceful shutdown was asked for)");
        return 1;
    }

    private static KinesisAsyncClient kinesisClient(WorkerOptions options, Region region) {
        KinesisAsyncClientBuilder builder = withEndpoint(KinesisAsyncClient.builder(), options.endpoint())
                .region(region).credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (options.enhancedFanOut()) {
            // SubscribeToShard needs HTTP/2; KCL's own adjustment sets it and its timeouts
            return KinesisClientUtil.createKinesisAsyncClient(builder);
        }
        return builder.httpClientBuilder(http(Protocol.HTTP1_1)).build();
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B withEndpoint(B builder, URI endpoint) {
        return endpoint == null ? builder : builder.endpointOverride(endpoint);
    }

    private static NettyNioAsyncHttpClient.Builder http(Protocol protocol) {
        return NettyNioAsyncHttpClient.builder().protocol(protocol).maxConcurrency(50)
                .connectionTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(30)).writeTimeout(Duration.ofSeconds(30));
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder().apiCallAttemptTimeout(Duration.ofSeconds(10))
                .apiCallTimeout(Duration.ofSeconds(30)).build();
    }

    private static void haltWhenParentGone() {
        try {
            while (System.in.read() >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file
        }
        // halt, not exit: a graceful shutdown would keep an orphan alive for seconds
        Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }
}
