package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dslab.local.LocalTargetContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda execution environment: a child JVM running the AWS Lambda Java runtime interface client
 * against this environment's own Runtime API (a JDK HttpServer on 127.0.0.1). It serves one invocation at
 * a time; the function decides when it is reused and when it is retired.
 *
 * <p>Lifecycle as in Lambda: Init (the JVM starts and the runtime loads the handler, ending with its first
 * GET .../invocation/next), then Invoke repeatedly, then Shutdown (killed when retired, timed out or the
 * daemon stops). Init may take up to {@link #INIT_LIMIT}; beyond it the init goes on within the first
 * invocation's timeout, as Lambda retries a slow init during the first invoke.
 */
final class ExecutionEnvironment {

    static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    private static final long MEMORY_SAMPLE_MILLIS = 20;
    /** Lambda's limit on a synchronous response: 6 MB (6,291,556 bytes). */
    static final int RESPONSE_LIMIT_BYTES = 6_291_556;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNTIME_API = "/2018-06-01/runtime";
    private static final Pattern INVOCATION_PATH = Pattern.compile(RUNTIME_API + "/invocation/([^/]+)/(response|error)");
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final String id;
    private final Deployment deployment;
    private final LocalTargetContext context;
    private final RuntimeInstallation runtime;
    private final Path logFile;
    private final String logStreamName;
    private final Object handOver = new Object();
    /** The runtime's GET .../invocation/next, unanswered until an invocation comes (guarded by handOver). */
    private HttpExchange waitingForNext;
    /** An invocation handed over before the runtime asked for it: the first, during Init (guarded by handOver). */
    private Invocation undispatched;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile HttpServer server;
    private volatile Process process;
    private long startNanos;
    private volatile long initDoneNanos;
    private volatile Invocation current;
    private volatile long maxMemoryUsedMb;
    private boolean firstInvocationDone;

    ExecutionEnvironment(Deployment deployment, LocalTargetContext context, RuntimeInstallation runtime, Path logDirectory) {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
        this.deployment = deployment;
        this.context = context;
        this.runtime = runtime;
        this.logStreamName = LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]" + id;
        // one file per log stream, at the stream's own name: <function>/YYYY/MM/DD/[$LATEST]<id>
        this.logFile = logDirectory.resolve(logStreamName);
    }

    /** The environment's id: the hex suffix of its log stream name. */
    String id() {
        return id;
    }

    Deployment deployment() {
        return deployment;
    }

    /** The JVM's process, once started. */
    ProcessHandle process() {
        return process.toHandle();
    }

    boolean started() {
        return process != null;
    }

    int runtimeApiPort() {
        return server.getAddress().getPort();
    }

    boolean alive() {
        return !exited.isDone();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Starts the Runtime API and the JVM (Init runs in the background; the first invocation waits for it).
     *
     * @param onExit told when the JVM has ended, for whatever reason
     */
    void start(Consumer<ExecutionEnvironment> onExit) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createFile(logFile);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(RUNTIME_API + "/", this::handleRuntimeApi);
        // No executor: the Runtime API's handlers never block (the next request waits without a thread), so
        // they run on the server's own thread and a request costs no hand-off between threads.
        server.setExecutor(null);
        server.start();
        ProcessBuilder builder = new ProcessBuilder(runtime.command(deployment.settings().handler(), deployment.settings().memorySize()))
                .directory(deployment.code().taskRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(variables(server.getAddress().getPort()));
        deployment.code().attach();
        startNanos = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            deployment.code().detach();
            stopServer();
            throw e;
        }
        process.onExit().thenRun(() -> ended(process.exitValue(), onExit));
    }

    /**
     * Runs one invocation to its end: a response, a function error, a crash of the JVM, or the timeout
     * (the JVM is then killed). Never two at once: the function hands an environment one request at a time.
     *
     * @param earlyAnswer when not null, told the function's answer (its response or error document, without
     *                    a log) as soon as the runtime posts it, while the invocation goes on until the runtime
     *                    asks for the next event: Lambda returns a function's response to the caller without
     *                    waiting for the end of the Invoke phase (see {@link #awaitRuntimeBackForNext}). Not
     *                    told when the invocation ends otherwise (timeout, out of memory, exit): the returned
     *                    result is then the only answer
     */
    InvocationResult invoke(String requestId, byte[] payload, String clientContext, Consumer<InvocationResult> earlyAnswer) {
        FunctionSettings settings = deployment.settings();
        long timeoutNanos = TimeUnit.SECONDS.toNanos(settings.timeout());
        boolean cold = !firstInvocationDone;
        firstInvocationDone = true;
        long logStart = cold ? 0 : logSize();
        Invocation invocation = new Invocation(requestId, payload, clientContext, settings.timeout() * 1000L, earlyAnswer);
        current = invocation;
        if (!alive()) {
            invocation.completeBeforeDispatch(Outcome.exit(exited.join()));
        } else {
            handOver(invocation);
        }
        Outcome outcome;
        try {
            long initAllowance = cold ? INIT_LIMIT.toNanos() : 0;
            awaitWithinMemory(invocation.dispatched, System.nanoTime() + initAllowance + timeoutNanos);
            long deadline = invocation.dispatchNanos == 0 ? System.nanoTime() : invocation.dispatchNanos + timeoutNanos;
            outcome = awaitWithinMemory(invocation.outcome, deadline);
        } catch (TimeoutException e) {
            outcome = Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException("an invocation's outcome cannot fail", e);
        }
        if (!invocation.outcome.complete(outcome)) {
            outcome = invocation.outcome.join();
        }
        invocation.answerEarly(outcome);
        if (outcome != Outcome.TIMED_OUT && outcome != Outcome.OUT_OF_MEMORY && !awaitRuntimeBackForNext(invocation, timeoutNanos)) {
            outcome = Outcome.TIMED_OUT;
        }
        long endNanos = System.nanoTime();
        if (outcome == Outcome.OUT_OF_MEMORY) {
            maxMemoryUsedMb = settings.memorySize();
        } else {
            sampleMaxMemoryUsed();
        }
        if (outcome == Outcome.TIMED_OUT || outcome == Outcome.OUT_OF_MEMORY) {
            kill();
        }
        current = null;
        return finish(invocation, outcome, cold, endNanos, logStart);
    }

    /**
     * Waits for a step of the invocation, watching the JVM's resident memory meanwhile: Lambda ends an
     * environment whose memory use reaches the function's memory size (Runtime.OutOfMemory). The sample
     * every {@link #MEMORY_SAMPLE_MILLIS} ms misses a spike shorter than that; a JVM's heap is capped at the
     * memory size besides, so a handler that allocates too fast meets java.lang.OutOfMemoryError instead.
     *
     * @return the step's value, or {@link Outcome#OUT_OF_MEMORY} when the memory ran out first
     */
    @SuppressWarnings("unchecked")
    private <T> T awaitWithinMemory(CompletableFuture<T> step, long deadlineNanos)
            throws TimeoutException, InterruptedException, ExecutionException {
        long limitKb = deployment.settings().memorySize() * 1024L;
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            try {
                return step.get(Math.max(0, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(MEMORY_SAMPLE_MILLIS))), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (residentKb() >= limitKb) {
                    Outcome oom = Outcome.OUT_OF_MEMORY;
                    current.outcome.complete(oom);
                    current.dispatched.complete(null);
                    return (T) (step == current.outcome ? oom : null);
                }
                if (remaining <= 0) {
                    throw e;
                }
            }
        }
    }

    /** The JVM's resident set size now, in kB; 0 when it is gone. */
    private long residentKb() {
        Process jvm = process;
        if (jvm == null || !jvm.isAlive()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended meanwhile
        }
        return 0;
    }

    /**
     * As in Lambda, an invocation ends when the runtime asks for the next one (or dies), not when it posts
     * the response: whatever it does in between (the RIC logs a handler's error after reporting it) belongs
     * to this invocation's log and duration, still within the timeout, and the environment serves no other
     * request meanwhile. The caller may have its answer already: "The Invoke phase ends after the runtime
     * and all extensions signal that they are done by sending a Next API request" (Lambda developer guide,
     * "Using the Lambda Extensions API", Invoke phase:
     * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html), while "the Lambda service
     * returns the response from the function as soon as the function code is complete without waiting for
     * the extensions to finish" (AWS Compute Blog, "Performance and functionality improvements for AWS
     * Lambda extensions", 2021, https://aws.amazon.com/blogs/compute/performance-and-functionality-improvements-for-aws-lambda-extensions/):
     * the response leaves when the runtime posts it; what runs after it is billed but not waited for.
     *
     * @return false when the runtime was still busy at the deadline
     */
    private boolean awaitRuntimeBackForNext(Invocation invocation, long timeoutNanos) {
        if (invocation.dispatchNanos == 0) {
            return true;
        }
        long remaining = invocation.dispatchNanos + timeoutNanos - System.nanoTime();
        try {
            invocation.runtimeBackForNext.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the runtime's return cannot fail", e);
        }
    }

    /** Ends the JVM now (SIGKILL) and the Runtime API with it. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                exited.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // SIGKILL cannot be refused; the exit is merely reported late
            }
        }
        stopServer();
    }

    private InvocationResult finish(Invocation invocation, Outcome outcome, boolean cold, long endNanos, long logStart) {
        String requestId = invocation.requestId;
        FunctionSettings settings = deployment.settings();
        long begin = invocation.dispatchNanos != 0 ? invocation.dispatchNanos : endNanos;
        double durationMs = (endNanos - begin) / 1e6;
        boolean initialized = initDoneNanos != 0 && invocation.dispatchNanos != 0;
        double initMs = cold && initialized ? (initDoneNanos - startNanos) / 1e6 : 0;
        StringBuilder log = new StringBuilder();
        byte[] payload;
        String status = "";
        switch (outcome.kind) {
            case RESPONSE, FUNCTION_ERROR, INIT_ERROR -> payload = outcome.payload;
            case TIMED_OUT -> {
                String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) settings.timeout());
                payload = errorDocument("Sandbox.Timedout", "RequestId: " + requestId + " Error: " + message);
                status = "Status: timeout";
                log.append(Instant.now()).append(' ').append(requestId).append(' ').append(message).append('\n');
            }
            case OUT_OF_MEMORY -> {
                String message = "Runtime exited with error: signal: killed";
                payload = errorDocument("Runtime.OutOfMemory", "RequestId: " + requestId + " Error: " + message);
                status = "Status: error\tError Type: Runtime.OutOfMemory";
                log.append("RequestId: ").append(requestId).append(" Error: ").append(message).append("\nRuntime.OutOfMemory\n");
            }
            case EXIT -> {
                String message = "Runtime exited with error: " + describeExit(outcome.exitStatus);
                payload = errorDocument("Runtime.ExitError", "RequestId: " + requestId + " Error: " + message);
                status = "Status: error\tError Type: Runtime.ExitError";
                log.append("RequestId: ").append(requestId).append(" Error: ").append(message).append("\nRuntime.ExitError\n");
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind);
        }
        if (invocation.dispatchNanos == 0) {
            // the runtime never asked for this invocation (it died or timed out in Init): Lambda still logs it
            log.insert(0, "START RequestId: " + requestId + " Version: $LATEST\n");
        }
        long billedMs = (long) Math.ceil(durationMs + initMs);
        log.append("END RequestId: ").append(requestId).append('\n');
        log.append(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t",
                requestId, durationMs, billedMs, settings.memorySize(), maxMemoryUsedMb));
        if (initMs > 0) {
            log.append(String.format(Locale.ROOT, "Init Duration: %.2f ms\t", initMs));
        }
        log.append(status).append('\n');
        appendLog(log.toString());
        return new InvocationResult(payload, outcome.kind != Outcome.Kind.RESPONSE, readLog(logStart));
    }

    private void handleRuntimeApi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals(RUNTIME_API + "/invocation/next")) {
            nextRequested(exchange);
            return;
        }
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (method.equals("POST") && path.equals(RUNTIME_API + "/init/error")) {
                Invocation invocation = current;
                if (invocation != null) {
                    invocation.completeBeforeDispatch(Outcome.initError(body));
                }
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher matcher = INVOCATION_PATH.matcher(path);
            if (!method.equals("POST") || !matcher.matches()) {
                respond(exchange, 404, "{\"errorMessage\":\"Unknown Runtime API path: " + method + " " + path
                        + "\",\"errorType\":\"InvalidRequest\"}");
                return;
            }
            Invocation invocation = current;
            if (invocation == null || !invocation.requestId.equals(matcher.group(1))) {
                respond(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            if (matcher.group(2).equals("error")) {
                invocation.complete(Outcome.functionError(body));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (body.length > RESPONSE_LIMIT_BYTES) {
                String message = "Response payload size exceeded maximum allowed payload size (" + RESPONSE_LIMIT_BYTES + " bytes).";
                invocation.complete(Outcome.functionError(errorDocument("Function.ResponseSizeTooLarge", message)));
                respond(exchange, 413, "{\"errorMessage\":\"" + message + "\",\"errorType\":\"RequestEntityTooLarge\"}");
            } else {
                invocation.complete(Outcome.response(body));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            }
        }
    }

    /**
     * Gives the invocation to the runtime: on this thread when the runtime is already waiting in its next
     * request (a warm environment), else to the runtime's next request (Init is still running).
     */
    private void handOver(Invocation invocation) {
        HttpExchange waiting;
        synchronized (handOver) {
            if (undispatched != null) {
                throw new IllegalStateException("environment " + id + " was handed two invocations at once");
            }
            waiting = waitingForNext;
            waitingForNext = null;
            if (waiting == null) {
                undispatched = invocation;
                return;
            }
        }
        dispatch(waiting, invocation);
    }

    /**
     * The runtime's long poll: answered at once with an invocation handed over during Init, else kept open
     * (no thread waits for it) until {@link #handOver} answers it. It also ends the previous invocation.
     */
    private void nextRequested(HttpExchange exchange) {
        if (initDoneNanos == 0) {
            initDoneNanos = System.nanoTime();
        }
        Invocation previous = current;
        Invocation invocation;
        synchronized (handOver) {
            invocation = undispatched;
            undispatched = null;
            if (invocation == null) {
                waitingForNext = exchange;
            }
        }
        if (previous != null && previous.dispatchNanos != 0) {
            previous.runtimeBackForNext.complete(null);
        }
        if (invocation != null) {
            dispatch(exchange, invocation);
        }
    }

    private void dispatch(HttpExchange exchange, Invocation invocation) {
        long now = System.nanoTime();
        long deadlineMs = System.currentTimeMillis() + invocation.timeoutMs;
        appendLog("START RequestId: " + invocation.requestId + " Version: $LATEST\n");
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
            exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(deadlineMs));
            exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", deployment.functionArn());
            exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", traceId());
            if (invocation.clientContext != null) {
                exchange.getResponseHeaders().set("Lambda-Runtime-Client-Context", invocation.clientContext);
            }
            invocation.dispatchNanos = now;
            invocation.dispatched.complete(null);
            exchange.sendResponseHeaders(200, invocation.payload.length == 0 ? -1 : invocation.payload.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(invocation.payload);
            }
        } catch (IOException e) {
            // the runtime's connection broke: its JVM is ending, and the exit ends the invocation (ended)
        }
    }

    private void ended(int exitStatus, Consumer<ExecutionEnvironment> onExit) {
        exited.complete(exitStatus);
        Invocation invocation = current;
        if (invocation != null) {
            invocation.completeBeforeDispatch(Outcome.exit(exitStatus));
            invocation.outcome.complete(Outcome.exit(exitStatus));
            invocation.runtimeBackForNext.complete(null);
        }
        stopServer();
        deployment.code().detach();
        onExit.accept(this);
    }

    private Map<String, String> variables(int runtimeApiPort) {
        FunctionSettings settings = deployment.settings();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        variables.put("LANG", "en_US.UTF-8");
        variables.put("TZ", ":UTC");
        variables.put("LAMBDA_TASK_ROOT", deployment.code().taskRoot().toString());
        variables.put("LAMBDA_RUNTIME_DIR", runtime.directory().toString());
        variables.put("_HANDLER", settings.handler());
        variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + settings.runtime());
        variables.put("AWS_LAMBDA_FUNCTION_NAME", deployment.functionName());
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(settings.memorySize()));
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        variables.put("AWS_LAMBDA_LOG_GROUP_NAME", settings.logGroup());
        variables.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName);
        if (settings.logFormat().equals("JSON")) {
            variables.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            variables.put("AWS_LAMBDA_LOG_LEVEL", settings.applicationLogLevel());
        }
        variables.put("AWS_REGION", context.region());
        variables.put("AWS_DEFAULT_REGION", context.region());
        variables.put("AWS_ACCESS_KEY_ID", LocalTargetContext.ACCESS_KEY_ID);
        variables.put("AWS_SECRET_ACCESS_KEY", LocalTargetContext.SECRET_ACCESS_KEY);
        variables.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApiPort);
        // SDK clients inside the function reach the local target, as clients outside it do
        variables.put("AWS_ENDPOINT_URL", context.edge().toString());
        variables.putAll(settings.environment());
        return variables;
    }

    private void sampleMaxMemoryUsed() {
        if (process == null || !process.isAlive()) {
            return;
        }
        // VmHWM: the peak resident set size of the JVM, the closest match to Lambda's "Max Memory Used"
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    long kilobytes = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    maxMemoryUsedMb = Math.max(maxMemoryUsedMb, Math.round(kilobytes / 1024.0));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended meanwhile: keep the last sample
        }
    }

    private void appendLog(String text) {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.APPEND)) {
            String separated = channel.size() > 0 && !endsWithNewline(logFile, channel.size()) ? "\n" + text : text;
            channel.write(ByteBuffer.wrap(separated.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the environment log " + logFile, e);
        }
    }

    private static boolean endsWithNewline(Path file, long size) throws IOException {
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    private long logSize() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readLog(long from) {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long length = Math.max(0, channel.size() - from);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, Integer.MAX_VALUE - 8));
            channel.read(buffer, from);
            return buffer.array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the environment log " + logFile, e);
        }
    }

    private void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        return "Root=1-" + hex.toHexDigits((int) Instant.now().getEpochSecond()) + "-" + hex.toHexDigits(random.nextInt())
                + hex.toHexDigits(random.nextLong()) + ";Parent=" + hex.toHexDigits(random.nextLong()) + ";Sampled=0";
    }

    private static String describeExit(int status) {
        return switch (status) {
            case 134 -> "signal: aborted";
            case 137 -> "signal: killed";
            case 139 -> "signal: segmentation fault";
            case 143 -> "signal: terminated";
            default -> "exit status " + status;
        };
    }

    static byte[] errorDocument(String errorType, String errorMessage) {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorType", errorType);
        error.put("errorMessage", errorMessage);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One request handed to this environment. */
    private static final class Invocation {
        final String requestId;
        final byte[] payload;
        final String clientContext;
        final long timeoutMs;
        final CompletableFuture<Void> dispatched = new CompletableFuture<>();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        final CompletableFuture<Void> runtimeBackForNext = new CompletableFuture<>();
        final Consumer<InvocationResult> earlyAnswer;
        final AtomicBoolean answered = new AtomicBoolean();
        volatile long dispatchNanos;

        Invocation(String requestId, byte[] payload, String clientContext, long timeoutMs, Consumer<InvocationResult> earlyAnswer) {
            this.requestId = requestId;
            this.payload = payload;
            this.clientContext = clientContext;
            this.timeoutMs = timeoutMs;
            this.earlyAnswer = earlyAnswer;
        }

        /**
         * The runtime posted the function's answer: the caller gets it now, on the Runtime API's thread,
         * before the runtime hears back (no thread hand-off on the way to the caller).
         */
        void complete(Outcome posted) {
            if (outcome.complete(posted)) {
                answerEarly(posted);
            }
        }

        /** Tells the early answer once, if there is one to tell: a response or a function error. */
        void answerEarly(Outcome ending) {
            if (earlyAnswer != null && (ending.kind == Outcome.Kind.RESPONSE || ending.kind == Outcome.Kind.FUNCTION_ERROR)
                    && answered.compareAndSet(false, true)) {
                earlyAnswer.accept(new InvocationResult(ending.payload, ending.kind != Outcome.Kind.RESPONSE, null));
            }
        }

        /** Ends an invocation the runtime may never ask for (Init failed): the waiter stops waiting for dispatch. */
        void completeBeforeDispatch(Outcome ending) {
            outcome.complete(ending);
            dispatched.complete(null);
        }
    }

    /** How an invocation ended, before it is turned into the Invoke API's answer. */
    private record Outcome(Kind kind, byte[] payload, int exitStatus) {
        enum Kind { RESPONSE, FUNCTION_ERROR, INIT_ERROR, EXIT, TIMED_OUT, OUT_OF_MEMORY }

        static final Outcome TIMED_OUT = new Outcome(Kind.TIMED_OUT, null, 0);
        static final Outcome OUT_OF_MEMORY = new Outcome(Kind.OUT_OF_MEMORY, null, 0);

        static Outcome response(byte[] payload) {
            return new Outcome(Kind.RESPONSE, payload, 0);
        }

        static Outcome functionError(byte[] payload) {
            return new Outcome(Kind.FUNCTION_ERROR, payload, 0);
        }

        static Outcome initError(byte[] payload) {
            return new Outcome(Kind.INIT_ERROR, payload, 0);
        }

        static Outcome exit(int status) {
            return new Outcome(Kind.EXIT, null, status);
        }
    }
}
