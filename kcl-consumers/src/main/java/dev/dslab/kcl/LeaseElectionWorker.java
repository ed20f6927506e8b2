package dev.dslab.kcl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A worker of the dynamodb-leader-election experiment: it elects a leader with its peers through one lease item in
 * a DynamoDB table, the protocol of the DynamoDB Lock Client (AWS Database Blog, "Building Distributed Locks with
 * the DynamoDB Lock Client"): the holder renews the lease by changing its record version number (rvn) with a
 * conditional update; a waiter that sees the same rvn for a whole lease duration of its own clock takes the lease
 * over with an update conditional on that rvn, and the lease's fencing token goes up by one. No clocks are
 * compared across processes.
 *
 * <p>The leader appends an entry to two protected resource items by read-modify-write: one without a condition
 * ({@code resource-unfenced}) and one whose put requires that the item's fence is not above the writer's token
 * ({@code resource-fenced}; Kleppmann's fencing token, Chubby's sequencer). A {@code pause <ms>} line on standard
 * input stops the whole worker at its next write, after it decided it leads and read the resource and before it
 * writes: a stop-the-world pause (a long GC) in the worst place. End-of-file on standard input halts the worker,
 * so it never outlives its parent.
 *
 * <p>Report events (one JSON line each, see {@link Report}): started, acquired (token, from, waitedMillis), renewed
 * (every tenth renewal), lost (token, reason), write (resource, entry, token, accepted, entries), pause-start,
 * pause-end, error. Exit status: 2 bad arguments, 129 parent gone.
 */
public final class LeaseElectionWorker {

    static final String LEASE = "lease";
    static final String UNFENCED = "resource-unfenced";
    static final String FENCED = "resource-fenced";
    static final String USAGE = "usage: java -cp <jar> dev.dslab.kcl.LeaseElectionWorker --table T --key K --worker-id W --report FILE "
            + "[--endpoint URL] [--region R] [--lease MS] [--heartbeat MS] [--poll MS] [--write-every MS]";

    private final DynamoDbClient dynamoDb;
    private final Report report;
    private final String table;
    private final String key;
    private final String me;
    private final long leaseMillis;
    private final long heartbeatMillis;
    private final long pollMillis;
    private final long writeEveryMillis;
    private final LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>();

    private boolean leader;
    private long token;
    private String rvn;
    private long renewedAt;
    private long renewals;
    private long lastWrite;
    private long sequence;
    private String observedRvn;
    private long observedSince;
    private long pendingPauseMillis;

    LeaseElectionWorker(DynamoDbClient dynamoDb, Report report, Map<String, String> options) {
        this.dynamoDb = dynamoDb;
        this.report = report;
        this.table = required(options, "table");
        this.key = required(options, "key");
        this.me = required(options, "worker-id");
        this.leaseMillis = millis(options, "lease", 2000);
        this.heartbeatMillis = millis(options, "heartbeat", 500);
        this.pollMillis = millis(options, "poll", 100);
        this.writeEveryMillis = millis(options, "write-every", 300);
        if (heartbeatMillis >= leaseMillis) {
            throw new IllegalArgumentException("--heartbeat (" + heartbeatMillis + ") must be shorter than --lease (" + leaseMillis + ")");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
            required(options, "report");
        } catch (IllegalArgumentException bad) {
            System.err.println("lease-election-worker: " + bad.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(options.getOrDefault("region", "us-east-1")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).apiCallTimeout(Duration.ofSeconds(3)));
        if (options.containsKey("endpoint")) {
            builder.endpointOverride(URI.create(options.get("endpoint")));
        }
        LeaseElectionWorker worker;
        Report report = new Report(Path.of(options.get("report")), options.get("worker-id"));
        try {
            worker = new LeaseElectionWorker(builder.build(), report, options);
        } catch (IllegalArgumentException bad) {
            System.err.println("lease-election-worker: " + bad.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Thread input = new Thread(worker::readCommands, "dslab-commands");
        input.setDaemon(true);
        input.start();
        worker.run();
    }

    /** Lines from the parent; end-of-file (the parent is gone, however it died) halts the worker at once. */
    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line.strip());
            }
        } catch (IOException brokenPipe) {
            // the same as end-of-file
        }
        Runtime.getRuntime().halt(KclWorker.PARENT_GONE_STATUS);
    }

    void run() throws InterruptedException {
        report.write("started", fields("lease", leaseMillis, "heartbeat", heartbeatMillis, "poll", pollMillis, "writeEvery", writeEveryMillis));
        while (true) {
            takeCommands();
            try {
                if (leader) {
                    if (now() - renewedAt >= heartbeatMillis) {
                        renew();
                    }
                    if (leader && now() - lastWrite >= writeEveryMillis) {
                        writeResources();
                    }
                } else {
                    follow();
                }
            } catch (SdkException unanswered) {
                report.write("error", fields("message", String.valueOf(unanswered.getMessage())));
            }
            Thread.sleep(pollMillis);
        }
    }

    private void takeCommands() {
        String command;
        while ((command = commands.poll()) != null) {
            if (command.startsWith("pause ")) {
                pendingPauseMillis = Long.parseLong(command.substring(6).strip());
            }
        }
    }

    // ---- electing -------------------------------------------------------------------------------------------

    /** Not the leader: acquire a free lease, or take over one whose rvn stood still for a whole lease duration. */
    private void follow() {
        Map<String, AttributeValue> lease = dynamoDb.getItem(get -> get.tableName(table).key(itemKey(LEASE)).consistentRead(true)).item();
        if (lease == null || lease.isEmpty()) {
            String fresh = UUID.randomUUID().toString();
            try {
                Map<String, AttributeValue> item = new HashMap<>(itemKey(LEASE));
                item.put("owner", s(me));
                item.put("rvn", s(fresh));
                item.put("token", n(1));
                item.put("leaseMillis", n(leaseMillis));
                item.put("renewedAt", s(Instant.now().toString()));
                dynamoDb.putItem(put -> put.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
                becomeLeader(1, fresh, "", 0);
            } catch (ConditionalCheckFailedException someoneElse) {
                observedRvn = null;
            }
            return;
        }
        String current = lease.get("rvn").s();
        if (!current.equals(observedRvn)) {
            observedRvn = current;
            observedSince = now();
            return;
        }
        long waited = now() - observedSince;
        if (waited < Long.parseLong(lease.get("leaseMillis").n())) {
            return;
        }
        // the holder has not renewed for a whole lease duration as this worker's own clock measures it
        String fresh = UUID.randomUUID().toString();
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(update -> update.tableName(table).key(itemKey(LEASE))
                    .updateExpression("SET #owner = :me, rvn = :fresh, #token = #token + :one, renewedAt = :at, leaseMillis = :lease")
                    .conditionExpression("rvn = :seen")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#token", "token"))
                    .expressionAttributeValues(Map.of(":me", s(me), ":fresh", s(fresh), ":one", n(1), ":seen", s(current),
                            ":at", s(Instant.now().toString()), ":lease", n(leaseMillis)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            becomeLeader(Long.parseLong(updated.get("token").n()), fresh, lease.get("owner").s(), waited);
        } catch (ConditionalCheckFailedException someoneElse) {
            observedRvn = null;
        }
    }

    private void becomeLeader(long newToken, String newRvn, String from, long waited) {
        leader = true;
        token = newToken;
        rvn = newRvn;
        renewedAt = now();
        lastWrite = 0;
        report.write("acquired", fields("token", newToken, "from", from, "waitedMillis", waited));
    }

    /** The heartbeat: a new rvn, only while this worker still holds the lease with its token. */
    private void renew() {
        String fresh = UUID.randomUUID().toString();
        try {
            dynamoDb.updateItem(update -> update.tableName(table).key(itemKey(LEASE))
                    .updateExpression("SET rvn = :fresh, renewedAt = :at")
                    .conditionExpression("#owner = :me AND #token = :token")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#token", "token"))
                    .expressionAttributeValues(Map.of(":fresh", s(fresh), ":me", s(me), ":token", n(token), ":at", s(Instant.now().toString()))));
            rvn = fresh;
            renewedAt = now();
            if (++renewals % 10 == 0) {
                report.write("renewed", fields("token", token, "renewals", renewals));
            }
        } catch (ConditionalCheckFailedException takenOver) {
            leader = false;
            observedRvn = null;
            report.write("lost", fields("token", token, "reason", "the lease was taken over: the renewal's condition failed"));
        } catch (SdkException unanswered) {
            if (now() - renewedAt >= leaseMillis) {
                // a holder that could not renew for a lease duration must assume another worker took over
                leader = false;
                observedRvn = null;
                report.write("lost", fields("token", token, "reason", "no renewal for a lease duration: " + unanswered.getMessage()));
            } else {
                throw unanswered;
            }
        }
    }

    // ---- the protected resource ------------------------------------------------------------------------------

    /** Read-modify-write of both resource items: the leader appends its next entry to each. */
    private void writeResources() throws InterruptedException {
        String entry = me + "#" + (++sequence) + "/t" + token;
        List<String> unfenced = entries(UNFENCED);
        List<String> fenced = entries(FENCED);
        if (pendingPauseMillis > 0) {
            long pause = pendingPauseMillis;
            pendingPauseMillis = 0;
            report.write("pause-start", fields("token", token, "millis", pause, "entry", entry));
            Thread.sleep(pause); // the whole worker stops: no renewal, no read, as in a stop-the-world pause
            report.write("pause-end", fields("token", token, "millis", pause));
        }
        unfenced.add(entry);
        Map<String, AttributeValue> plain = resource(UNFENCED, unfenced);
        dynamoDb.putItem(put -> put.tableName(table).item(plain));
        report.write("write", fields("resource", UNFENCED, "entry", entry, "token", token, "accepted", true, "entries", unfenced.size()));

        fenced.add(entry);
        Map<String, AttributeValue> guarded = resource(FENCED, fenced);
        guarded.put("fence", n(token));
        try {
            dynamoDb.putItem(put -> put.tableName(table).item(guarded)
                    .conditionExpression("attribute_not_exists(fence) OR fence <= :token")
                    .expressionAttributeValues(Map.of(":token", n(token))));
            report.write("write", fields("resource", FENCED, "entry", entry, "token", token, "accepted", true, "entries", fenced.size()));
        } catch (ConditionalCheckFailedException fencedOff) {
            report.write("write", fields("resource", FENCED, "entry", entry, "token", token, "accepted", false, "entries", fenced.size() - 1));
        }
        lastWrite = now();
    }

    private List<String> entries(String resource) {
        Map<String, AttributeValue> item = dynamoDb.getItem(get -> get.tableName(table).key(itemKey(resource)).consistentRead(true)).item();
        List<String> entries = new ArrayList<>();
        if (item != null && item.containsKey("entries")) {
            item.get("entries").l().forEach(value -> entries.add(value.s()));
        }
        return entries;
    }

    private Map<String, AttributeValue> resource(String resource, List<String> entries) {
        Map<String, AttributeValue> item = new HashMap<>(itemKey(resource));
        item.put("entries", AttributeValue.fromL(entries.stream().map(AttributeValue::fromS).toList()));
        item.put("writer", s(me));
        item.put("token", n(token));
        return item;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Map<String, AttributeValue> itemKey(String sk) {
        return Map.of("pk", s(key), "sk", s(sk));
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static long millis(Map<String, String> options, String name, long defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 1 && millis <= 600_000) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " is milliseconds from 1 to 600000, got '" + value + "'");
    }
}
