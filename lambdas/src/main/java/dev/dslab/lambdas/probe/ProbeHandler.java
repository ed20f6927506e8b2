package dev.dslab.lambdas.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's probe function: it reports which execution environment served an invoke and how many
 * invokes that environment has served, so a learner sees cold starts and environment reuse directly.
 * The input may ask it to misbehave ({"action":"fail"} or {"action":"sleep","millis":N}) to show how
 * Lambda reports function errors and timeouts.
 */
public class ProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Static state lives as long as the execution environment: the whole point of the probe. */
    private static final String ENVIRONMENT_ID = UUID.randomUUID().toString();
    private static final long INIT_NANOS = System.nanoTime();
    private static final AtomicLong INVOCATIONS = new AtomicLong();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        long invocation = INVOCATIONS.incrementAndGet();
        boolean coldStart = invocation == 1;
        context.getLogger().log((coldStart ? "cold" : "warm") + " start, invocation " + invocation
                + " of environment " + ENVIRONMENT_ID);
        Map<String, Object> request = input == null ? Map.of() : input;
        String action = String.valueOf(request.getOrDefault("action", "echo"));
        switch (action) {
            case "echo" -> { }
            case "fail" -> throw new ProbeFailure(String.valueOf(request.getOrDefault("message", "the probe was asked to fail")));
            case "sleep" -> sleep(((Number) request.getOrDefault("millis", 1000)).longValue());
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; allowed: echo, fail, sleep");
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
