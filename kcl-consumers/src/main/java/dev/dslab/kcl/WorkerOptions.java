package dev.dslab.kcl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one worker process is told on its command line. Credentials are never arguments (they would show in
 * the process list): the SDK's default chain reads them from the environment or the profile.
 *
 * @param endpoint null on a real account (the SDK's own endpoints), else the one endpoint of a local target
 * @param checkpointEveryRecords 0: no checkpoint by count
 * @param checkpointEvery zero: no checkpoint by time
 * @param leaderLease how long KCL's lease-assignment leader keeps leadership without a heartbeat
 */
public record WorkerOptions(URI endpoint, String region, String stream, String application, String workerId,
                            int checkpointEveryRecords, Duration checkpointEvery, Duration processingDelay,
                            String initialPosition, Path report, boolean enhancedFanOut, Duration pollInterval,
                            Duration failoverTime, Duration assignmentInterval, Duration leaderLease, Duration metricsInterval,
                            boolean bootstrapLeases, Duration parentPollInterval) {

    static final List<String> POSITIONS = List.of("TRIM_HORIZON", "LATEST");

    static final String USAGE = """
            usage: java -jar kcl-worker.jar --stream NAME --application NAME --worker-id ID --report FILE [options]
              --endpoint URL               one endpoint for Kinesis and DynamoDB (a local target); omit on AWS
              --region NAME                default us-east-1
              --checkpoint-every-records N checkpoint after N processed records (0: never by count; default 0)
              --checkpoint-every DURATION  checkpoint when this long has passed since the last one (0: never; default 0)
              --processing-delay DURATION  time spent on each record (default 0)
              --initial-position P         TRIM_HORIZON or LATEST (default TRIM_HORIZON)
              --enhanced-fan-out B         true: SubscribeToShard (real streams); false: polling (default false)
              --poll-interval DURATION     polling: pause between GetRecords calls per shard (default 250ms)
              --failover-time DURATION     a lease not renewed for this long is taken over (default 10s)
              --assignment-interval D      how often KCL 3's leader assigns leases (default 2 x failover time, KCL's own)
              --leader-lease DURATION      KCL's lease-assignment leader lease (default 120s, KCL's own)
              --metrics-interval DURATION  how often the worker reports its metrics; the leader counts a worker
                                           dead 2 intervals after its last report (default 30s, KCL's own)
              --bootstrap-leases B         create the shards' leases before KCL starts (default true)
              --parent-poll-interval D     how long a child shard's consumer waits before it looks again whether
                                           its parents are finished (default 10s, KCL's own)
            durations: a number with ms, s or m (250ms, 5s, 1m)""";

    /**
     * @throws IllegalArgumentException one line naming what was wrong and what is allowed
     */
    public static WorkerOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(i + 1 >= args.length && name.startsWith("--")
                        ? "option " + name + " needs a value" : "unexpected argument '" + name + "': options are --name value");
            }
            values.put(name.substring(2), args[++i]);
        }
        Reader reader = new Reader(values);
        WorkerOptions options = new WorkerOptions(
                reader.optional("endpoint") == null ? null : reader.uri("endpoint"),
                reader.text("region", "us-east-1"),
                reader.required("stream"),
                reader.required("application"),
                reader.required("worker-id"),
                reader.count("checkpoint-every-records", 0),
                reader.duration("checkpoint-every", Duration.ZERO),
                reader.duration("processing-delay", Duration.ZERO),
                reader.choice("initial-position", "TRIM_HORIZON", POSITIONS),
                Path.of(reader.required("report")),
                reader.bool("enhanced-fan-out", false),
                reader.duration("poll-interval", Duration.ofMillis(250)),
                reader.duration("failover-time", Duration.ofSeconds(10)),
                reader.duration("assignment-interval", Duration.ZERO),
                reader.duration("leader-lease", Duration.ofSeconds(120)),
                reader.duration("metrics-interval", Duration.ofSeconds(30)),
                reader.bool("bootstrap-leases", true),
                reader.duration("parent-poll-interval", Duration.ofSeconds(10)));
        reader.rejectUnknown();
        if (options.failoverTime.toMillis() < 1000) {
            throw new IllegalArgumentException("--failover-time must be at least 1s, got " + options.failoverTime.toMillis() + "ms");
        }
        if (options.assignmentInterval.isZero()) {
            options = new WorkerOptions(options.endpoint, options.region, options.stream, options.application, options.workerId,
                    options.checkpointEveryRecords, options.checkpointEvery, options.processingDelay, options.initialPosition,
                    options.report, options.enhancedFanOut, options.pollInterval, options.failoverTime,
                    options.failoverTime.multipliedBy(2), options.leaderLease, options.metricsInterval, options.bootstrapLeases,
                    options.parentPollInterval);
        } else if (options.assignmentInterval.toMillis() < 500) {
            throw new IllegalArgumentException("--assignment-interval must be at least 500ms, got " + options.assignmentInterval.toMillis() + "ms");
        }
        if (options.metricsInterval.toMillis() < 2000) {
            throw new IllegalArgumentException("--metrics-interval must be at least 2s (metrics are sampled every second), got " + options.metricsInterval.toMillis() + "ms");
        }
        if (options.parentPollInterval.toMillis() < 100) {
            throw new IllegalArgumentException("--parent-poll-interval must be at least 100ms, got " + options.parentPollInterval.toMillis() + "ms");
        }
        if (options.leaderLease.toMillis() < 4000) {
            throw new IllegalArgumentException("--leader-lease must be at least 4s, got " + options.leaderLease.toMillis() + "ms");
        }
        return options;
    }

    private static final class Reader {
        private final Map<String, String> values;
        private final java.util.Set<String> read = new java.util.HashSet<>();

        Reader(Map<String, String> values) {
            this.values = values;
        }

        String optional(String name) {
            read.add(name);
            return values.get(name);
        }

        String required(String name) {
            String value = optional(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        String text(String name, String fallback) {
            String value = optional(name);
            return value == null ? fallback : value;
        }

        URI uri(String name) {
            String value = optional(name);
            try {
                URI uri = URI.create(value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + name + " must be a URL such as http://127.0.0.1:4599, got '" + value + "'");
            }
        }

        int count(String name, int fallback) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                int count = Integer.parseInt(value);
                if (count >= 0) {
                    return count;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException("--" + name + " must be a whole number >= 0, got '" + value + "'");
        }

        Duration duration(String name, Duration fallback) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            var matcher = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(value.trim());
            if (value.trim().equals("0")) {
                return Duration.ZERO;
            }
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--" + name + " must be a duration such as 250ms, 5s or 1m, got '" + value + "'");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }

        String choice(String name, String fallback, List<String> allowed) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            String upper = value.toUpperCase(Locale.ROOT);
            if (!allowed.contains(upper)) {
                throw new IllegalArgumentException("--" + name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
            }
            return upper;
        }

        boolean bool(String name, boolean fallback) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
            };
        }

        void rejectUnknown() {
            for (String name : values.keySet()) {
                if (!read.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; run with --help for the options");
                }
            }
        }
    }
}
