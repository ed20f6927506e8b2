package dev.dslab.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.admin.AdminException;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.edge.AwsService;
import dev.dslab.local.edge.ServiceProcess;
import dev.dslab.local.lambda.esm.EventSourceMappings;
import dev.dslab.local.state.JsonFiles;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local target's Lambda: the Lambda REST API (2015-03-31) as the AWS SDKs and the aws CLI send it,
 * with functions run in execution environments that are child JVMs running the real AWS Lambda Java
 * runtime interface client (see {@link ExecutionEnvironment}).
 *
 * <p>Operations: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, DeleteFunction,
 * UpdateFunctionCode, UpdateFunctionConfiguration, Invoke (RequestResponse, Event and DryRun), ListTags,
 * TagResource, UntagResource, Put/Get/DeleteFunctionConcurrency, GetAccountSettings and
 * Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s). Any other operation, and any setting the target does
 * not model, is answered with a clear error. Only $LATEST exists: versions and aliases are not modelled.
 *
 * <p>Concurrency is Lambda's ({@link Concurrency}): every request runs in a busy environment, counted
 * against the function's reserved concurrency or the account's unreserved pool, and one that finds no room
 * is throttled (429). Event invokes go through {@link AsyncInvoker}. The model's settings are the admin
 * control {@code lambda/settings} ({@link LambdaSettings}), which also shows each function's live state.
 *
 * <p>A function is Pending in its CreateFunction response and Active from then on: the code is unpacked
 * before the response is sent, so a client that waits for Active (as CloudFormation and the SDK waiters
 * do) never waits. Updates report LastUpdateStatus InProgress in their response and Successful after.
 */
public final class LambdaService implements AwsService {

    private static final Logger log = LoggerFactory.getLogger(LambdaService.class);
    /** How long a request waits for an environment that answered its caller to be back (see LambdaFunction). */
    static final Duration ANSWERED_ENVIRONMENT_WAIT = Duration.ofMillis(100);

    /** Lambda's limit on a synchronous Invoke request. */
    static final int INVOKE_REQUEST_LIMIT_BYTES = 6_291_456;
    /** Lambda's limit on a CreateFunction/UpdateFunctionCode request with the zip inline. */
    static final int CODE_REQUEST_LIMIT_BYTES = 70_167_211;
    /** Lambda's limit on an asynchronous Invoke request (1 MB since 2024; 256 KB before). */
    static final int ASYNC_REQUEST_LIMIT_BYTES = 1_048_576;
    private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final Duration CODE_LOCATION_LIFETIME = Duration.ofMinutes(10);
    private static final String FUNCTIONS = "/2015-03-31/functions";
    /** Every function-scoped operation, whatever API version its path carries (concurrency: 2017-10-31 and 2019-09-30). */
    private static final Pattern FUNCTION_PATH = Pattern.compile("/\\d{4}-\\d{2}-\\d{2}/functions/([^/]+)(/[a-z-]+(?:/list)?)?/?");
    private static final Pattern ACCOUNT_SETTINGS_PATH = Pattern.compile("/2016-08-19/account-settings/?");
    private static final Pattern CODE_DOWNLOAD_PATH = Pattern.compile(FUNCTIONS + "/([^/]+)/code-download/([0-9a-f]{64})");
    private static final Pattern TAGS_PATH = Pattern.compile("/2017-03-31/tags/(.+)");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern FUNCTION_REFERENCE = Pattern.compile(
            "(?:arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):)?(?:(\\d{12}):function:)?([a-zA-Z0-9_-]+)(?::(\\$LATEST|[a-zA-Z0-9_-]+))?");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ObjectMapper json = new ObjectMapper();
    private final LocalTargetContext context;
    private final Path home;
    private final ConcurrentSkipListMap<String, LambdaFunction> functions = new ConcurrentSkipListMap<>();
    private final ScheduledExecutorService housekeeping;
    private final Concurrency concurrency;
    private final AsyncInvoker async;
    private final Map<String, EventInvokeConfig> eventInvokeConfigs = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> mounted = new ConcurrentHashMap<>();
    private volatile LambdaSettings settings;
    private final EventSourceMappings eventSourceMappings;
    private RuntimeInstallation runtime;
    private S3Client s3;

    public LambdaService(LocalTargetContext context) {
        this(context, LambdaFunction.IDLE_LIFETIME);
    }

    /** @param idleLifetime how long an idle environment is kept for reuse before it is shut down */
    LambdaService(LocalTargetContext context, Duration idleLifetime) {
        // Without TCP_NODELAY each warm invoke waits ~40-90 ms on delayed ACKs between the runtime client
        // and the Runtime API. The JDK reads this once, when the first HttpServer of the JVM is created:
        // the daemon also passes it on its command line, in case another server was created first.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.context = context;
        this.home = context.home().resolve("lambda");
        this.eventSourceMappings = new EventSourceMappings(context, this::functionArn);
        mount(EventSourceMappings.PATH, eventSourceMappings::handle);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lambda-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        this.settings = new LambdaSettings(LambdaSettings.DEFAULTS.accountConcurrency(), idleLifetime.toMillis(),
                LambdaSettings.DEFAULTS.asyncRetryBaseMillis());
        this.concurrency = new Concurrency(settings.accountConcurrency());
        this.async = new AsyncInvoker(new QueueFunctions(), () -> settings.asyncRetryBaseMillis());
        restoreFunctions();
        reapLater();
    }

    private Path functionFile(String name) {
        return home.resolve("functions").resolve(name + ".json");
    }

    /**
     * Keeps a function as it is now (or forgets it once deleted) in its file, before the request that changed
     * it is answered: what a client was told exists survives a restart of the daemon.
     */
    private void save(LambdaFunction function) {
        synchronized (function) {
            if (function.deleted() || functions.get(function.name()) != function) {
                JsonFiles.delete(functionFile(function.name()));
                return;
            }
            Deployment deployment = function.deployment();
            JsonFiles.write(functionFile(function.name()), new StoredFunction(function.name(), deployment.settings(),
                    home.relativize(deployment.code().directory()).toString(), deployment.code().sha256(), deployment.code().size(),
                    function.tags(), function.revisionId(), function.lastModified(), concurrency.reservation(function.name()),
                    eventInvokeConfigs.get(function.name())));
        }
    }

    /** The functions an earlier daemon kept; the code folders none of them uses any more are deleted. */
    private void restoreFunctions() {
        Set<Path> inUse = new HashSet<>();
        for (StoredFunction stored : JsonFiles.readAll(home.resolve("functions"), ".json", StoredFunction.class)) {
            FunctionCode code = FunctionCode.restore(stored.codeSha256(), stored.codeSize(), home.resolve(stored.codeFolder()));
            if (code == null) {
                log.warn("function {} is not restored: its code folder {} is gone", stored.name(), stored.codeFolder());
                JsonFiles.delete(functionFile(stored.name()));
                continue;
            }
            LambdaFunction function = new LambdaFunction(stored.name(), arn(stored.name()), stored.settings(), code,
                    stored.tags() == null ? Map.of() : stored.tags(), context, this::runtime, home.resolve("logs").resolve(stored.name()));
            function.restoreRevision(stored.revisionId(), stored.lastModified());
            functions.put(stored.name(), function);
            inUse.add(code.directory());
            if (stored.reservedConcurrency() != null) {
                try {
                    concurrency.reserve(stored.name(), stored.reservedConcurrency());
                } catch (LambdaException tooMuch) {
                    log.warn("function {}: reserved concurrency {} is not restored: {}", stored.name(), stored.reservedConcurrency(),
                            tooMuch.getMessage());
                }
            }
            if (stored.eventInvokeConfig() != null) {
                eventInvokeConfigs.put(stored.name(), stored.eventInvokeConfig());
            }
        }
        Path codeRoot = home.resolve("code");
        try (var perFunction = Files.list(codeRoot)) {
            for (Path functionFolder : (Iterable<Path>) perFunction::iterator) {
                try (var packages = Files.list(functionFolder)) {
                    for (Path folder : (Iterable<Path>) packages::iterator) {
                        if (!inUse.contains(folder)) {
                            FunctionCode.deleteTree(folder);
                        }
                    }
                }
            }
        } catch (NoSuchFileException none) {
            // no function was ever created in this home
        } catch (IOException e) {
            log.warn("cannot clear unused code under {}: {}", codeRoot, e.toString());
        }
        if (!functions.isEmpty()) {
            log.info("restored {} function(s): {}", functions.size(), functions.keySet());
        }
    }

    /** Reaps idle environments, then plans the next sweep: a quarter of the idle lifetime, between 50 ms and 1 s. */
    private void reapLater() {
        long lifetime = settings.idleReapMillis();
        try {
            housekeeping.schedule(() -> {
                try {
                    Duration idleLifetime = Duration.ofMillis(settings.idleReapMillis());
                    functions.values().forEach(function -> function.shutDownIdleLongerThan(idleLifetime));
                } finally {
                    reapLater();
                }
            }, Math.min(1000, Math.max(50, lifetime / 4)), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the service is closing
        }
    }

    /**
     * Serves another part of the Lambda API (event source mappings) under a path prefix, e.g.
     * "/2015-03-31/event-source-mappings": that handler answers every request whose path starts with it.
     */
    public void mount(String pathPrefix, HttpHandler handler) {
        mounted.put(pathPrefix, handler);
    }

    /**
     * One synchronous (RequestResponse) invocation from inside the daemon, as an event source mapping's
     * poller makes it: counted against the same concurrency as API invokes.
     *
     * @param functionReference a name, partial ARN or ARN
     * @throws ThrottledException when the function's or the account's concurrency is all in use
     * @throws LambdaException    ResourceNotFoundException (status 404) when there is no such function
     */
    public InvocationResult invoke(String functionReference, byte[] payload) {
        LambdaFunction function = find(functionReference, null);
        return invokeNow(function, UUID.randomUUID().toString(), payload.length == 0 ? EMPTY_EVENT : payload, null);
    }

    /** The function's ARN (unqualified) for a name, partial ARN or ARN; ResourceNotFoundException when there is none. */
    public String functionArn(String functionReference) {
        return find(functionReference, null).arn();
    }

    private InvocationResult invokeNow(LambdaFunction function, String requestId, byte[] payload, String clientContext) {
        return invokeNow(function, requestId, payload, clientContext, null);
    }

    /** @param earlyAnswer see {@link ExecutionEnvironment#invoke}: told the answer before the invocation ends */
    private InvocationResult invokeNow(LambdaFunction function, String requestId, byte[] payload, String clientContext,
                                       Consumer<InvocationResult> earlyAnswer) {
        // an environment that answered its previous caller still counts against concurrency until its runtime is back
        function.awaitAnsweredEnvironment(ANSWERED_ENVIRONMENT_WAIT);
        concurrency.acquire(function.name());
        try {
            return function.invoke(requestId, payload, clientContext, earlyAnswer);
        } finally {
            concurrency.release(function.name());
        }
    }

    /** lambda/settings (the model's settings and live state) and lambda/esm (event source mappings, per shard). */
    @Override
    public Map<String, AdminEndpoint> adminEndpoints() {
        Map<String, AdminEndpoint> endpoints = new LinkedHashMap<>(eventSourceMappings.adminEndpoints());
        endpoints.put("settings", this::settingsControl);
        return endpoints;
    }

    private Object settingsControl(String method, JsonNode body) {
        if (method.equals("POST")) {
            synchronized (this) {
                LambdaSettings changed = settings.with(body);
                try {
                    concurrency.setAccountLimit(changed.accountConcurrency());
                } catch (IllegalArgumentException refused) {
                    throw AdminException.badRequest(refused.getMessage());
                }
                settings = changed;
            }
        }
        Map<String, Object> state = new LinkedHashMap<>(settings.toMap());
        state.put("unreservedConcurrency", concurrency.unreservedLimit());
        Map<String, Object> perFunction = new LinkedHashMap<>();
        for (LambdaFunction function : functions.values()) {
            Map<String, Object> live = new LinkedHashMap<>();
            int[] environments = function.environmentCounts();
            live.put("busyEnvironments", environments[0]);
            live.put("idleEnvironments", environments[1]);
            live.put("concurrentExecutions", concurrency.inUse(function.name()));
            live.put("reservedConcurrency", concurrency.reservation(function.name()));
            live.put("queuedEvents", async.waiting(function.name()));
            perFunction.put(function.name(), live);
        }
        state.put("functions", perFunction);
        return state;
    }

    @Override
    public String signingName() {
        return "lambda";
    }

    /** Every live execution environment's JVM: "lambda FUNCTION ENV-ID", its Runtime API port, idle or busy. */
    @Override
    public List<ServiceProcess> processes() {
        List<ServiceProcess> processes = new ArrayList<>();
        functions.values().forEach(function -> processes.addAll(function.processes()));
        return processes;
    }

    /** The mappings an earlier daemon kept resume polling, each from its checkpoint. */
    @Override
    public void edgeReady() {
        eventSourceMappings.resume();
    }

    @Override
    public void close() {
        eventSourceMappings.close();
        housekeeping.shutdownNow();
        async.close();
        functions.values().forEach(LambdaFunction::close);
        functions.clear();
        synchronized (this) {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            try {
                route(exchange, requestId);
            } catch (LambdaException e) {
                sendError(exchange, e);
            } catch (RuntimeException e) {
                sendError(exchange, LambdaException.service(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange exchange, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        for (Map.Entry<String, HttpHandler> extension : mounted.entrySet()) {
            if (path.startsWith(extension.getKey())) {
                extension.getValue().handle(exchange);
                return;
            }
        }
        if (ACCOUNT_SETTINGS_PATH.matcher(path).matches() && method.equals("GET")) {
            sendJson(exchange, 200, accountSettings());
            return;
        }
        if (path.equals(FUNCTIONS) || path.equals(FUNCTIONS + "/")) {
            switch (method) {
                case "POST" -> createFunction(exchange);
                case "GET" -> listFunctions(exchange, query);
                default -> throw unknownOperation(method, path);
            }
            return;
        }
        Matcher download = CODE_DOWNLOAD_PATH.matcher(path);
        if (download.matches() && method.equals("GET")) {
            downloadCode(exchange, decode(download.group(1)), download.group(2), query);
            return;
        }
        Matcher functionPath = FUNCTION_PATH.matcher(path);
        if (functionPath.matches()) {
            String reference = decode(functionPath.group(1));
            String operation = functionPath.group(2) == null ? "" : functionPath.group(2);
            String qualifier = first(query, "Qualifier");
            switch (method + " " + operation) {
                case "GET " -> sendJson(exchange, 200, getFunction(find(reference, qualifier)));
                case "DELETE " -> deleteFunction(exchange, reference, qualifier);
                case "GET /configuration" -> sendJson(exchange, 200, find(reference, qualifier).configuration(LambdaFunction.View.CURRENT));
                case "PUT /configuration" -> updateFunctionConfiguration(exchange, find(reference, null));
                case "PUT /code" -> updateFunctionCode(exchange, find(reference, null));
                case "POST /invocations" -> invoke(exchange, requestId, find(reference, qualifier));
                case "PUT /concurrency" -> putConcurrency(exchange, find(reference, null));
                case "GET /concurrency" -> getConcurrency(exchange, find(reference, null));
                case "DELETE /concurrency" -> {
                    LambdaFunction function = find(reference, null);
                    concurrency.unreserve(function.name());
                    save(function);
                    sendEmpty(exchange, 204);
                }
                case "PUT /event-invoke-config", "POST /event-invoke-config" ->
                        putEventInvokeConfig(exchange, find(reference, qualifier), method.equals("POST"));
                case "GET /event-invoke-config" -> sendJson(exchange, 200, eventInvokeConfig(find(reference, qualifier)));
                case "DELETE /event-invoke-config" -> {
                    LambdaFunction function = find(reference, qualifier);
                    if (eventInvokeConfigs.remove(function.name()) == null) {
                        throw noEventInvokeConfig(function);
                    }
                    save(function);
                    sendEmpty(exchange, 204);
                }
                case "GET /event-invoke-config/list" -> {
                    LambdaFunction function = find(reference, null);
                    ObjectNode body = json.createObjectNode();
                    var list = body.putArray("FunctionEventInvokeConfigs");
                    EventInvokeConfig config = eventInvokeConfigs.get(function.name());
                    if (config != null) {
                        list.add(config.toJson(function.arn()));
                    }
                    sendJson(exchange, 200, body);
                }
                default -> throw unknownOperation(method, path);
            }
            return;
        }
        Matcher tagsPath = TAGS_PATH.matcher(path);
        if (tagsPath.matches()) {
            LambdaFunction function = findByArn(decode(tagsPath.group(1)));
            switch (method) {
                case "GET" -> {
                    ObjectNode body = json.createObjectNode();
                    ObjectNode tags = body.putObject("Tags");
                    function.tags().forEach(tags::put);
                    sendJson(exchange, 200, body);
                }
                case "POST" -> {
                    function.tag(validTags(readJson(exchange).path("Tags")));
                    save(function);
                    sendEmpty(exchange, 204);
                }
                case "DELETE" -> {
                    function.untag(query.getOrDefault("tagKeys", List.of()));
                    save(function);
                    sendEmpty(exchange, 204);
                }
                default -> throw unknownOperation(method, path);
            }
            return;
        }
        throw unknownOperation(method, path);
    }

    /** The asynchronous queue's view of the service. */
    private final class QueueFunctions implements AsyncInvoker.Functions {
        private final DateTimeFormatter recordKeyTime = DateTimeFormatter.ofPattern("yyyy/MM/dd/yyyy-MM-dd'T'HH.mm.ss").withZone(ZoneOffset.UTC);

        @Override
        public InvocationResult invoke(String function, String requestId, byte[] payload) {
            LambdaFunction target = functions.get(function);
            if (target == null) {
                throw LambdaException.notFound(arn(function));
            }
            return invokeNow(target, requestId, payload, null);
        }

        @Override
        public EventInvokeConfig config(String function) {
            if (!functions.containsKey(function)) {
                throw LambdaException.notFound(arn(function));
            }
            return eventInvokeConfigs.getOrDefault(function, EventInvokeConfig.DEFAULTS);
        }

        @Override
        public String arn(String function) {
            return LambdaService.this.arn(function);
        }

        /** A function destination is invoked asynchronously with the record; an S3 one gets it as an object under Lambda's key. */
        @Override
        public void deliver(String destinationArn, String function, byte[] record) {
            if (EventInvokeConfig.isFunction(destinationArn)) {
                LambdaFunction destination = find(destinationArn, null);
                async.enqueue(destination.name(), UUID.randomUUID().toString(), record);
            } else {
                String bucket = destinationArn.substring(destinationArn.lastIndexOf(':') + 1);
                String key = "aws/lambda/async/" + function + "/" + recordKeyTime.format(Instant.now()) + "-" + UUID.randomUUID();
                s3().putObject(request -> request.bucket(bucket).key(key).contentType("application/json"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(record));
            }
        }
    }

    private void createFunction(HttpExchange exchange) throws IOException {
        JsonNode request = readJson(exchange, CODE_REQUEST_LIMIT_BYTES, "CreateFunction");
        String name = request.path("FunctionName").asText("");
        Matcher reference = FUNCTION_REFERENCE.matcher(name);
        if (!reference.matches() || reference.group(4) != null) {
            throw LambdaException.validation(name, "functionName", "Member must satisfy regular expression pattern: "
                    + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)");
        }
        checkAccountAndRegion(reference);
        String functionName = reference.group(3);
        if (functionName.length() > 64) {
            throw LambdaException.validation(functionName, "functionName", "Member must have length less than or equal to 64");
        }
        FunctionSettings settings = FunctionSettings.forCreate(functionName, request);
        Map<String, String> tags = validTags(request.path("Tags"));
        if (functions.containsKey(functionName)) {
            throw LambdaException.conflict("Function already exist: " + functionName);
        }
        FunctionCode code = unpackCode(functionName, request.path("Code"));
        LambdaFunction function = new LambdaFunction(functionName, arn(functionName), settings, code, tags, context,
                this::runtime, home.resolve("logs").resolve(functionName));
        if (functions.putIfAbsent(functionName, function) != null) {
            code.retire();
            throw LambdaException.conflict("Function already exist: " + functionName);
        }
        save(function);
        sendJson(exchange, 201, function.configuration(LambdaFunction.View.CREATING));
    }

    private void putConcurrency(HttpExchange exchange, LambdaFunction function) throws IOException {
        JsonNode value = readJson(exchange).get("ReservedConcurrentExecutions");
        if (value == null || value.isNull()) {
            throw LambdaException.validation("null", "reservedConcurrentExecutions", "Member must not be null");
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw LambdaException.validation(value.asText(), "reservedConcurrentExecutions",
                    "Member must have value greater than or equal to 0");
        }
        concurrency.reserve(function.name(), value.asInt());
        save(function);
        ObjectNode body = json.createObjectNode();
        body.put("ReservedConcurrentExecutions", value.asInt());
        sendJson(exchange, 200, body);
    }

    private void getConcurrency(HttpExchange exchange, LambdaFunction function) throws IOException {
        ObjectNode body = json.createObjectNode();
        Integer reserved = concurrency.reservation(function.name());
        if (reserved != null) {
            body.put("ReservedConcurrentExecutions", reserved);
        }
        sendJson(exchange, 200, body);
    }

    /** GetAccountSettings: the local limits and what the functions use. */
    private ObjectNode accountSettings() {
        ObjectNode body = json.createObjectNode();
        ObjectNode limit = body.putObject("AccountLimit");
        limit.put("TotalCodeSize", 80_530_636_800L);
        limit.put("CodeSizeUnzipped", 262_144_000L);
        limit.put("CodeSizeZipped", 52_428_800L);
        limit.put("ConcurrentExecutions", concurrency.accountLimit());
        limit.put("UnreservedConcurrentExecutions", concurrency.unreservedLimit());
        ObjectNode usage = body.putObject("AccountUsage");
        usage.put("TotalCodeSize", functions.values().stream().mapToLong(f -> f.deployment().code().size()).sum());
        usage.put("FunctionCount", functions.size());
        return body;
    }

    private void putEventInvokeConfig(HttpExchange exchange, LambdaFunction function, boolean merge) throws IOException {
        JsonNode request = readJson(exchange);
        EventInvokeConfig current = eventInvokeConfigs.get(function.name());
        if (merge && current == null) {
            throw noEventInvokeConfig(function);
        }
        EventInvokeConfig changed = (current == null ? EventInvokeConfig.DEFAULTS : current).with(request, merge);
        eventInvokeConfigs.put(function.name(), changed);
        save(function);
        sendJson(exchange, 200, changed.toJson(function.arn()));
    }

    private ObjectNode eventInvokeConfig(LambdaFunction function) {
        EventInvokeConfig config = eventInvokeConfigs.get(function.name());
        if (config == null) {
            throw noEventInvokeConfig(function);
        }
        return config.toJson(function.arn());
    }

    private static LambdaException noEventInvokeConfig(LambdaFunction function) {
        return new LambdaException(404, "ResourceNotFoundException", "The function " + function.arn()
                + ":$LATEST doesn't have an EventInvokeConfig");
    }

    private ObjectNode getFunction(LambdaFunction function) {
        ObjectNode body = json.createObjectNode();
        body.set("Configuration", function.configuration(LambdaFunction.View.CURRENT));
        Integer reserved = concurrency.reservation(function.name());
        if (reserved != null) {
            body.putObject("Concurrency").put("ReservedConcurrentExecutions", reserved);
        }
        ObjectNode code = body.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", codeLocation(function));
        Map<String, String> tags = function.tags();
        if (!tags.isEmpty()) {
            ObjectNode tagsNode = body.putObject("Tags");
            tags.forEach(tagsNode::put);
        }
        return body;
    }

    private void listFunctions(HttpExchange exchange, Map<String, List<String>> query) throws IOException {
        int maxItems = 50;
        String maxItemsText = first(query, "MaxItems");
        if (maxItemsText != null) {
            try {
                maxItems = Integer.parseInt(maxItemsText);
            } catch (NumberFormatException e) {
                throw LambdaException.validation(maxItemsText, "maxItems", "Member must be an integer");
            }
            if (maxItems < 1 || maxItems > 10_000) {
                throw LambdaException.validation(maxItems, "maxItems", maxItems < 1
                        ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
            }
        }
        Iterator<LambdaFunction> remaining;
        String marker = first(query, "Marker");
        if (marker == null) {
            remaining = functions.values().iterator();
        } else {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw LambdaException.invalidParameter("Invalid marker: " + marker);
            }
            remaining = functions.tailMap(after, false).values().iterator();
        }
        ObjectNode body = json.createObjectNode();
        var page = body.putArray("Functions");
        String last = null;
        while (remaining.hasNext() && page.size() < maxItems) {
            LambdaFunction function = remaining.next();
            page.add(function.configuration(LambdaFunction.View.LISTED));
            last = function.name();
        }
        if (remaining.hasNext() && last != null) {
            body.put("NextMarker", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        sendJson(exchange, 200, body);
    }

    private void deleteFunction(HttpExchange exchange, String reference, String qualifier) throws IOException {
        LambdaFunction function = find(reference, qualifier);
        if (qualifier != null) {
            throw LambdaException.invalidParameter("Deletion of $LATEST version is not allowed.");
        }
        if (functions.remove(function.name(), function)) {
            concurrency.forget(function.name());
            eventInvokeConfigs.remove(function.name());
            function.delete();
            save(function);
        }
        sendEmpty(exchange, 204);
    }

    private void updateFunctionConfiguration(HttpExchange exchange, LambdaFunction function) throws IOException {
        JsonNode request = readJson(exchange);
        checkRevision(function, request);
        function.updateSettings(function.deployment().settings().updatedWith(request));
        save(function);
        sendJson(exchange, 200, function.configuration(LambdaFunction.View.UPDATING));
    }

    private void updateFunctionCode(HttpExchange exchange, LambdaFunction function) throws IOException {
        JsonNode request = readJson(exchange, CODE_REQUEST_LIMIT_BYTES, "UpdateFunctionCode");
        checkRevision(function, request);
        if (request.path("Publish").asBoolean(false)) {
            throw LambdaException.invalidParameter("Publish is not supported by the dslab local target: it does"
                    + " not model published versions, only $LATEST");
        }
        if (request.path("DryRun").asBoolean(false)) {
            throw LambdaException.invalidParameter("DryRun is not supported by the dslab local target for UpdateFunctionCode");
        }
        function.updateCode(unpackCode(function.name(), request));
        save(function);
        sendJson(exchange, 200, function.configuration(LambdaFunction.View.UPDATING));
    }

    private void invoke(HttpExchange exchange, String requestId, LambdaFunction function) throws IOException {
        String invocationType = header(exchange, "X-Amz-Invocation-Type", "RequestResponse");
        String logType = header(exchange, "X-Amz-Log-Type", "None");
        if (!List.of("Event", "RequestResponse", "DryRun").contains(invocationType)) {
            throw LambdaException.validation(invocationType, "invocationType",
                    "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        if (!List.of("None", "Tail").contains(logType)) {
            throw LambdaException.validation(logType, "logType", "Member must satisfy enum value set: [None, Tail]");
        }
        byte[] payload = readBody(exchange, INVOKE_REQUEST_LIMIT_BYTES, "InvokeFunction");
        if (payload.length == 0) {
            // an invoke without a payload hands the function an empty JSON object, as Lambda does
            payload = EMPTY_EVENT;
        } else {
            try {
                json.readTree(payload);
            } catch (JsonProcessingException e) {
                throw new LambdaException(400, "InvalidRequestContentException",
                        "Could not parse request body into json: Could not parse payload into json: " + e.getOriginalMessage());
            }
        }
        String clientContext = clientContext(exchange);
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        switch (invocationType) {
            case "DryRun" -> sendEmpty(exchange, 204);
            case "Event" -> {
                if (payload.length > ASYNC_REQUEST_LIMIT_BYTES) {
                    throw new LambdaException(413, "RequestEntityTooLargeException",
                            "Request must be smaller than " + ASYNC_REQUEST_LIMIT_BYTES + " bytes for the InvokeAsync operation");
                }
                async.enqueue(function.name(), requestId, payload);
                sendEmpty(exchange, 202);
            }
            default -> {
                // The caller has the function's answer as soon as the runtime posts it; the invocation (its REPORT
                // line, its environment) ends when the runtime asks for the next event. LogType=Tail asks for the
                // REPORT line, so that answer waits for the end.
                boolean tail = logType.equals("Tail");
                AtomicBoolean answered = new AtomicBoolean();
                Consumer<InvocationResult> earlyAnswer = tail ? null : early -> {
                    answered.set(true);
                    try (exchange) {
                        sendInvocationResult(exchange, early, false);
                    } catch (IOException e) {
                        log.debug("the caller of {} went away before its answer: {}", function.name(), e.toString());
                    }
                };
                InvocationResult result = invokeNow(function, requestId, payload, clientContext, earlyAnswer);
                if (!answered.get()) {
                    sendInvocationResult(exchange, result, tail);
                }
            }
        }
    }

    private void downloadCode(HttpExchange exchange, String functionName, String hexDigest, Map<String, List<String>> query)
            throws IOException {
        try {
            Instant signed = Instant.from(AMZ_DATE.parse(String.valueOf(first(query, "X-Amz-Date"))));
            long expires = Long.parseLong(String.valueOf(first(query, "X-Amz-Expires")));
            if (Instant.now().isAfter(signed.plusSeconds(expires))) {
                sendS3Error(exchange, 403, "AccessDenied", "Request has expired");
                return;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            sendS3Error(exchange, 403, "AccessDenied", "Query-string authentication requires X-Amz-Date and X-Amz-Expires");
            return;
        }
        LambdaFunction function = functions.get(functionName);
        FunctionCode code = function == null ? null : function.deployment().code();
        if (code == null || !code.hexDigest().equals(hexDigest)) {
            sendS3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        byte[] zip;
        try {
            zip = Files.readAllBytes(code.zipFile());
        } catch (NoSuchFileException e) {
            sendS3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/zip");
        sendBytes(exchange, 200, zip);
    }

    /** Where GetFunction says the code can be downloaded: a presigned-style URL on the edge, valid 10 minutes. */
    private String codeLocation(LambdaFunction function) {
        Instant now = Instant.now();
        String credential = LocalTargetContext.ACCESS_KEY_ID + "/" + AMZ_DATE.format(now).substring(0, 8) + "/"
                + context.region() + "/lambda/aws4_request";
        String base = context.edge().toString().replaceAll("/+$", "");
        return base + FUNCTIONS + "/" + function.name() + "/code-download/" + function.deployment().code().hexDigest()
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                + "&X-Amz-Date=" + AMZ_DATE.format(now) + "&X-Amz-Expires=" + CODE_LOCATION_LIFETIME.toSeconds()
                + "&X-Amz-SignedHeaders=host";
    }

    /** The code of a CreateFunction's Code member or an UpdateFunctionCode request: inline zip or S3 object. */
    private FunctionCode unpackCode(String functionName, JsonNode code) {
        byte[] zip;
        if (code.hasNonNull("ZipFile")) {
            try {
                zip = Base64.getDecoder().decode(code.get("ZipFile").asText());
            } catch (IllegalArgumentException e) {
                throw LambdaException.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
            }
        } else if (code.hasNonNull("S3Bucket") && code.hasNonNull("S3Key")) {
            zip = fetchFromS3(code.get("S3Bucket").asText(), code.get("S3Key").asText(), code.path("S3ObjectVersion").asText(null));
        } else if (code.hasNonNull("ImageUri")) {
            throw LambdaException.invalidParameter("Container images (ImageUri) are not supported by the dslab local target;"
                    + " deploy a zip (ZipFile or S3Bucket/S3Key)");
        } else {
            throw LambdaException.invalidParameter("Please provide a source for function code.");
        }
        return FunctionCode.unpack(zip, home.resolve("code").resolve(functionName));
    }

    private byte[] fetchFromS3(String bucket, String key, String version) {
        try {
            return s3().getObjectAsBytes(request -> request.bucket(bucket).key(key).versionId(version)).asByteArray();
        } catch (S3Exception e) {
            throw LambdaException.invalidParameter("Error occurred while GetObject. S3 Error Code: "
                    + e.awsErrorDetails().errorCode() + ". S3 Error Message: " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            throw LambdaException.service("cannot fetch s3://" + bucket + "/" + key + " through " + context.edge() + ": " + e.getMessage());
        }
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = EdgeClients.of(context).s3();
        }
        return s3;
    }

    /** The runtime, laid out on first use: a daemon that never runs a function never copies it. */
    private synchronized RuntimeInstallation runtime() {
        if (runtime == null) {
            try {
                runtime = RuntimeInstallation.prepare(home.resolve("runtime"));
            } catch (IllegalStateException | UncheckedIOException e) {
                throw LambdaException.service(e.getMessage());
            }
        }
        return runtime;
    }

    /** Resolves a FunctionName (name, partial ARN or ARN, possibly qualified) to a function of $LATEST. */
    private LambdaFunction find(String reference, String qualifierParameter) {
        Matcher matcher = FUNCTION_REFERENCE.matcher(reference);
        if (!matcher.matches()) {
            throw LambdaException.validation(reference, "functionName", "Member must satisfy regular expression pattern: "
                    + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        checkAccountAndRegion(matcher);
        String name = matcher.group(3);
        String qualifier = matcher.group(4) != null ? matcher.group(4) : qualifierParameter;
        if (qualifier != null && matcher.group(4) != null && qualifierParameter != null && !qualifier.equals(qualifierParameter)) {
            throw LambdaException.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }
        LambdaFunction function = functions.get(name);
        if (function == null || (qualifier != null && !qualifier.equals("$LATEST"))) {
            throw LambdaException.notFound(arn(name) + (qualifier == null ? "" : ":" + qualifier));
        }
        return function;
    }

    private LambdaFunction findByArn(String resourceArn) {
        Matcher matcher = FUNCTION_REFERENCE.matcher(resourceArn);
        if (!resourceArn.startsWith("arn:") || !matcher.matches() || matcher.group(4) != null) {
            throw LambdaException.validation(resourceArn, "resource", "Member must satisfy regular expression pattern: "
                    + "arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+");
        }
        checkAccountAndRegion(matcher);
        LambdaFunction function = functions.get(matcher.group(3));
        if (function == null) {
            throw LambdaException.notFound(resourceArn);
        }
        return function;
    }

    private void checkAccountAndRegion(Matcher reference) {
        String region = reference.group(1);
        String account = reference.group(2);
        if (region != null && !region.equals(context.region())) {
            throw new LambdaException(404, "ResourceNotFoundException", "Functions from '" + region
                    + "' are not reachable in this region ('" + context.region() + "')");
        }
        if (account != null && !account.equals(context.accountId())) {
            throw new LambdaException(403, "AccessDeniedException", "The local target serves account "
                    + context.accountId() + " only, not " + account);
        }
    }

    private static void checkRevision(LambdaFunction function, JsonNode request) {
        String revision = request.path("RevisionId").asText(null);
        if (revision != null && !revision.equals(function.configuration(LambdaFunction.View.CURRENT).path("RevisionId").asText())) {
            throw new LambdaException(412, "PreconditionFailedException", "The Revision Id provided does not match the"
                    + " latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private static Map<String, String> validTags(JsonNode tags) {
        Map<String, String> result = new LinkedHashMap<>();
        tags.fields().forEachRemaining(tag -> result.put(tag.getKey(), tag.getValue().asText()));
        if (result.size() > 50) {
            throw LambdaException.invalidParameter("Number of tags exceeds resource tag limit.");
        }
        for (String key : result.keySet()) {
            if (key.isEmpty() || key.length() > 128 || key.startsWith("aws:")) {
                throw LambdaException.invalidParameter("Invalid tag key: '" + key + "'");
            }
        }
        return result;
    }

    private String clientContext(HttpExchange exchange) {
        String encoded = exchange.getRequestHeaders().getFirst("X-Amz-Client-Context");
        if (encoded == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            if (!json.readTree(decoded).isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return decoded;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw LambdaException.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
    }

    private String arn(String functionName) {
        return "arn:aws:lambda:" + context.region() + ":" + context.accountId() + ":function:" + functionName;
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        return readJson(exchange, CODE_REQUEST_LIMIT_BYTES, "this");
    }

    private JsonNode readJson(HttpExchange exchange, int limit, String operation) throws IOException {
        byte[] body = readBody(exchange, limit, operation);
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw new LambdaException(400, "SerializationException", "Start of structure or map found where not expected.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new LambdaException(400, "SerializationException", "Could not parse the request body: " + e.getOriginalMessage());
        }
    }

    private static byte[] readBody(HttpExchange exchange, int limit, String operation) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(limit + 1);
        if (body.length > limit) {
            throw new LambdaException(413, "RequestEntityTooLargeException",
                    "Request must be smaller than " + limit + " bytes for the " + operation + " operation");
        }
        return body;
    }

    private static LambdaException unknownOperation(String method, String path) {
        return new LambdaException(404, "UnknownOperationException", "The dslab local target's Lambda does not"
                + " implement " + method + " " + path + "; it implements CreateFunction, GetFunction,"
                + " GetFunctionConfiguration, ListFunctions, DeleteFunction, UpdateFunctionCode,"
                + " UpdateFunctionConfiguration, Invoke, ListTags, TagResource, UntagResource,"
                + " Put/Get/DeleteFunctionConcurrency, GetAccountSettings and the FunctionEventInvokeConfig operations");
    }

    private static String header(HttpExchange exchange, String name, String fallback) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void sendError(HttpExchange exchange, LambdaException error) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("Type", error.type());
        if (error instanceof ThrottledException throttled) {
            // Lambda's throttle body: {"Reason": ..., "Type": "User", "message": "Rate Exceeded."}
            body.put("Reason", throttled.reason());
            body.put("message", error.getMessage());
        } else {
            body.put("Message", error.getMessage());
        }
        exchange.getResponseHeaders().set("X-Amzn-ErrorType", error.code());
        sendJson(exchange, error.status(), body);
    }

    private static void sendS3Error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        sendBytes(exchange, status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
    }

    private void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendBytes(exchange, status, json.writeValueAsBytes(body));
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    private static void sendInvocationResult(HttpExchange exchange, InvocationResult result, boolean tail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (result.functionError()) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
        if (tail) {
            exchange.getResponseHeaders().set("X-Amz-Log-Result", result.logTail());
        }
        sendBytes(exchange, 200, result.payload());
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
