package dev.dslab.scenarios.lambda;

import static dev.dslab.scenarios.engine.Numbers.percentile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.Clients;
import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentException;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.ParameterSpec;
import dev.dslab.scenarios.engine.ParameterValues;
import dev.dslab.scenarios.engine.Prediction;
import dev.dslab.scenarios.engine.QuizTemplate;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.history.RecordedOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Bursts of concurrent invokes of the sandbox's probe function, which reports the execution environment that
 * served it and whether that was the environment's first invoke: a cold burst, a warm burst right after,
 * a burst against a small reserved concurrency (throttled with 429), and, on the local target, a burst after
 * the idle environments were reaped.
 */
public final class LambdaColdStartsExperiment implements Experiment {

    static final Source SCALING = new Source("AWS Lambda Developer Guide: Understanding Lambda function scaling",
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html");
    static final Source LIFECYCLE = new Source("AWS Lambda Developer Guide: Understanding the Lambda execution environment lifecycle",
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html");
    static final Source RESERVED = new Source("AWS Lambda Developer Guide: Configuring reserved concurrency for a function",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html");
    static final Source INVOKE = new Source("AWS Lambda API Reference: Invoke (TooManyRequestsException, LogType Tail)",
            "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html");

    static final List<String> PHASES = List.of("first", "again", "reserved", "after-reap");
    static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern INIT_DURATION = Pattern.compile("Init Duration: ([0-9.]+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] HISTOGRAM_EDGES_MS = {0, 50, 100, 250, 500, 1000, 2000, 5000, Double.POSITIVE_INFINITY};

    @Override
    public ExperimentInfo info() {
        return new ExperimentInfo("lambda-cold-starts",
                "How Lambda scales execution environments: cold starts, warm reuse, reserved concurrency throttles, reaping",
                "A burst of concurrent invokes on an idle function starts one execution environment per concurrent request, each "
                        + "with a cold start. The same burst right after finds those environments warm and reuses them. With reserved "
                        + "concurrency below the burst, the invokes over it are throttled with 429 TooManyRequestsException. After the "
                        + "environments sit idle long enough they are shut down, and the next burst is cold again.",
                """
                        Lambda runs a function in execution environments. An environment serves one request at a time; \
                        its Init phase (start the runtime, load the code, run static initialisers) happens once, on the first \
                        request it serves: a cold start. Afterwards it stays warm and is reused for later requests; after a while \
                        idle, Lambda shuts it down. A function's concurrency is the number of requests in flight, so a burst of \
                        N simultaneous invokes needs N environments. Reserved concurrency caps a function's concurrency (and \
                        sets that much of the account's concurrency aside for it); an invoke over the cap is throttled with \
                        HTTP 429 TooManyRequestsException, reason ReservedFunctionConcurrentInvocationLimitExceeded.

                        This experiment invokes the sandbox's probe function, which reports its environment's id and whether \
                        the invoke was that environment's first. Four bursts of burst simultaneous invokes, each asking the \
                        probe to work for work milliseconds so that they overlap: first (on a function without environments), \
                        again right after, reserved (with PutFunctionConcurrency set to reserved, removed or put back after \
                        the burst), and after-reap. On the local target the run first sets the idle lifetime (the control \
                        lambda/settings idleReapMillis) to reap-after and waits until the function has no environment, so the \
                        first burst starts cold; the next bursts run with the target's own lifetime (ten minutes by default); \
                        before the last burst the lifetime is reap-after again and the run waits for the reaper. Lambda does not document \
                        its own idle lifetime (minutes in practice), so on a real account the after-reap burst is skipped. \
                        Invokes ask for LogType Tail: the REPORT line of a cold start carries its Init Duration.""",
                List.of(SCALING, LIFECYCLE, RESERVED, INVOKE),
                Duration.ofSeconds(45), Set.of("local", "aws"),
                Optional.of(new Prediction("The second burst starts as soon as the first has ended. What share of its invokes will be cold "
                        + "starts?", "cold-percent-again", List.of(
                                new Prediction.Choice("none: the environments of the first burst are reused", 0, 1),
                                new Prediction.Choice("some", 1, 50),
                                new Prediction.Choice("most", 50, 100),
                                new Prediction.Choice("all: every invoke starts a fresh environment", 100, Double.POSITIVE_INFINITY)))),
                Duration.ofSeconds(180));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("burst", 4, 2, 40, "simultaneous invokes per burst"),
                ParameterSpec.duration("work", "300ms", "0ms", "5s", "how long the probe works per invoke, so a burst's invokes overlap"),
                ParameterSpec.integer("reserved", 2, 1, 39, "reserved concurrency during the reserved burst (below burst)"),
                ParameterSpec.duration("reap-after", "3s", "500ms", "60s",
                        "local target only: how long an environment may stay idle before it is shut down"));
    }

    /** One invoke as the client saw it. */
    record Invoke(String phase, long latencyNanos, boolean ok, boolean cold, String environment, double initMillis, String error) {
    }

    @Override
    public ExperimentResult run(RunContext context) throws InterruptedException {
        ParameterValues p = context.parameters();
        int burst = p.integer("burst");
        int reserved = p.integer("reserved");
        if (reserved >= burst) {
            throw new IllegalArgumentException("parameter 'reserved' must be below burst (" + burst + ") for the reserved burst to throttle");
        }
        long workMillis = Math.round(p.millis("work"));
        long reapMillis = Math.round(p.millis("reap-after"));
        String function = context.sandbox().function();
        boolean local = context.model().isPresent();
        ConcurrentLinkedQueue<Invoke> invokes = new ConcurrentLinkedQueue<>();
        Map<String, Double> reapWaits = new LinkedHashMap<>();
        try (LambdaClient lambda = context.target().lambda(INVOKE_TIMEOUT)) {
            if (local) {
                // the bursts run with the target's own idle lifetime, so an environment that finished early in a burst of
                // slow cold starts is still there for the next burst; only the waits for the reaper use reap-after
                Object idleLifetime = context.model().orElseThrow().read("lambda/settings").get("idleReapMillis");
                context.changeModel("lambda/settings", Map.of("idleReapMillis", reapMillis));
                reapWaits.put("before the first burst", waitUntilReaped(context, function, reapMillis));
                context.changeModel("lambda/settings", Map.of("idleReapMillis", idleLifetime));
            }
            burst(context, lambda, function, "first", burst, workMillis, invokes);
            burst(context, lambda, function, "again", burst, workMillis, invokes);
            Integer reservedBefore = lambda.getFunctionConcurrency(request -> request.functionName(function)).reservedConcurrentExecutions();
            context.progress().note("reserved concurrency " + reserved + " for the reserved burst");
            lambda.putFunctionConcurrency(request -> request.functionName(function).reservedConcurrentExecutions(reserved));
            try {
                burst(context, lambda, function, "reserved", burst, workMillis, invokes);
            } finally {
                restoreReserved(lambda, function, reservedBefore);
            }
            if (local) {
                context.changeModel("lambda/settings", Map.of("idleReapMillis", reapMillis));
                reapWaits.put("before the after-reap burst", waitUntilReaped(context, function, reapMillis));
                burst(context, lambda, function, "after-reap", burst, workMillis, invokes);
            }
        }
        return analyse(new ArrayList<>(invokes), burst, reserved, reapWaits, context.history().operations());
    }

    /** {@code size} invokes released at once (a latch), each on its own client thread. */
    private static void burst(RunContext context, LambdaClient lambda, String function, String phase, int size, long workMillis,
                              ConcurrentLinkedQueue<Invoke> invokes) throws InterruptedException {
        HistoryRecorder history = context.history();
        CountDownLatch ready = new CountDownLatch(size);
        SdkBytes payload = SdkBytes.fromUtf8String("{\"action\":\"sleep\",\"millis\":" + workMillis + "}");
        context.progress().note(phase + " burst: " + size + " simultaneous invokes");
        Clients.Measure measure = new Clients.Measure("invokes of the " + phase + " burst",
                () -> invokes.stream().filter(invoke -> invoke.phase().equals(phase)).count(), size);
        Clients.run(context, phase + " burst", size, INVOKE_TIMEOUT.plusSeconds(10), measure, (client, random) -> {
            ready.countDown();
            ready.await(10, TimeUnit.SECONDS);
            HistoryRecorder.Pending op = history.invoke(client, "invoke", phase, null, null, phase);
            long started = System.nanoTime();
            try {
                InvokeResponse response = lambda.invoke(request -> request.functionName(function).logType(LogType.TAIL).payload(payload));
                long latency = System.nanoTime() - started;
                if (response.functionError() != null) {
                    op.fail("function error " + response.functionError() + ": " + response.payload().asUtf8String());
                    invokes.add(new Invoke(phase, latency, false, false, null, Double.NaN, "function error " + response.functionError() + " "
                            + JSON.readTree(response.payload().asByteArray()).path("errorType").asText()));
                    return false;
                }
                JsonNode answer = JSON.readTree(response.payload().asByteArray());
                String environment = answer.path("environmentId").asText();
                boolean cold = answer.path("coldStart").asBoolean();
                op.ok(environment);
                invokes.add(new Invoke(phase, latency, true, cold, environment, initDuration(response.logResult()), null));
            } catch (TooManyRequestsException throttled) {
                String reason = throttled.reason() != null ? throttled.reasonAsString() : "TooManyRequestsException";
                op.fail("429 TooManyRequestsException: " + reason);
                invokes.add(new Invoke(phase, System.nanoTime() - started, false, false, null, Double.NaN, reason));
            } catch (SdkException | IOException failure) {
                String error = describe(failure);
                if (failure instanceof AwsServiceException service && service.statusCode() < 500) {
                    op.fail(error);
                } else {
                    op.indeterminate(error);
                }
                invokes.add(new Invoke(phase, System.nanoTime() - started, false, false, null, Double.NaN, error));
            }
            return false;
        });
    }

    /** Waits until the function has no execution environment left (the local target's lambda/settings reports them). */
    private static double waitUntilReaped(RunContext context, String function, long reapMillis) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(reapMillis) + TimeUnit.SECONDS.toNanos(30);
        context.progress().note("waiting for the idle environments of " + function + " to be reaped");
        while (environments(context, function) > 0) {
            if (System.nanoTime() > deadline) {
                throw new ExperimentException("the environments of " + function + " were not reaped within " + (reapMillis / 1000 + 30)
                        + " s of idleness");
            }
            Thread.sleep(200);
        }
        return (System.nanoTime() - started) / 1e6;
    }

    @SuppressWarnings("unchecked")
    private static long environments(RunContext context, String function) {
        Map<String, Object> settings = context.model().orElseThrow().read("lambda/settings");
        Object functions = settings.get("functions");
        if (!(functions instanceof Map<?, ?> byName) || !(byName.get(function) instanceof Map<?, ?> counts)) {
            return 0;
        }
        return number(((Map<String, Object>) counts).get("busyEnvironments")) + number(((Map<String, Object>) counts).get("idleEnvironments"));
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    /** Puts the function's reserved concurrency back as it was, even when the run was interrupted. */
    private static void restoreReserved(LambdaClient lambda, String function, Integer before) {
        boolean interrupted = Thread.interrupted();
        try {
            if (before == null) {
                lambda.deleteFunctionConcurrency(request -> request.functionName(function));
            } else {
                lambda.putFunctionConcurrency(request -> request.functionName(function).reservedConcurrentExecutions(before));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static double initDuration(String logResult) {
        if (logResult == null) {
            return Double.NaN;
        }
        Matcher matcher = INIT_DURATION.matcher(new String(Base64.getDecoder().decode(logResult), StandardCharsets.UTF_8));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private static String describe(Exception failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    ExperimentResult analyse(List<Invoke> invokes, int burst, int reserved, Map<String, Double> reapWaits, List<RecordedOp> history) {
        List<Observation> observations = new ArrayList<>();
        Map<String, long[]> perPhase = new LinkedHashMap<>();
        for (String phase : PHASES) {
            List<Invoke> ofPhase = invokes.stream().filter(invoke -> invoke.phase().equals(phase)).toList();
            if (ofPhase.isEmpty()) {
                continue;
            }
            long ok = ofPhase.stream().filter(Invoke::ok).count();
            long cold = ofPhase.stream().filter(Invoke::cold).count();
            long throttled = ofPhase.stream().filter(invoke -> RESERVED_LIMIT.equals(invoke.error())
                    || "ConcurrentInvocationLimitExceeded".equals(invoke.error())).count();
            long environments = ofPhase.stream().filter(Invoke::ok).map(Invoke::environment).distinct().count();
            perPhase.put(phase, new long[] {ok, cold, throttled});
            observations.add(new Observation("cold-" + phase, phase + " burst: cold starts", cold, ""));
            observations.add(new Observation("warm-" + phase, phase + " burst: warm invokes", ok - cold, ""));
            observations.add(new Observation("cold-percent-" + phase, phase + " burst: share of successful invokes that were cold",
                    Numbers.percent(cold, ok), "%"));
            observations.add(new Observation("throttled-" + phase, phase + " burst: invokes throttled (429)", throttled, ""));
            observations.add(new Observation("environments-" + phase, phase + " burst: execution environments that served it", environments, ""));
        }
        Set<String> allEnvironments = new HashSet<>();
        invokes.stream().filter(Invoke::ok).forEach(invoke -> allEnvironments.add(invoke.environment()));
        double[] cold = latencies(invokes, true);
        double[] warm = latencies(invokes, false);
        double[] init = invokes.stream().filter(Invoke::cold).mapToDouble(Invoke::initMillis).filter(value -> !Double.isNaN(value)).sorted().toArray();
        observations.add(new Observation("environments", "execution environments started during the run", allEnvironments.size(), ""));
        observations.add(new Observation("cold-latency-p50-ms", "median latency of a cold invoke (client side)", percentile(cold, 0.5), "ms"));
        observations.add(new Observation("warm-latency-p50-ms", "median latency of a warm invoke (client side)", percentile(warm, 0.5), "ms"));
        observations.add(new Observation("cold-penalty-ms", "median cold minus median warm latency",
                percentile(cold, 0.5) - percentile(warm, 0.5), "ms"));
        observations.add(new Observation("init-duration-p50-ms", "median Init Duration in the REPORT lines of cold starts", percentile(init, 0.5), "ms"));
        observations.add(new Observation("failed-invokes", "invokes that failed other than by throttling", invokes.stream()
                .filter(invoke -> !invoke.ok() && !RESERVED_LIMIT.equals(invoke.error())).count(), ""));
        reapWaits.forEach((when, millis) -> observations.add(new Observation(
                "reap-wait-ms-" + (when.contains("first") ? "start" : "end"), "wait until the environments were reaped, " + when, millis, "ms")));

        List<Check> checks = new ArrayList<>();
        long[] first = perPhase.get("first");
        long[] again = perPhase.get("again");
        long[] reservedPhase = perPhase.get("reserved");
        if (first != null && again != null) {
            Check.Verdict reuse = again[0] == 0 ? Check.Verdict.UNKNOWN : again[1] == 0 ? Check.Verdict.PASS : Check.Verdict.FAIL;
            checks.add(new Check("warm reuse", "the burst right after the first", reuse,
                    again[1] + " of " + again[0] + " successful invokes cold (first burst: " + first[1] + " of " + first[0] + ")"));
        }
        if (reservedPhase != null) {
            boolean capped = reservedPhase[0] <= burst - reservedPhase[2] && reservedPhase[2] > 0;
            checks.add(new Check("reserved concurrency", "reserved = " + reserved + ", burst = " + burst, capped ? Check.Verdict.PASS : Check.Verdict.FAIL,
                    reservedPhase[2] + " invokes throttled with " + RESERVED_LIMIT + ", " + reservedPhase[0] + " served"));
        }
        List<Invoke> failed = invokes.stream().filter(invoke -> !invoke.ok() && !RESERVED_LIMIT.equals(invoke.error())).toList();
        checks.add(new Check("every invoke served", "all bursts (429 throttles of the reserved burst aside)",
                failed.isEmpty() ? Check.Verdict.PASS : Check.Verdict.FAIL, failed.isEmpty() ? invokes.size() + " invokes"
                        : failed.size() + " failed; first (" + failed.get(0).phase() + " burst): " + failed.get(0).error()
                        + " (a cold start slower than the function's timeout fails: a smaller burst asks less of a busy machine)"));
        long[] reaped = perPhase.get("after-reap");
        if (reaped != null) {
            checks.add(new Check("reaping", "after the environments were idle for reap-after", reaped[1] == reaped[0] && reaped[0] > 0
                    ? Check.Verdict.PASS : Check.Verdict.FAIL, reaped[1] + " of " + reaped[0] + " invokes cold"));
        }

        List<Chart.Point> coldBars = new ArrayList<>();
        List<Chart.Point> warmBars = new ArrayList<>();
        List<Chart.Point> throttledBars = new ArrayList<>();
        int x = 0;
        for (Map.Entry<String, long[]> phase : perPhase.entrySet()) {
            coldBars.add(new Chart.Point(x, phase.getValue()[1], phase.getKey()));
            warmBars.add(new Chart.Point(x, phase.getValue()[0] - phase.getValue()[1], phase.getKey()));
            throttledBars.add(new Chart.Point(x++, phase.getValue()[2], phase.getKey()));
        }
        List<Chart> charts = List.of(
                new Chart("cold-warm-throttled", "Invokes per burst: cold, warm and throttled", Chart.Kind.BAR, "burst", "invokes",
                        List.of(new Chart.Series("cold", coldBars), new Chart.Series("warm", warmBars), new Chart.Series("throttled", throttledBars))),
                new Chart("latency-histogram", "Invoke latency, cold vs. warm (client side, including the probe's work)", Chart.Kind.BAR,
                        "latency", "invokes", List.of(new Chart.Series("cold", histogram(cold)), new Chart.Series("warm", histogram(warm)))));
        return new ExperimentResult(observations, checks, charts, marks(history));
    }

    private static Map<Long, String> marks(List<RecordedOp> history) {
        Map<Long, String> marks = new LinkedHashMap<>();
        for (RecordedOp op : history) {
            if (op.f().equals("invoke") && op.error() != null && op.error().startsWith("429")) {
                marks.put(op.index(), "throttled: " + op.error());
            }
        }
        return marks;
    }

    private static double[] latencies(List<Invoke> invokes, boolean cold) {
        return invokes.stream().filter(invoke -> invoke.ok() && invoke.cold() == cold).mapToDouble(invoke -> invoke.latencyNanos() / 1e6)
                .sorted().toArray();
    }

    private static List<Chart.Point> histogram(double[] values) {
        List<Chart.Point> points = new ArrayList<>();
        for (int bucket = 0; bucket + 1 < HISTOGRAM_EDGES_MS.length; bucket++) {
            double from = HISTOGRAM_EDGES_MS[bucket];
            double to = HISTOGRAM_EDGES_MS[bucket + 1];
            long count = java.util.Arrays.stream(values).filter(value -> value >= from && value < to).count();
            String label = Double.isInfinite(to) ? ">= " + Numbers.format(from) + " ms" : Numbers.format(from) + "-" + Numbers.format(to) + " ms";
            points.add(new Chart.Point(bucket, count, label));
        }
        return points;
    }

    @Override
    public List<QuizTemplate> quiz() {
        return List.of(this::coldInFirstBurst, this::throttledReserved, this::coldPenalty, this::reducingColdStarts);
    }

    private Optional<Question> coldInFirstBurst(RunSummary run) {
        Optional<Double> cold = run.observations().value("cold-first");
        Optional<Double> environments = run.observations().value("environments-first");
        if (cold.isEmpty() || environments.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-cold-starts.first-burst",
                "In your run " + run.runId() + ", the first burst sent " + run.parameters().get("burst") + " simultaneous invokes to a "
                        + "function without environments. How many execution environments served them?",
                List.of(), new AnswerKey.Numeric(environments.get(), 0.5, "environments"),
                "Your run: " + Numbers.format(environments.get()) + " environments, " + Numbers.format(cold.get()) + " cold starts. An "
                        + "environment serves one request at a time, so simultaneous requests need as many environments, and each new "
                        + "one goes through Init first.",
                List.of(SCALING, LIFECYCLE), Difficulty.EASY, List.of("lambda", "concurrency", "cold-start"),
                "How does Lambda's scaling rate limit how fast a function can go from 0 to 1,000 concurrent requests?"));
    }

    private Optional<Question> throttledReserved(RunSummary run) {
        Optional<Double> throttled = run.observations().value("throttled-reserved");
        if (throttled.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-cold-starts.reserved",
                "With reserved concurrency " + run.parameters().get("reserved") + " and a burst of " + run.parameters().get("burst")
                        + " overlapping invokes, how many invokes were throttled in your run?",
                List.of(), new AnswerKey.Numeric(throttled.get(), 0.5, "invokes"),
                "Your run: " + Numbers.format(throttled.get()) + ". Reserved concurrency is also the function's maximum: at most that many "
                        + "requests in flight. Synchronous invokes over it get 429 TooManyRequestsException with reason "
                        + RESERVED_LIMIT + "; the caller must retry (asynchronous invokes are retried by Lambda).",
                List.of(RESERVED, INVOKE), Difficulty.MEDIUM, List.of("lambda", "concurrency", "throttling"),
                "Why would you set reserved concurrency on a function that writes to a small relational database?"));
    }

    private Optional<Question> coldPenalty(RunSummary run) {
        Optional<Double> penalty = run.observations().value("cold-penalty-ms");
        if (penalty.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Question("obs.lambda-cold-starts.penalty",
                "In your run, how much longer (ms, medians) did a cold invoke take than a warm one?",
                List.of(), new AnswerKey.Numeric(Math.round(penalty.get()), Math.max(50, Math.abs(penalty.get()) * 0.25), "ms"),
                "Your run: " + Numbers.format(penalty.get()) + " ms (median Init Duration in the REPORT lines: "
                        + run.observations().value("init-duration-p50-ms").map(Numbers::format).orElse("n/a") + " ms). A cold start adds "
                        + "the Init phase: starting the runtime (a JVM here), loading the function's code and running its initialisation.",
                List.of(LIFECYCLE), Difficulty.EASY, List.of("lambda", "cold-start"),
                "Which parts of a Java function's Init can you move or shrink, and what does SnapStart change?"));
    }

    private Optional<Question> reducingColdStarts(RunSummary run) {
        return Optional.of(new Question("obs.lambda-cold-starts.fewer-cold-starts",
                "Which of these reduce the cold starts a latency-sensitive function's callers see?",
                List.of("Provisioned concurrency: environments initialised before requests arrive",
                        "Reserved concurrency: it keeps that many environments warm",
                        "Doing expensive set-up (clients, connections) once in the initialisation code rather than per request",
                        "Invoking the function with InvocationType Event"),
                new AnswerKey.MultipleChoice(Set.of(0, 2)),
                "Provisioned concurrency initialises environments ahead of time. Reserved concurrency only caps and sets aside capacity: it "
                        + "keeps nothing warm, as your reserved burst showed by throttling. Initialisation code runs once per environment, "
                        + "so work done there is not repeated per request. An Event invoke only hides the latency from the caller.",
                List.of(SCALING, RESERVED, LIFECYCLE), Difficulty.MEDIUM, List.of("lambda", "cold-start", "concurrency"),
                "How would you size provisioned concurrency for a known daily peak?"));
    }
}
