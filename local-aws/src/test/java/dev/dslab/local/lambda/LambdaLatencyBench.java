package dev.dslab.local.lambda;

import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints the latency of cold and warm synchronous invokes of the probe function through the Lambda
 * service, as a client measures it (SDK call to response). A figure, not a test:
 * {@code java -cp <local-aws test classpath> dev.dslab.local.lambda.LambdaLatencyBench [colds] [warms]}.
 */
public final class LambdaLatencyBench {

    private LambdaLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int colds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warms = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path home = Files.createTempDirectory("lambda-bench");
        try (LambdaTestSupport lambda = new LambdaTestSupport(home)) {
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < colds; i++) {
                lambda.createProbe("bench-" + i);
                cold.add(timedInvoke(lambda, "bench-" + i, true));
            }
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < warms; i++) {
                warm.add(timedInvoke(lambda, "bench-0", false));
            }
            System.out.printf("cold invoke: p50 %.1f ms, max %.1f ms (%d functions)%n", percentile(cold, 50), Collections.max(cold), colds);
            System.out.printf("warm invoke: p50 %.2f ms, p90 %.2f ms (%d invokes)%n", percentile(warm, 50), percentile(warm, 90), warms);
        } finally {
            FunctionCode.deleteTree(home);
        }
    }

    private static double timedInvoke(LambdaTestSupport lambda, String function, boolean expectCold) {
        long start = System.nanoTime();
        InvokeResponse response = lambda.invoke(function, "{\"action\":\"echo\"}");
        double millis = (System.nanoTime() - start) / 1e6;
        boolean cold = LambdaTestSupport.json(response).get("coldStart").asBoolean();
        if (cold != expectCold) {
            throw new IllegalStateException(function + " was " + (cold ? "cold" : "warm") + " where the bench expected otherwise");
        }
        return millis;
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
