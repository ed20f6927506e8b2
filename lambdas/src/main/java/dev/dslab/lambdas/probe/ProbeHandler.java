package dev.dslab.lambdas.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's probe function: it reports which execution environment served an invoke and how many
 * invokes that environment has served, so a learner sees cold starts and environment reuse directly.
 * The input may ask it to misbehave ({"action":"fail"}, {"action":"sleep","millis":N},
 * {"action":"exit","status":N} or {"action":"allocate","mb":N}) to show how Lambda reports function errors,
 * timeouts, a runtime that exits and a function that runs out of memory.
 */
public class ProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Static state lives as long as the execution environment: the whole point of the probe. */
    private static final String ENVIRONMENT_ID = UUID.randomUUID().toString();
    private static final long INIT_NANOS = System.nanoTime();
    private static final AtomicLong INVOCATIONS = new AtomicLong();
    /** What "allocate" keeps: memory held as long as the environment lives, as a leak would be. */
    private static final List<byte[]> RETAINED = new ArrayList<>();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        long invocation = INVOCATIONS.incrementAndGet();
        boolean coldStart = invocation == 1;
        context.getLogger().log((coldStart ? "cold" : "warm") + " start, invocation " + invocation
                + " of environment " + ENVIRONMENT_ID + "\n");
        Map<String, Object> request = input == null ? Map.of() : input;
        // the event as received, so the log stream shows what each invoke carried (an invocation record, a retry)
        context.getLogger().log("input " + request + "\n");
        String action = String.valueOf(request.getOrDefault("action", "echo"));
        switch (action) {
            case "echo" -> { }
            case "fail" -> throw new ProbeFailure(String.valueOf(request.getOrDefault("message", "the probe was asked to fail")));
            case "sleep" -> sleep(((Number) request.getOrDefault("millis", 1000)).longValue());
            case "exit" -> System.exit(((Number) request.getOrDefault("status", 1)).intValue());
            case "allocate" -> allocate(((Number) request.getOrDefault("mb", 64)).intValue());
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; allowed: echo, fail, sleep, exit, allocate");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("environmentId", ENVIRONMENT_ID);
        result.put("invocation", invocation);
        result.put("coldStart", coldStart);
        result.put("requestId", context.getAwsRequestId());
        result.put("functionName", context.getFunctionName());
        result.put("memoryLimitMb", context.getMemoryLimitInMB());
        result.put("environmentAgeMs", (System.nanoTime() - INIT_NANOS) / 1_000_000);
        result.put("input", request);
        return result;
    }

    /** Touches every page of each megabyte, so it is resident, at about 200 MB/s: the environment's memory is sampled. */
    private static void allocate(int megabytes) {
        for (int i = 0; i < megabytes; i++) {
            byte[] block = new byte[1 << 20];
            for (int page = 0; page < block.length; page += 4096) {
                block[page] = 1;
            }
            synchronized (RETAINED) {
                RETAINED.add(block);
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A named error type, so the invoke's errorType shows what a handler exception looks like. */
    public static class ProbeFailure extends RuntimeException {
        public ProbeFailure(String message) {
            super(message);
        }
    }
}
