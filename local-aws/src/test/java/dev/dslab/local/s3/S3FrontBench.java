package dev.dslab.local.s3;

import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Prints what the consistency front costs: the latency of PutObject (an overwrite, which in legacy-2019
 * first reads the key's current state) and GetObject of a 1 KiB object in each mode, on a real daemon,
 * as the SDK client measures it. A figure, not a test:
 * {@code java -cp <local-aws test classpath> dev.dslab.local.s3.S3FrontBench [operations]}.
 */
public final class S3FrontBench {

    private S3FrontBench() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path home = Files.createTempDirectory("s3front-bench");
        LocalTargetClient target = new LocalTargetClient(home);
        try (S3Client s3 = EdgeClients.of(target.ensureRunning(0).edge()).s3()) {
            s3.createBucket(create -> create.bucket("bench"));
            byte[] body = new byte[1024];
            for (String mode : List.of("strong", "legacy-2019", "strong", "legacy-2019")) {
                target.control("s3/consistency", Map.of("mode", mode, "lagMedianMillis", 1, "lagP99Millis", 2));
                List<Double> puts = new ArrayList<>();
                List<Double> gets = new ArrayList<>();
                for (int i = 0; i < operations; i++) {
                    String key = "k-" + (i % 20);
                    long start = System.nanoTime();
                    s3.putObject(put -> put.bucket("bench").key(key), RequestBody.fromBytes(body));
                    puts.add((System.nanoTime() - start) / 1e6);
                    start = System.nanoTime();
                    s3.getObjectAsBytes(get -> get.bucket("bench").key(key));
                    gets.add((System.nanoTime() - start) / 1e6);
                }
                System.out.printf("%-12s PutObject p50 %.2f ms p90 %.2f ms | GetObject p50 %.2f ms p90 %.2f ms (%d each)%n", mode,
                        percentile(puts, 50), percentile(puts, 90), percentile(gets, 50), percentile(gets, 90), operations);
            }
        } finally {
            target.stop();
        }
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
