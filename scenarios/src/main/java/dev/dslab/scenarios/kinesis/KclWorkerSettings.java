package dev.dslab.scenarios.kinesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a KCL worker process consumes (the kcl-consumers jar's arguments, see its README): the stream and
 * application (= lease table), the checkpoint policy, the time spent per record, where a new lease starts,
 * and KCL's failover settings.
 *
 * @param checkpointEveryRecords 0: no checkpoint by count
 * @param checkpointEvery zero: no checkpoint by time
 * @param bootstrapLeases create the shards' leases before KCL starts, skipping its random 1-30 s wait on an
 *                        empty lease table
 */
public record KclWorkerSettings(String stream, String application, int checkpointEveryRecords, Duration checkpointEvery,
                                Duration processingDelay, String initialPosition, Duration pollInterval,
                                Duration failoverTime, Duration assignmentInterval, Duration leaderLease,
                                Duration metricsInterval, boolean bootstrapLeases, Duration parentPollInterval) {

    /**
     * Checkpoint every 100 records, no delay, TRIM_HORIZON, 250 ms polls, KCL's failover defaults (10 s failover,
     * leases assigned every 20 s, 120 s leader lease, metrics reported every 30 s), bootstrapped leases, KCL's 10 s
     * between two looks whether a child shard's parents are finished.
     */
    public static KclWorkerSettings of(String stream, String application) {
        return new KclWorkerSettings(stream, application, 100, Duration.ZERO, Duration.ZERO, "TRIM_HORIZON",
                Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(120), Duration.ofSeconds(30), true,
                Duration.ofSeconds(10));
    }

    public KclWorkerSettings checkpointEvery(int records, Duration time) {
        return new KclWorkerSettings(stream, application, records, time, processingDelay, initialPosition, pollInterval,
                failoverTime, assignmentInterval, leaderLease, metricsInterval, bootstrapLeases, parentPollInterval);
    }

    public KclWorkerSettings processingDelay(Duration delay) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, delay, initialPosition,
                pollInterval, failoverTime, assignmentInterval, leaderLease, metricsInterval, bootstrapLeases, parentPollInterval);
    }

    public KclWorkerSettings initialPosition(String position) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, processingDelay, position,
                pollInterval, failoverTime, assignmentInterval, leaderLease, metricsInterval, bootstrapLeases, parentPollInterval);
    }

    /**
     * @param failover   a lease not renewed for this long is expired (failoverTimeMillis)
     * @param assignment how often KCL 3's leader assigns expired and unassigned leases (leaseAssignmentIntervalMillis)
     * @param leader     how long the leader's lock outlives its last heartbeat: a killed leader is replaced after this
     */
    public KclWorkerSettings failover(Duration failover, Duration assignment, Duration leader) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, processingDelay,
                initialPosition, pollInterval, failover, assignment, leader, metricsInterval, bootstrapLeases, parentPollInterval);
    }

    /**
     * How often each worker reports its metrics; KCL 3's leader counts a worker alive until two intervals after
     * its last report, and meanwhile gives a survivor only its share of a dead worker's expired leases.
     */
    public KclWorkerSettings metricsInterval(Duration interval) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, processingDelay,
                initialPosition, pollInterval, failoverTime, assignmentInterval, leaderLease, interval, bootstrapLeases, parentPollInterval);
    }

    public KclWorkerSettings bootstrapLeases(boolean bootstrap) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, processingDelay,
                initialPosition, pollInterval, failoverTime, assignmentInterval, leaderLease, metricsInterval, bootstrap, parentPollInterval);
    }

    /** How long a child shard's consumer waits before it looks again whether its parents are finished (KCL's parentShardPollIntervalMillis). */
    public KclWorkerSettings parentPollInterval(Duration interval) {
        return new KclWorkerSettings(stream, application, checkpointEveryRecords, checkpointEvery, processingDelay,
                initialPosition, pollInterval, failoverTime, assignmentInterval, leaderLease, metricsInterval, bootstrapLeases, interval);
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--stream", stream, "--application", application,
                "--checkpoint-every-records", Integer.toString(checkpointEveryRecords),
                "--checkpoint-every", checkpointEvery.toMillis() + "ms",
                "--processing-delay", processingDelay.toMillis() + "ms",
                "--initial-position", initialPosition,
                "--poll-interval", pollInterval.toMillis() + "ms",
                "--failover-time", failoverTime.toMillis() + "ms",
                "--assignment-interval", assignmentInterval.toMillis() + "ms",
                "--leader-lease", leaderLease.toMillis() + "ms",
                "--metrics-interval", metricsInterval.toMillis() + "ms",
                "--bootstrap-leases", Boolean.toString(bootstrapLeases),
                "--parent-poll-interval", parentPollInterval.toMillis() + "ms"));
        return args;
    }
}
