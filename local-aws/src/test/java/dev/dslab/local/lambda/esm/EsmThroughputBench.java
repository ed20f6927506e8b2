package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prints how many records per second a Kinesis event source mapping delivers on the local target, batch
 * size 100 on a 2-shard stream filled beforehand (TRIM_HORIZON), for two functions: the probe (no work per
 * record: the mapping's own cost, plus the invoke) and the stream batch handler (one conditional DynamoDB
 * write per record). A figure, not a test:
 * {@code java -Ddslab.root=$PWD -cp <local-aws test classpath> dev.dslab.local.lambda.esm.EsmThroughputBench [records] [probe|batch|both]}.
 */
public final class EsmThroughputBench {

    private EsmThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String which = args.length > 1 ? args[1] : "both";
        Path home = Files.createTempDirectory("esm-bench");
        try (EsmTestTarget target = new EsmTestTarget(home)) {
            target.table("bench-records");
            if (!which.equals("batch")) {
                run(target, "probe", "dev.dslab.lambdas.probe.ProbeHandler::handleRequest", Map.of(), records);
            }
            if (!which.equals("probe")) {
                run(target, "batch", EsmTestTarget.BATCH_HANDLER, Map.of("PROCESSED_TABLE", "bench-records"), records);
            }
        }
    }

    private static void run(EsmTestTarget target, String name, String handler, Map<String, String> environment, int records)
            throws InterruptedException {
        String stream = target.stream("bench-" + name, 2);
        target.function("bench-" + name, handler, environment);
        target.put("bench-" + name, records, i -> "key-" + (i % 64), i -> "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(64) + "\"}");
        long start = System.nanoTime();
        String uuid = target.lambda.createEventSourceMapping(r -> r.functionName("bench-" + name).eventSourceArn(stream)
                .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(100)).uuid();
        long firstDone = 0;
        long done = 0;
        while (done < records) {
            Thread.sleep(50);
            done = 0;
            long invokes = 0;
            for (JsonNode mapping : target.client.control("lambda/esm", null).path("EventSourceMappings")) {
                if (mapping.path("UUID").asText().equals(uuid)) {
                    for (JsonNode shard : mapping.path("Shards")) {
                        done += shard.path("recordsSucceeded").asLong();
                        invokes += shard.path("invocations").asLong();
                    }
                }
            }
            if (firstDone == 0 && invokes >= 2) {
                firstDone = System.nanoTime();
            }
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new IllegalStateException("only " + done + " of " + records + " records in 10 minutes");
            }
        }
        long end = System.nanoTime();
        double total = (end - start) / 1e9;
        double steady = (end - firstDone) / 1e9;
        System.out.printf("%-6s %6d records, batch 100, 2 shards: %6.0f records/s overall (%.1f s, cold starts included),"
                + " %6.0f records/s after the first two invokes (warm)%n", name, records, records / total, total,
                (records - 200) / steady);
        target.lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
    }
}
