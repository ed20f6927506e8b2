package dev.dslab.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis front's per-shard limits on a real daemon (kinesis-local behind it), driven by the AWS SDK in
 * both of its encodings: CBOR (the default) and JSON (aws.cborEnabled=false). The SDK retries throttling
 * by itself, so these clients make one attempt. Each test uses streams of its own, so buckets start full.
 */
class KinesisLimitsTest {

    private static final String ACCOUNT = "000000000000";
    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    @TempDir
    static Path home;

    static LocalTargetClient target;
    static final Map<String, KinesisClient> clients = new ConcurrentHashMap<>();
    static final Map<String, Set<String>> contentTypes = new ConcurrentHashMap<>();
    static final AtomicInteger streams = new AtomicInteger();

    @BeforeAll
    static void start() {
        target = new LocalTargetClient(home);
        URI edge = target.ensureRunning(0).edge();
        clients.put("cbor", client(edge, "cbor"));
        // the SDK reads the property when a client is built: this one speaks JSON for its lifetime
        System.setProperty("aws.cborEnabled", "false");
        try {
            clients.put("json", client(edge, "json"));
        } finally {
            System.clearProperty("aws.cborEnabled");
        }
    }

    private static KinesisClient client(URI edge, String name) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        contentTypes.put(name, seen);
        return EdgeClients.of(edge).configure(KinesisClient.builder()).overrideConfiguration(config -> config
                .apiCallTimeout(EdgeClients.API_CALL_TIMEOUT)
                .retryStrategy(retry -> retry.maxAttempts(1))
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        context.httpRequest().firstMatchingHeader("Content-Type").ifPresent(seen::add);
                    }
                })).build();
    }

    @AfterAll
    static void stop() {
        clients.values().forEach(KinesisClient::close);
        target.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cbor", "json"})
    void recordsPastOneThousandPerSecondOnOneShardFailWhileAnotherShardIsUnaffected(String encoding) throws Exception {
        KinesisClient kinesis = clients.get(encoding);
        String stream = newStream(kinesis, 2);
        String low = keyFor(false);
        kinesis.putRecord(put -> put.streamName(stream).partitionKey(low).data(SdkBytes.fromUtf8String("x"))); // the front lists the shards
        long sending = System.nanoTime();
        List<PutRecordsResponse> answers = putConcurrently(kinesis, stream, low, 8);
        double seconds = (System.nanoTime() - sending) / 1e9;
        int failed = 0;
        for (PutRecordsResponse answer : answers) {
            failed += answer.failedRecordCount();
            answer.records().stream().filter(result -> result.errorCode() != null).forEach(result -> {
                assertThat(result.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                assertThat(result.errorMessage())
                        .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + stream + " under account " + ACCOUNT + ".");
            });
        }
        assertThat(failed).as("4,000 records sent at once to one shard: one second's 1,000 fit").isPositive();
        assertThat(4_000 - failed).as("accepted in %.2f s", seconds).isLessThanOrEqualTo(1_000 + (int) Math.ceil(1_000 * seconds));
        PutRecordsResponse other = kinesis.putRecords(put -> put.streamName(stream).records(records(keyFor(true), 10, 10)));
        assertThat(other.failedRecordCount()).isZero();
        assertThat(other.records()).allMatch(result -> result.shardId().equals("shardId-000000000001"));

        JsonNode shards = counters(stream);
        assertThat(shards.get("shardId-000000000000").path("putsThrottled").asLong()).isEqualTo(failed);
        assertThat(shards.get("shardId-000000000000").path("putsAccepted").asLong()).isEqualTo(4_001 - failed);
        assertThat(shards.get("shardId-000000000001").path("putsThrottled").asLong()).isZero();
        assertThat(shards.get("shardId-000000000001").path("putsAccepted").asLong()).isEqualTo(10);
        assertThat(contentTypes.get(encoding)).allMatch(type -> type.contains(encoding));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cbor", "json"})
    void eachRecordIsDecidedAgainstItsShardsMegabyteAndReadsAgainstTwoMegabytesPerSecond(String encoding) throws Exception {
        KinesisClient kinesis = clients.get(encoding);
        String stream = newStream(kinesis, 2);
        String low = keyFor(false);
        String high = keyFor(true);
        List<PutRecordsRequestEntry> batch = new ArrayList<>(records(low, 11, 100 * 1024)); // 1.1 MB for one shard
        batch.addAll(records(low, 1, 1024));   // fits what the 11th left
        batch.addAll(records(high, 1, 1024));  // another shard, another budget
        PutRecordsResponse response = kinesis.putRecords(put -> put.streamName(stream).records(batch));
        assertThat(response.failedRecordCount()).isEqualTo(1);
        List<PutRecordsResultEntry> results = response.records();
        assertThat(results).hasSize(13);
        for (int i = 0; i < 13; i++) {
            PutRecordsResultEntry result = results.get(i);
            if (i == 10) {
                assertThat(result.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                assertThat(result.errorMessage())
                        .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + stream + " under account " + ACCOUNT + ".");
                assertThat(result.sequenceNumber()).isNull();
            } else {
                assertThat(result.errorCode()).as("record %d", i).isNull();
                assertThat(result.sequenceNumber()).isNotNull();
                assertThat(result.shardId()).isEqualTo(i == 12 ? "shardId-000000000001" : "shardId-000000000000");
            }
        }
        String iterator = kinesis.getShardIterator(get -> get.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse written = kinesis.getRecords(get -> get.shardIterator(iterator));
        assertThat(written.records()).extracting(record -> record.data().asByteArray().length)
                .as("the throttled record was not written; the one after it was").hasSize(11).last().isEqualTo(1024);
        // each read of that megabyte leaves the shard owing half a second of its 2 MiB/s: calls meanwhile are
        // refused (without using the 5 calls of the second), then the next one is served
        int served = 1;
        int refused = 0;
        long started = System.nanoTime();
        while (served < 3) {
            try {
                assertThat(kinesis.getRecords(get -> get.shardIterator(iterator)).records()).hasSize(11);
                served++;
            } catch (ProvisionedThroughputExceededException owing) {
                refused++;
                Thread.sleep(20);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(refused).as("calls refused while 3 MiB were read in %.2f s", seconds).isPositive();
        assertThat(seconds).as("2 more MiB read at 2 MiB/s").isGreaterThan(0.5);
        JsonNode shard = counters(stream).get("shardId-000000000000");
        assertThat(shard.path("bytesRead").asLong()).isGreaterThan(10L * 100 * 1024);
        assertThat(shard.path("getsThrottled").asLong()).isPositive();
    }

    @Test
    void putRecordIsRefusedWhileItsShardsMegabyteIsSpentAndAnotherShardIsUnaffected() throws Exception {
        KinesisClient kinesis = clients.get("cbor");
        String low = keyFor(false);
        String high = keyFor(true);
        // nearly a second's megabyte: it needs about a second of refill after the batch below spent the budget
        SdkBytes large = SdkBytes.fromByteArray(new byte[1000 * 1024]);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 1; ; attempt++) {
                String stream = newStream(kinesis, 2);
                long sending = System.nanoTime();
                Future<PutRecordsResponse> sent = pool.submit(() -> kinesis.putRecords(put -> put.streamName(stream)
                        .records(records(low, 10, 100 * 1024))));
                // the front decides on arrival, before kinesis-local has written anything
                awaitCounted(stream, "shardId-000000000000", 10);
                try {
                    kinesis.putRecord(put -> put.streamName(stream).partitionKey(low).data(large));
                    double seconds = (System.nanoTime() - sending) / 1e9;
                    assertThat(seconds).as("accepted only after the budget refilled (attempt %d)", attempt).isGreaterThan(0.9);
                    assertThat(attempt).as("a loaded machine took a second from the batch to the PutRecord three times").isLessThan(3);
                } catch (ProvisionedThroughputExceededException throttled) {
                    assertThat(throttled.statusCode()).isEqualTo(400);
                    assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(throttled.awsErrorDetails().errorMessage())
                            .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + stream + " under account " + ACCOUNT + ".");
                    assertThat(kinesis.putRecord(put -> put.streamName(stream).partitionKey(high).data(SdkBytes.fromUtf8String("x"))).shardId())
                            .isEqualTo("shardId-000000000001");
                    assertThat(sent.get(60, TimeUnit.SECONDS).failedRecordCount()).isZero();
                    JsonNode shards = counters(stream);
                    assertThat(shards.get("shardId-000000000000").path("putsThrottled").asLong()).isEqualTo(1);
                    assertThat(shards.get("shardId-000000000001").path("putsAccepted").asLong()).isEqualTo(1);
                    return;
                }
                sent.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cbor", "json"})
    void getRecordsAllowsFiveCallsPerSecondPerShard(String encoding) throws Exception {
        KinesisClient kinesis = clients.get(encoding);
        String stream = newStream(kinesis, 2);
        kinesis.putRecords(put -> put.streamName(stream).records(records(keyFor(false), 3, 10)));
        String iterator = kinesis.getShardIterator(get -> get.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String otherShard = kinesis.getShardIterator(get -> get.streamName(stream).shardId("shardId-000000000001")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        long started = System.nanoTime();
        int accepted = 0;
        int records = 0;
        List<String> throttled = new ArrayList<>();
        String next = iterator;
        for (int call = 0; call < 12; call++) {
            try {
                GetRecordsResponse response = kinesis.getRecords(get -> get.shardIterator(iterator));
                records += response.records().size();
                next = response.nextShardIterator();
                accepted++;
            } catch (ProvisionedThroughputExceededException refused) {
                throttled.add(refused.awsErrorDetails().errorMessage());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(accepted).as("5 at once, then 5 per second (%.2f s)", seconds).isGreaterThanOrEqualTo(5)
                .isLessThanOrEqualTo(5 + (int) Math.ceil(seconds * 5));
        assertThat(records).isEqualTo(3 * accepted);
        if (seconds < 1.2) {
            assertThat(throttled).isNotEmpty();
        }
        assertThat(throttled).allMatch(message -> message.equals("Rate exceeded for Shard - " + ACCOUNT + "/" + stream + "/shardId-000000000000"));
        // the iterators a GetRecords answer hands out read the same shard, and the other shard has its own budget
        String following = next;
        assertThat(kinesis.getRecords(get -> get.shardIterator(otherShard)).records()).isEmpty();
        JsonNode shards = counters(stream);
        assertThat(shards.get("shardId-000000000000").path("getsAccepted").asLong()).isEqualTo(accepted);
        assertThat(shards.get("shardId-000000000000").path("getsThrottled").asLong()).isEqualTo(throttled.size());
        Thread.sleep(1_100);
        assertThat(kinesis.getRecords(get -> get.shardIterator(following)).records()).isEmpty();
        assertThat(counters(stream).get("shardId-000000000000").path("getsAccepted").asLong()).isEqualTo(accepted + 1);
    }

    @Test
    void switchedOffNothingIsThrottledAndTheCountersGoOn() throws Exception {
        KinesisClient kinesis = clients.get("json");
        String stream = newStream(kinesis, 1);
        String key = keyFor(false);
        assertThat(target.control("kinesis/limits", Map.of("enabled", false)).path("enabled").asBoolean()).isFalse();
        try {
            assertThat(putConcurrently(kinesis, stream, key, 3)).allMatch(answer -> answer.failedRecordCount() == 0);
            kinesis.putRecord(put -> put.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String("x")));
            String iterator = kinesis.getShardIterator(get -> get.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            for (int call = 0; call < 12; call++) {
                kinesis.getRecords(get -> get.shardIterator(iterator));
            }
            JsonNode shard = counters(stream).get("shardId-000000000000");
            assertThat(shard.path("putsAccepted").asLong()).isEqualTo(1_501);
            assertThat(shard.path("getsAccepted").asLong()).isEqualTo(12);
            assertThat(shard.path("putsThrottled").asLong() + shard.path("getsThrottled").asLong()).isZero();
        } finally {
            assertThat(target.control("kinesis/limits", Map.of("enabled", true)).path("enabled").asBoolean()).isTrue();
        }
        assertThatThrownBy(() -> target.control("kinesis/limits", Map.of("enabled", "yes")))
                .isInstanceOf(LocalTargetException.class).hasMessageContaining("enabled must be true or false");
        assertThatThrownBy(() -> target.control("kinesis/limits", Map.of("rate", 5)))
                .isInstanceOf(LocalTargetException.class).hasMessageContaining("unknown setting 'rate'");
    }

    @Test
    void aSplitShardsRecordsCountAgainstTheChildThatTakesThem() throws Exception {
        KinesisClient kinesis = clients.get("cbor");
        String stream = newStream(kinesis, 1);
        kinesis.splitShard(split -> split.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(HALF.toString()));
        awaitActive(kinesis, stream);
        List<Shard> open = kinesis.listShards(list -> list.streamName(stream)).shards().stream()
                .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null).toList();
        assertThat(open).hasSize(2);
        for (boolean upper : new boolean[] {false, true}) {
            String key = keyFor(upper);
            PutRecordResponse put = kinesis.putRecord(p -> p.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String("x")));
            assertThat(counters(stream).get(put.shardId()).path("putsAccepted").asLong()).as(put.shardId()).isEqualTo(1);
        }
        assertThat(counters(stream).has("shardId-000000000000")).as("the closed parent took nothing").isFalse();
    }

    // ---- helpers ----

    private static String newStream(KinesisClient kinesis, int shards) throws InterruptedException {
        String stream = "limits-" + streams.incrementAndGet();
        kinesis.createStream(create -> create.streamName(stream).shardCount(shards));
        awaitActive(kinesis, stream);
        return stream;
    }

    private static void awaitActive(KinesisClient kinesis, String stream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (kinesis.describeStreamSummary(d -> d.streamName(stream)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            assertThat(System.nanoTime()).as("stream %s active within 20 s", stream).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Sends {@code batches} PutRecords of 500 records at once, so that they reach the front together. */
    private static List<PutRecordsResponse> putConcurrently(KinesisClient kinesis, String stream, String key, int batches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(batches);
        try {
            CyclicBarrier together = new CyclicBarrier(batches);
            List<Future<PutRecordsResponse>> sent = new ArrayList<>();
            for (int batch = 0; batch < batches; batch++) {
                List<PutRecordsRequestEntry> records = records(key, 500, 10);
                sent.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return kinesis.putRecords(put -> put.streamName(stream).records(records));
                }));
            }
            List<PutRecordsResponse> answers = new ArrayList<>();
            for (Future<PutRecordsResponse> answer : sent) {
                answers.add(answer.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the front has decided {@code records} puts on the shard (accepted or throttled). */
    private static void awaitCounted(String stream, String shardId, long records) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode shard = counters(stream).path(shardId);
            if (shard.path("putsAccepted").asLong() + shard.path("putsThrottled").asLong() >= records) {
                return;
            }
            assertThat(System.nanoTime()).as("%d puts decided on %s", records, shardId).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /** A partition key whose MD5 falls in the lower (or upper) half of the hash key space. */
    private static String keyFor(boolean upper) {
        for (int i = 0; ; i++) {
            String key = (upper ? "upper-" : "lower-") + i;
            if ((ShardDirectory.hashOf(key).compareTo(HALF) >= 0) == upper) {
                return key;
            }
        }
    }

    private static List<PutRecordsRequestEntry> records(String key, int count, int bytes) {
        List<PutRecordsRequestEntry> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromByteArray(new byte[bytes])).build());
        }
        return records;
    }

    /** The stream's shard counters from kinesis/limits, by shard id. */
    private static JsonNode counters(String stream) {
        JsonNode state = target.control("kinesis/limits", null);
        var byShard = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        for (JsonNode shard : state.path("shards")) {
            if (shard.path("stream").asText().equals(stream)) {
                byShard.set(shard.path("shardId").asText(), shard);
            }
        }
        return byShard;
    }
}
