package dev.dslab.local.lambda;

import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetStatus;
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
                LocalTargetStatus status = target.status();
                long daemon = status.pid();
                long environment = status.components().stream().filter(c -> c.name().startsWith("lambda bench-0 "))
                        .mapToLong(LocalTargetStatus.Component::pid).findFirst().orElseThrow();
                Phase warm = measure(warms, daemon, environment, () -> invoke(lambda, "bench-0", false));
                Phase warmTail = measure(warms, daemon, environment, () -> invoke(lambda, "bench-0", true));
                Phase roundTrip = measure(warms, daemon, environment, lambda::getAccountSettings);
                System.out.printf("cold start through the edge: p50 %.0f ms, max %.0f ms (%d functions); Init Duration p50 %.0f ms%n",
                        percentile(cold, 50), Collections.max(cold), colds, percentile(init, 50));
                warm.print("warm invoke through the edge (LogType None)");
                warmTail.print("warm invoke through the edge (LogType Tail)");
                roundTrip.print("edge round trip (GetAccountSettings)");
                System.out.printf("daemon resident memory %d MB%n", target.status().components().get(0).rssBytes() / (1024 * 1024));
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

    /** Times {@code calls} calls and the CPU the daemon, the environment's JVM and this client spent on them. */
    private static Phase measure(int calls, long daemon, long environment, Runnable call) {
        long[] before = {cpuMillis(daemon), cpuMillis(environment), clientCpuMillis()};
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return new Phase(millis, 1000.0 * (cpuMillis(daemon) - before[0]) / calls, 1000.0 * (cpuMillis(environment) - before[1]) / calls,
                1000.0 * (clientCpuMillis() - before[2]) / calls);
    }

    /** A process's user and system CPU time from /proc (fields 14 and 15, in clock ticks of 10 ms). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long clientCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private record Phase(List<Double> millis, double daemonCpuMicros, double environmentCpuMicros, double clientCpuMicros) {
        void print(String what) {
            System.out.printf("%s: p50 %.2f ms, p99 %.2f ms (%d calls); CPU per call: daemon %.0f us, environment %.0f us, client %.0f us%n",
                    what, percentile(millis, 50), percentile(millis, 99), millis.size(), daemonCpuMicros, environmentCpuMicros, clientCpuMicros);
        }
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
