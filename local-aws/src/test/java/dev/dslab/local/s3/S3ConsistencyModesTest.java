package dev.dslab.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dslab.local.EdgeClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.LocalTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 front on a real daemon (S3Proxy behind it), driven by the AWS SDK: the anomalies of each mode are
 * counted on fresh keys per trial, reading right after the acknowledged write.
 */
class S3ConsistencyModesTest {

    private static final int TRIALS = 8;
    private static final String BUCKET = "consistency-lab";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static LocalTargetClient target;
    static URI edge;
    static S3Client s3;
    static S3Presigner presigner;
    static final List<String> putPayloadModes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        target = new LocalTargetClient(home);
        edge = target.ensureRunning(0).edge();
        EdgeClients clients = EdgeClients.of(edge);
        s3 = clients.configure(S3Client.builder()).forcePathStyle(true)
                .overrideConfiguration(config -> config.apiCallTimeout(EdgeClients.API_CALL_TIMEOUT).addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (context.request() instanceof PutObjectRequest) {
                            putPayloadModes.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse(""));
                        }
                    }
                })).build();
        presigner = clients.s3Presigner();
        s3.createBucket(create -> create.bucket(BUCKET));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
            presigner.close();
        }
        target.stop();
    }

    @Test
    void strongModeShowsNoAnomalyForAnyPattern() {
        target.control("s3/consistency", Map.of("mode", "strong"));
        Anomalies anomalies = runPatterns("strong");
        assertThat(anomalies).isEqualTo(new Anomalies(0, 0, 0, 0, 0, 0));
    }

    @Test
    void legacyModeShowsEachDocumentedAnomalyButNeverForANewKey() throws Exception {
        assertThat(target.control("s3/consistency", Map.of("mode", "legacy-2019", "lagMedianMillis", 150, "lagP99Millis", 300, "seed", 7))
                .path("mode").asText()).isEqualTo("legacy-2019");
        Anomalies anomalies = runPatterns("legacy");
        assertThat(anomalies.newKey()).as("PUT of a new key, then GET: read-after-write").isZero();
        assertThat(anomalies.overwrite()).as("GET after overwrite returns the old data").isPositive();
        assertThat(anomalies.delete()).as("GET after delete returns the deleted data").isPositive();
        assertThat(anomalies.listNew()).as("LIST after a new PUT misses the key").isPositive();
        assertThat(anomalies.listDeleted()).as("LIST after DELETE still lists the key").isPositive();
        assertThat(anomalies.negativeLookup()).as("HEAD 404, PUT, GET may answer 404").isPositive();

        // a stale HEAD and a stale presigned GET answer the old object, as S3Proxy described it
        s3.putObject(put -> put.bucket(BUCKET).key("stale/head"), RequestBody.fromString("short"));
        String oldEtag = s3.headObject(head -> head.bucket(BUCKET).key("stale/head")).eTag();
        s3.putObject(put -> put.bucket(BUCKET).key("stale/head"), RequestBody.fromString("a much longer body"));
        var head = s3.headObject(h -> h.bucket(BUCKET).key("stale/head"));
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.eTag()).isEqualTo(oldEtag);
        URI presigned = presigner.presignGetObject(get -> get.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(object -> object.bucket(BUCKET).key("stale/head"))).url().toURI();
        HttpResponse<String> viaUrl = HttpClient.newHttpClient().send(HttpRequest.newBuilder(presigned).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viaUrl.statusCode()).isEqualTo(200);
        assertThat(viaUrl.body()).isIn("short", "a much longer body");

        // past the horizon (5 x p99) every read and listing is fresh again
        Thread.sleep(1_600);
        assertThat(get("stale/head")).contains("a much longer body");
        assertThat(listed("legacy/overwrite-0")).isTrue();
        assertThat(get("legacy/delete-0")).isEmpty();
        assertThat(listed("legacy/delete-0")).isFalse();
        assertThat(get("legacy/lookup-0")).contains("created");
    }

    @Test
    void switchingBackToStrongEndsTheAnomaliesAtOnce() {
        target.control("s3/consistency", Map.of("mode", "legacy-2019", "lagMedianMillis", 5_000, "lagP99Millis", 10_000));
        s3.putObject(put -> put.bucket(BUCKET).key("switch/k"), RequestBody.fromString("v1"));
        s3.putObject(put -> put.bucket(BUCKET).key("switch/k"), RequestBody.fromString("v2"));
        assertThat(get("switch/k")).contains("v1");

        var strong = target.control("s3/consistency", Map.of("mode", "strong"));
        assertThat(strong.path("mode").asText()).isEqualTo("strong");
        assertThat(strong.path("lagMedianMillis").asLong()).isEqualTo(5_000);
        assertThat(get("switch/k")).contains("v2");
        assertThat(target.control("s3/consistency", null).path("mode").asText()).isEqualTo("strong");
    }

    @Test
    void multipartAndChunkedUploadsWorkInLegacyMode() {
        target.control("s3/consistency", Map.of("mode", "legacy-2019", "lagMedianMillis", 400, "lagP99Millis", 800));
        byte[] part1 = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        String uploadId = s3.createMultipartUpload(create -> create.bucket(BUCKET).key("multi/big")).uploadId();
        String etag1 = s3.uploadPart(part -> part.bucket(BUCKET).key("multi/big").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(part1)).eTag();
        String etag2 = s3.uploadPart(part -> part.bucket(BUCKET).key("multi/big").uploadId(uploadId).partNumber(2), RequestBody.fromBytes(part2)).eTag();
        s3.completeMultipartUpload(complete -> complete.bucket(BUCKET).key("multi/big").uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(etag2).build())));
        // a new key: read-after-write even when completed from parts
        assertThat(s3.headObject(head -> head.bucket(BUCKET).key("multi/big")).contentLength()).isEqualTo(part1.length + part2.length);

        putPayloadModes.clear();
        s3.putObject(put -> put.bucket(BUCKET).key("chunked/k"), RequestBody.fromString("chunked body"));
        assertThat(putPayloadModes).singleElement().asString().startsWith("STREAMING-");
        assertThat(get("chunked/k")).contains("chunked body");
    }

    @Test
    void badSettingsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> target.control("s3/consistency", Map.of("mode", "eventual")))
                .isInstanceOf(LocalTargetException.class).hasMessage("mode must be one of strong, legacy-2019, got \"eventual\"");
        assertThatThrownBy(() -> target.control("s3/consistency", Map.of("lagMedianMillis", 500, "lagP99Millis", 100)))
                .hasMessage("lagP99Millis must be from lagMedianMillis (500) to 60000 milliseconds, got 100");
        assertThatThrownBy(() -> target.control("s3/consistency", Map.of("lagMedianMillis", 0)))
                .hasMessage("lagMedianMillis must be a whole number of milliseconds from 1 to 60000, got 0");
        assertThatThrownBy(() -> target.control("s3/consistency", Map.of("lagMedianMillis", "fast")))
                .hasMessage("lagMedianMillis must be a whole number, got \"fast\"");
        assertThatThrownBy(() -> target.control("s3/consistency", Map.of("lag", 5)))
                .hasMessage("unknown setting 'lag'; the settings are mode, lagMedianMillis, lagP99Millis, seed");
    }

    @Test
    void theAwsCliParsesStaleAnswersOfAVersionedBucket() throws Exception {
        String bucket = "consistency-versioned";
        target.control("s3/consistency", Map.of("mode", "strong"));
        s3.createBucket(create -> create.bucket(bucket));
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String firstVersion = s3.putObject(put -> put.bucket(bucket).key("cli/kept"), RequestBody.fromString("version one")).versionId();
        s3.putObject(put -> put.bucket(bucket).key("cli/gone"), RequestBody.fromString("soon deleted"));

        // a lag far longer than the test: every read below misses the mutations
        target.control("s3/consistency", Map.of("mode", "legacy-2019", "lagMedianMillis", 20_000, "lagP99Millis", 30_000));
        s3.putObject(put -> put.bucket(bucket).key("cli/kept"), RequestBody.fromString("version two, longer"));
        s3.deleteObject(delete -> delete.bucket(bucket).key("cli/gone"));
        s3.putObject(put -> put.bucket(bucket).key("cli/new key+1"), RequestBody.fromString("not listed yet"));

        Path downloaded = home.resolve("kept.txt");
        JsonNode got = JSON.readTree(awsCli("s3api", "get-object", "--bucket", bucket, "--key", "cli/kept", downloaded.toString()));
        assertThat(Files.readString(downloaded)).isEqualTo("version one");
        assertThat(got.path("VersionId").asText()).isEqualTo(firstVersion);
        assertThat(got.path("ContentLength").asLong()).isEqualTo(11);

        String listing = awsCli("s3", "ls", "s3://" + bucket + "/cli/");
        assertThat(listing).contains(" 11 kept", " 12 gone").doesNotContain("new key");

        target.control("s3/consistency", Map.of("mode", "strong"));
        assertThat(awsCli("s3", "ls", "s3://" + bucket + "/cli/")).contains(" 19 kept", "new key+1").doesNotContain("gone");
    }

    @Test
    void aListingDuringLargePutsShowsOnlyKeysThatWerePut() throws Exception {
        // S3Proxy's file store writes each object as '<key>-<uuid>' inside the bucket and renames it when complete; S3
        // lists only complete objects (strong read-after-write consistency, "Amazon S3 data consistency model")
        String bucket = "listing-mid-write";
        target.control("s3/consistency", Map.of("mode", "strong"));
        s3.createBucket(create -> create.bucket(bucket));
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        byte[] large = new byte[1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        AtomicInteger listings = new AtomicInteger();
        AtomicInteger puts = new AtomicInteger();
        // each 1 MiB put holds its temporary file for 100-700 ms here; unfixed, every listing showed some
        long giveUp = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        BooleanSupplier going = () -> listings.get() < 8 && System.nanoTime() < giveUp;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < 3; writer++) {
                String prefix = "w" + writer + "/object-";
                work.add(pool.submit(() -> {
                    for (int i = 0; going.getAsBoolean(); i++) {
                        String key = prefix + (i % 4);
                        attempted.add(key);
                        s3.putObject(put -> put.bucket(bucket).key(key), RequestBody.fromBytes(large));
                        puts.incrementAndGet();
                    }
                }));
            }
            work.add(pool.submit(() -> {
                while (going.getAsBoolean()) {
                    s3.listObjectsV2(list -> list.bucket(bucket)).contents().stream().map(S3Object::key)
                            .filter(key -> !attempted.contains(key)).forEach(unexpected::add);
                    s3.listObjectVersions(list -> list.bucket(bucket)).versions().stream().map(ObjectVersion::key)
                            .filter(key -> !attempted.contains(key)).forEach(unexpected::add);
                    listings.incrementAndGet();
                }
            }));
            for (Future<?> done : work) {
                done.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(listings.get()).as("listings made while the puts ran").isGreaterThanOrEqualTo(3);
        assertThat(unexpected).as("listed keys that no one put (%d puts)", puts.get()).isEmpty();
    }

    /** The aws CLI configured only by the environment, as `sandbox env` exports it. */
    private static String awsCli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ENDPOINT_URL", edge.toString());
        environment.put("AWS_DEFAULT_REGION", LocalTargetContext.DEFAULT_REGION);
        environment.put("AWS_ACCESS_KEY_ID", LocalTargetContext.ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalTargetContext.SECRET_ACCESS_KEY);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    record Anomalies(int newKey, int overwrite, int delete, int listNew, int listDeleted, int negativeLookup) {
    }

    /** Each pattern on fresh keys, the read sent as soon as the write is acknowledged. */
    private Anomalies runPatterns(String run) {
        int newKey = 0;
        int overwrite = 0;
        int delete = 0;
        int listNew = 0;
        int listDeleted = 0;
        int negativeLookup = 0;
        for (int i = 0; i < TRIALS; i++) {
            String fresh = run + "/new-" + i;
            put(fresh, "first");
            newKey += get(fresh).equals(Optional.of("first")) ? 0 : 1;

            String overwritten = run + "/overwrite-" + i;
            put(overwritten, "old");
            put(overwritten, "new");
            overwrite += get(overwritten).equals(Optional.of("new")) ? 0 : 1;

            String deleted = run + "/delete-" + i;
            put(deleted, "doomed");
            s3.deleteObject(d -> d.bucket(BUCKET).key(deleted));
            delete += get(deleted).isEmpty() ? 0 : 1;

            String listedNew = run + "/listed-" + i;
            put(listedNew, "here");
            listNew += listed(listedNew) ? 0 : 1;

            String listedDeleted = run + "/unlisted-" + i;
            put(listedDeleted, "gone");
            // the listing lags behind the PUT as well: delete once the key is listed, as a learner would
            await().atMost(Duration.ofSeconds(5)).until(() -> listed(listedDeleted));
            s3.deleteObject(d -> d.bucket(BUCKET).key(listedDeleted));
            listDeleted += listed(listedDeleted) ? 1 : 0;

            String lookedUp = run + "/lookup-" + i;
            assertThat(get(lookedUp)).isEmpty();
            put(lookedUp, "created");
            negativeLookup += get(lookedUp).equals(Optional.of("created")) ? 0 : 1;
        }
        return new Anomalies(newKey, overwrite, delete, listNew, listDeleted, negativeLookup);
    }

    private static void put(String key, String body) {
        s3.putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromString(body));
    }

    private static Optional<String> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asUtf8String());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        }
    }

    private static boolean listed(String key) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix(key.substring(0, key.indexOf('/') + 1))).contents()) {
            keys.add(object.key());
        }
        return keys.contains(key);
    }
}
