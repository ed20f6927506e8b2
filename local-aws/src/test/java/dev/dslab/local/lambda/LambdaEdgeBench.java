package dev.dslab.local.lambda;

import dev.dslab.local.LocalTargetClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the Lambda figures of the full local stack: a real daemon, invokes through its edge with the SDK's
 * LambdaClient, as a learner's client makes them. Cold start = the first invoke of a new function (the JVM
 * starts, the runtime loads the handler, the handler runs), also as the REPORT line's Init Duration; warm =
 * an invoke that reuses the idle environment, as the SDK makes it by default (LogType None: answered when the
 * runtime posts the response) and with LogType Tail (answered with the REPORT line, once the runtime is back
 * for the next event); the edge round trip alone (GetAccountSettings: SDK, HTTP, edge, no function) shows
 * what of it is not Lambda's. A figure, not a test (bench/lambda runs it):
 * {@code java -cp <local-aws test classpath> dev.dslab.local.lambda.LambdaEdgeBench [colds] [warms]}.
 */
public final class LambdaEdgeBench {

    private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");

    private LambdaEdgeBench() {
    }

    public static void main(String[] args) throws Exception {
        int colds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warms = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path home = Files.createTempDirectory("lambda-edge-bench");
        LocalTargetClient target = new LocalTargetClient(home);
        try {
            URI edge = target.ensureRunning(0).edge();
            try (LambdaClient lambda = LambdaTestSupport.client(edge)) {
                byte[] zip = LambdaTestSupport.probeZip();
                List<Double> cold = new ArrayList<>();
                List<Double> init = new ArrayList<>();
                for (int i = 0; i < colds; i++) {
                    String name = "bench-" + i;
                    lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA17).role(LambdaTestSupport.ROLE)
                            .handler(LambdaTestSupport.PROBE_HANDLER).memorySize(512).timeout(30)
                            .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
                    long start = System.nanoTime();
                    InvokeResponse response = invoke(lambda, name, true);
                    cold.add((System.nanoTime() - start) / 1e6);
                    Matcher matcher = INIT.matcher(LambdaTestSupport.logTail(response));
                    if (matcher.find()) {
                        init.add(Double.parseDouble(matcher.group(1)));
                    }
                }
                for (int i = 0; i < Math.min(200, warms); i++) {
                    invoke(lambda, "bench-0", i % 2 == 0); // the JIT of daemon and environment warms up first
                    lambda.getAccountSettings();
                }
                List<Double> warm = new ArrayList<>();
                List<Double> warmTail = new ArrayList<>();
                List<Double> roundTrip = new ArrayList<>();
                for (int i = 0; i < warms; i++) {
                    long start = System.nanoTime();
                    invoke(lambda, "bench-0", false);
                    long middle = System.nanoTime();
                    invoke(lambda, "bench-0", true);
                    long end = System.nanoTime();
                    lambda.getAccountSettings();
                    roundTrip.add((System.nanoTime() - end) / 1e6);
                    warm.add((middle - start) / 1e6);
                    warmTail.add((end - middle) / 1e6);
                }
                System.out.printf("cold start through the edge: p50 %.0f ms, max %.0f ms (%d functions); Init Duration p50 %.0f ms%n",
                        percentile(cold, 50), Collections.max(cold), colds, percentile(init, 50));
                System.out.printf("warm invoke through the edge: p50 %.2f ms, p99 %.2f ms (%d invokes, LogType None)%n",
                        percentile(warm, 50), percentile(warm, 99), warms);
                System.out.printf("warm invoke through the edge: p50 %.2f ms, p99 %.2f ms (%d invokes, LogType Tail)%n",
                        percentile(warmTail, 50), percentile(warmTail, 99), warms);
                System.out.printf("edge round trip (GetAccountSettings): p50 %.2f ms, p99 %.2f ms (%d calls)%n",
                        percentile(roundTrip, 50), percentile(roundTrip, 99), warms);
            }
        } finally {
            target.stop();
            FunctionCode.deleteTree(home);
        }
    }

    private static InvokeResponse invoke(LambdaClient lambda, String function, boolean tail) {
        InvokeResponse response = lambda.invoke(r -> r.functionName(function)
                .logType(tail ? LogType.TAIL : LogType.NONE)
                .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));
        if (response.functionError() != null) {
            throw new IllegalStateException(function + " failed: " + response.payload().asUtf8String());
        }
        return response;
    }

    private static double percentile(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
