package dev.dslab.local.lambda;

import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the latency of cold and warm synchronous invokes of the probe function through the Lambda
 * service, as a client measures it (SDK call to response). A figure, not a test:
 * {@code java -cp <local-aws test classpath> dev.dslab.local.lambda.LambdaLatencyBench [colds] [warms]}.
 */
public final class LambdaLatencyBench {

    private static final Pattern REPORTED_DURATION = Pattern.compile("\tDuration: ([0-9.]+) ms");

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
                cold.add(timedInvoke(lambda, "bench-" + i, true, new ArrayList<>()));
            }
            List<Double> warm = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            for (int i = 0; i < warms; i++) {
                warm.add(timedInvoke(lambda, "bench-0", false, reported));
            }
            System.out.printf("cold invoke: p50 %.1f ms, max %.1f ms (%d functions)%n", percentile(cold, 50), Collections.max(cold), colds);
            System.out.printf("warm invoke: p50 %.2f ms, p90 %.2f ms (%d invokes); REPORT Duration p50 %.2f ms%n",
                    percentile(warm, 50), percentile(warm, 90), warms, percentile(reported, 50));
        } finally {
            FunctionCode.deleteTree(home);
        }
    }

    /** @param reported collects the Duration of the invoke's REPORT line: the part spent in the environment */
    private static double timedInvoke(LambdaTestSupport lambda, String function, boolean expectCold, List<Double> reported) {
        long start = System.nanoTime();
        InvokeResponse response = lambda.invoke(function, "{\"action\":\"echo\"}");
        double millis = (System.nanoTime() - start) / 1e6;
        boolean cold = LambdaTestSupport.json(response).get("coldStart").asBoolean();
        if (cold != expectCold) {
            throw new IllegalStateException(function + " was " + (cold ? "cold" : "warm") + " where the bench expected otherwise");
        }
        Matcher duration = REPORTED_DURATION.matcher(LambdaTestSupport.logTail(response));
        if (duration.find()) {
            reported.add(Double.parseDouble(duration.group(1)));
        }
        return millis;
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
