package dev.dslab.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.edge.ProxyService;
import dev.dslab.local.edge.ServiceProcess;
import dev.dslab.local.emulator.Emulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kinesis on the local target: kinesis-local behind the per-shard limits of Kinesis Data Streams, which
 * kinesis-local lacks (sources and the model in {@link ShardLimits}). PutRecord past a shard's budget is
 * refused whole with ProvisionedThroughputExceededException; PutRecords is decided record by record, the
 * admitted ones written in one call and the others answered with their ErrorCode and ErrorMessage, as the
 * PutRecords API reference describes a partial failure; GetRecords past 5 calls per second, or while the
 * shard still owes for bytes read beyond 2 MiB/s, is refused. Everything else is forwarded unchanged
 * ({@link ProxyService}). The limits can be switched off at {@code /_dslab/kinesis/limits}.
 */
public final class KinesisFront implements AwsService {

    /** Operations that change nothing kinesis-local saves. */
    private static final Pattern READ_ONLY = Pattern.compile("(Get|Describe|List).*|SubscribeToShard");
    /** kinesis-local saves 1 s after a change; a loaded machine delays its timer. */
    private static final Duration SAVE_WAIT = Duration.ofSeconds(10);
    private final Path dataFile;
    private volatile long lastChangeMillis;

    private static final Logger log = LoggerFactory.getLogger(KinesisFront.class);
    private static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final Set<String> INSPECTED = Set.of("PutRecord", "PutRecords", "GetShardIterator", "GetRecords");
    /** Operations after which a stream's shards are listed again. */
    private static final Set<String> RESHAPING = Set.of("CreateStream", "DeleteStream", "SplitShard", "MergeShards", "UpdateShardCount");
    static final String THROTTLED = "ProvisionedThroughputExceededException";

    private final ProxyService passThrough;
    private final KinesisLocal kinesis;
    private final ShardDirectory directory;
    private final ShardIterators iterators = new ShardIterators();
    private final KinesisLimits limits = new KinesisLimits();
    private final String accountId;

    /**
     * @param requestTimeout how long kinesis-local may take to answer one call
     * @param accountId      the account named in throttling messages, as AWS names it
     */
    /**
     * @param dataFile where kinesis-local saves its state (1 s after a change): a stop waits until it holds
     *                 the last change, then kinesis-local is killed (see {@link #close()})
     */
    public KinesisFront(CompletableFuture<? extends Emulator> kinesisLocal, Duration requestTimeout, String accountId, Path dataFile) {
        this.dataFile = dataFile;
        this.passThrough = new ProxyService("kinesis", kinesisLocal, requestTimeout);
        this.kinesis = new KinesisLocal(kinesisLocal, requestTimeout);
        this.directory = new ShardDirectory(kinesis);
        this.accountId = accountId;
    }

    @Override
    public String signingName() {
        return "kinesis";
    }

    @Override
    public List<ServiceProcess> processes() {
        return passThrough.processes();
    }

    @Override
    public Map<String, AdminEndpoint> adminEndpoints() {
        return Map.of("limits", limits::endpoint);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
        if (!READ_ONLY.matcher(operation).matches()) {
            lastChangeMillis = System.currentTimeMillis();
        }
        try {
            route(exchange, operation);
        } finally {
            if (!READ_ONLY.matcher(operation).matches()) {
                lastChangeMillis = System.currentTimeMillis();
            }
        }
    }

    private void route(HttpExchange exchange, String operation) throws IOException {
        boolean inspected = INSPECTED.contains(operation);
        if (!inspected && !RESHAPING.contains(operation)) {
            passThrough.handle(exchange);
            return;
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        WireFormat format = WireFormat.of(exchange.getRequestHeaders().getFirst("Content-Type"));
        JsonNode body;
        try {
            body = bytes.length == 0 ? null : format.read(bytes);
        } catch (IOException malformed) {
            body = null;
        }
        if (!(body instanceof ObjectNode request) || !kinesis.started()) {
            forward(exchange, bytes); // kinesis-local answers malformed requests (and the proxy a missing emulator) as before
            return;
        }
        if (!inspected) {
            forward(exchange, bytes);
            String stream = streamName(request);
            if (stream != null) {
                if (operation.equals("CreateStream") || operation.equals("DeleteStream")) {
                    directory.forget(stream);
                } else {
                    directory.resharded(stream);
                }
                if (operation.equals("DeleteStream")) {
                    limits.forget(stream);
                    iterators.forget(stream);
                }
            }
            return;
        }
        try (exchange) {
            try {
                switch (operation) {
                    case "PutRecord" -> putRecord(exchange, format, request, bytes);
                    case "PutRecords" -> putRecords(exchange, format, request, bytes);
                    case "GetShardIterator" -> getShardIterator(exchange, format, request, bytes);
                    default -> getRecords(exchange, format, request, bytes);
                }
            } catch (KinesisError error) {
                replyError(exchange, format, error.status(), error.code(), error.getMessage());
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] bytes) throws IOException {
        exchange.setStreams(new ByteArrayInputStream(bytes), null);
        passThrough.handle(exchange);
    }

    // ---- writes ----

    private void putRecord(HttpExchange exchange, WireFormat format, ObjectNode request, byte[] bytes) throws IOException {
        String stream = streamName(request);
        String partitionKey = text(request, "PartitionKey");
        Optional<ShardDirectory.Shard> shard = stream == null || partitionKey == null ? Optional.empty()
                : directory.shardFor(stream, partitionKey, text(request, "ExplicitHashKey"));
        if (shard.isEmpty()) {
            relay(exchange, send(exchange, bytes)); // kinesis-local answers what cannot be routed (no stream, bad key)
            return;
        }
        long size = recordSize(request, partitionKey);
        ShardLimits shardLimits = limits.of(stream, shard.get().id());
        if (!shardLimits.admitWrite(size, limits.enabled(), System.nanoTime())) {
            replyError(exchange, format, 400, THROTTLED, writeThrottled(stream, shard.get().id()));
            return;
        }
        KinesisLocal.Response response = send(exchange, bytes);
        if (!response.ok()) {
            shardLimits.cancelWrite(size);
        }
        relay(exchange, response);
    }

    private void putRecords(HttpExchange exchange, WireFormat format, ObjectNode request, byte[] bytes) throws IOException {
        String stream = streamName(request);
        JsonNode records = request.path("Records");
        if (stream == null || !records.isArray() || records.isEmpty()) {
            relay(exchange, send(exchange, bytes));
            return;
        }
        int count = records.size();
        ShardLimits[] shards = new ShardLimits[count];
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            JsonNode record = records.get(i);
            String partitionKey = text(record, "PartitionKey");
            Optional<ShardDirectory.Shard> shard = partitionKey == null ? Optional.empty()
                    : directory.shardFor(stream, partitionKey, text(record, "ExplicitHashKey"));
            if (shard.isEmpty()) {
                relay(exchange, send(exchange, bytes)); // kinesis-local refuses the request with the service's message
                return;
            }
            shards[i] = limits.of(stream, shard.get().id());
            sizes[i] = recordSize(record, partitionKey);
        }
        boolean enforced = limits.enabled();
        boolean[] admitted = new boolean[count];
        ArrayNode kept = request.arrayNode();
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            admitted[i] = shards[i].admitWrite(sizes[i], enforced, now);
            if (admitted[i]) {
                kept.add(records.get(i));
            }
        }
        int throttled = count - kept.size();
        KinesisLocal.Response response = null;
        JsonNode written = null;
        if (!kept.isEmpty()) {
            byte[] sent = bytes;
            if (throttled > 0) {
                request.set("Records", kept);
                sent = format.write(request);
            }
            response = send(exchange, sent);
            if (!response.ok()) {
                for (int i = 0; i < count; i++) {
                    if (admitted[i]) {
                        shards[i].cancelWrite(sizes[i]);
                    }
                }
                relay(exchange, response);
                return;
            }
            if (throttled == 0) {
                relay(exchange, response);
                return;
            }
            written = format.read(response.body());
        }
        ObjectNode answer = format.object();
        answer.put("FailedRecordCount", (written == null ? 0 : written.path("FailedRecordCount").asInt()) + throttled);
        ArrayNode results = answer.putArray("Records");
        int next = 0;
        for (int i = 0; i < count; i++) {
            if (admitted[i]) {
                results.add(written.path("Records").path(next++));
            } else {
                results.addObject().put("ErrorCode", THROTTLED).put("ErrorMessage", writeThrottled(stream, shards[i].shardId()));
            }
        }
        if (written != null && written.has("EncryptionType")) {
            answer.set("EncryptionType", written.get("EncryptionType"));
        }
        reply(exchange, format, 200, response == null ? List.of() : response.headers(), format.write(answer));
    }

    /** The record's size as Kinesis counts it against the shard: data blob plus partition key (PutRecords API reference). */
    private static long recordSize(JsonNode record, String partitionKey) {
        return WireFormat.blobLength(record.get("Data")) + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The message Kinesis gives a throttled write, in PutRecord's exception and in a PutRecords entry. */
    private String writeThrottled(String stream, String shardId) {
        return "Rate exceeded for shard " + shardId + " in stream " + stream + " under account " + accountId + ".";
    }

    // ---- reads ----

    private void getShardIterator(HttpExchange exchange, WireFormat format, ObjectNode request, byte[] bytes) throws IOException {
        KinesisLocal.Response response = send(exchange, bytes);
        String stream = streamName(request);
        String shardId = text(request, "ShardId");
        if (response.ok() && stream != null && shardId != null) {
            String iterator = format.read(response.body()).path("ShardIterator").asText(null);
            if (iterator != null) {
                iterators.issued(iterator, new ShardIterators.ShardRef(stream, shardId));
            }
        }
        relay(exchange, response);
    }

    private void getRecords(HttpExchange exchange, WireFormat format, ObjectNode request, byte[] bytes) throws IOException {
        String iterator = text(request, "ShardIterator");
        ShardIterators.ShardRef shard = iterator == null ? null : iterators.shardOf(iterator);
        if (shard == null) {
            // not handed out by this front: kinesis-local answers (an invalid or expired iterator)
            relay(exchange, send(exchange, bytes));
            return;
        }
        ShardLimits shardLimits = limits.of(shard.stream(), shard.shardId());
        if (!shardLimits.admitRead(limits.enabled(), System.nanoTime())) {
            replyError(exchange, format, 400, THROTTLED, "Rate exceeded for Shard - " + accountId + "/" + shard.stream() + "/" + shard.shardId());
            return;
        }
        KinesisLocal.Response response = send(exchange, bytes);
        if (response.ok()) {
            JsonNode answer = format.read(response.body());
            long returned = 0;
            for (JsonNode record : answer.path("Records")) {
                returned += WireFormat.blobLength(record.get("Data")) + record.path("PartitionKey").asText("").getBytes(StandardCharsets.UTF_8).length;
            }
            shardLimits.chargeRead(returned, System.nanoTime());
            String next = text(answer, "NextShardIterator");
            if (next != null) {
                iterators.issued(next, shard);
            }
        }
        relay(exchange, response);
    }

    // ---- wire ----

    private KinesisLocal.Response send(HttpExchange exchange, byte[] body) {
        return kinesis.forward(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders(), body);
    }

    /** The stream a request names, by StreamName or by the last part of its StreamARN. */
    static String streamName(JsonNode request) {
        String name = text(request, "StreamName");
        if (name != null) {
            return name;
        }
        String arn = text(request, "StreamARN");
        int slash = arn == null ? -1 : arn.lastIndexOf("stream/");
        return slash < 0 ? null : arn.substring(slash + "stream/".length());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static void relay(HttpExchange exchange, KinesisLocal.Response response) throws IOException {
        reply(exchange, null, response.status(), response.headers(), response.body());
    }

    private static void reply(HttpExchange exchange, WireFormat format, int status, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        headers.forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
        if (format != null) {
            exchange.getResponseHeaders().set("Content-Type", format.contentType());
        }
        if (!exchange.getResponseHeaders().containsKey("x-amzn-RequestId")) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An error in the request's encoding, the shape every SDK parses: __type and message, and the code in x-amzn-ErrorType. */
    private static void replyError(HttpExchange exchange, WireFormat format, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        ObjectNode error = format.object().put("__type", code).put("message", message);
        log.debug("kinesis {} {}: {}", status, code, message);
        reply(exchange, format, status, List.of(), format.write(error));
    }

    @Override
    public void close() {
        awaitSaved();
        kinesis.close();
        passThrough.close();
    }

    /**
     * Waits until kinesis-local's data file is newer than the last request that could change it (the edge is
     * closed by now): then nothing is lost when kinesis-local is killed. Killed, not stopped: on SIGTERM it
     * first waits for its idle keep-alive connections (30 s, measured) and writes its file last.
     */
    private void awaitSaved() {
        long changed = lastChangeMillis;
        if (changed == 0 || !kinesis.started()) {
            return;
        }
        long deadline = System.nanoTime() + SAVE_WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(dataFile) && Files.getLastModifiedTime(dataFile).toMillis() > changed) {
                    return;
                }
                Thread.sleep(50);
            }
            log.warn("kinesis-local did not save its data within {} s of the last change: the last second of writes may be lost",
                    SAVE_WAIT.toSeconds());
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("cannot tell whether kinesis-local saved its data: {}", e.toString());
        }
    }
}
