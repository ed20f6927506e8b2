package dev.dslab.local.lambda.esm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dslab.local.EdgeClients;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.admin.AdminEndpoint;
import dev.dslab.local.admin.AdminException;
import dev.dslab.local.state.JsonFiles;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's event source mappings for Kinesis data streams on the local target: the API
 * (CreateEventSourceMapping, GetEventSourceMapping, ListEventSourceMappings, UpdateEventSourceMapping,
 * DeleteEventSourceMapping at /2015-03-31/event-source-mappings) and the pollers that run each enabled
 * mapping. The pollers are clients of the target like any other: they read the stream with the SDK's
 * KinesisClient and invoke the function with its LambdaClient, through the edge, so Kinesis read limits
 * and Lambda concurrency limits apply to them as in AWS. Positions are kept in
 * {@code <home>/lambda/esm/<uuid>.json} (see {@link Checkpoints}).
 */
public final class EventSourceMappings implements AutoCloseable {

    public static final String PATH = "/2015-03-31/event-source-mappings";
    private static final Pattern MAPPING_PATH = Pattern.compile(PATH + "/([^/]+)/?");
    /** Longer than the longest function timeout (15 minutes): an invoke is never cut short by its client. */
    private static final Duration INVOKE_TIMEOUT = Duration.ofMinutes(16);
    private static final String MAPPING_SUFFIX = ".mapping.json";

    private final ObjectMapper json = new ObjectMapper();
    private final LocalTargetContext context;
    private final FunctionArns functions;
    private final Path checkpointFolder;
    private final Map<String, EventSourceMapping> mappings = new ConcurrentSkipListMap<>();
    private final ExecutorService control = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "esm-control");
        thread.setDaemon(true);
        return thread;
    });
    private Clients clients;

    /** The SDK clients the pollers use, made on first use (the edge is up by then). */
    private record Clients(SdkHttpClient http, SdkHttpClient invokeHttp, KinesisClient kinesis, LambdaClient lambda,
                           S3Client s3, BatchInvoker invoker, FailureDestination destination) implements AutoCloseable {
        @Override
        public void close() {
            kinesis.close();
            lambda.close();
            s3.close();
            http.close();
            invokeHttp.close();
        }
    }

    /**
     * @param functions resolves a FunctionName to the ARN of an existing function, or throws the Lambda
     *                  service's own ResourceNotFoundException
     */
    public EventSourceMappings(LocalTargetContext context, FunctionArns functions) {
        this.context = context;
        this.functions = functions;
        this.checkpointFolder = context.home().resolve("lambda").resolve("esm");
        // Mappings outlive the daemon, as the functions and streams they join do: they are read back here and
        // their pollers resume from their checkpoints once the edge is up (resume()).
        for (StoredMapping stored : JsonFiles.readAll(checkpointFolder, MAPPING_SUFFIX, StoredMapping.class)) {
            mappings.put(stored.uuid(), stored.mapping());
        }
        try (var files = Files.list(checkpointFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.endsWith(MAPPING_SUFFIX)
                        && !mappings.containsKey(name.substring(0, name.length() - ".json".length()))) {
                    Files.deleteIfExists(file); // the checkpoints of a mapping deleted while its daemon died
                }
            }
        } catch (NoSuchFileException none) {
            // no mapping ever ran in this home
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the old checkpoints in " + checkpointFolder, e);
        }
    }

    /**
     * Starts the pollers of the mappings an earlier daemon kept, each from its checkpoint: called once the
     * edge serves, since the pollers are its clients.
     */
    public void resume() {
        for (EventSourceMapping mapping : mappings.values()) {
            control.execute(() -> apply(mapping));
        }
    }

    private Path mappingFile(EventSourceMapping mapping) {
        return checkpointFolder.resolve(mapping.uuid() + MAPPING_SUFFIX);
    }

    /** Whether a request path belongs to this API. */
    public static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (EsmException e) {
            ObjectNode body = json.createObjectNode();
            body.put("Type", e.type());
            body.put("Message", e.getMessage());
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", e.code());
            send(exchange, e.status(), body);
        }
    }

    /** The admin endpoint lambda/esm: every mapping with its settings, state, and per-shard positions and counts. */
    public Map<String, AdminEndpoint> adminEndpoints() {
        return Map.of("esm", (method, body) -> {
            if (!method.equals("GET")) {
                throw new AdminException(405, "lambda/esm is read-only: use GET");
            }
            ObjectNode answer = json.createObjectNode();
            ArrayNode list = answer.putArray("EventSourceMappings");
            mappings.values().forEach(mapping -> list.add(mapping.describe(json)));
            return answer;
        });
    }

    @Override
    public void close() {
        control.shutdownNow();
        mappings.values().forEach(mapping -> {
            if (mapping.consumer != null) {
                mapping.consumer.stop();
            }
        });
        synchronized (this) {
            if (clients != null) {
                clients.close();
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            switch (method) {
                case "POST" -> create(exchange);
                case "GET" -> list(exchange, query(exchange.getRequestURI().getRawQuery()));
                default -> throw unknownOperation(method, path);
            }
            return;
        }
        Matcher matcher = MAPPING_PATH.matcher(path);
        if (!matcher.matches()) {
            throw unknownOperation(method, path);
        }
        String uuid = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
        switch (method) {
            case "GET" -> send(exchange, 200, find(uuid).configuration(json));
            case "PUT" -> update(exchange, find(uuid));
            case "DELETE" -> delete(exchange, find(uuid));
            default -> throw unknownOperation(method, path);
        }
    }

    private synchronized void create(HttpExchange exchange) throws IOException {
        JsonNode request = readJson(exchange);
        MappingSettings settings = MappingSettings.forCreate(request, functions, context.region(), context.accountId());
        for (EventSourceMapping existing : mappings.values()) {
            MappingSettings other = existing.settings();
            if (other.eventSourceArn().equals(settings.eventSourceArn()) && other.functionArn().equals(settings.functionArn())) {
                throw EsmException.conflict("The event source arn (\" " + settings.eventSourceArn() + " \") and function (\" "
                        + functionName(settings.functionArn()) + " \") provided mapping already exists. Please update or delete"
                        + " the existing mapping with UUID " + existing.uuid());
            }
        }
        Clients sdk = clients();
        try {
            sdk.kinesis().describeStreamSummary(r -> r.streamName(settings.streamName()));
        } catch (ResourceNotFoundException e) {
            throw EsmException.invalidParameter("Stream not found: " + settings.eventSourceArn());
        } catch (SdkException e) {
            throw EsmException.service("Cannot reach the stream " + settings.eventSourceArn() + ": " + e.getMessage());
        }
        String uuid = UUID.randomUUID().toString();
        String arn = "arn:aws:lambda:" + context.region() + ":" + context.accountId() + ":event-source-mapping:" + uuid;
        EventSourceMapping mapping = new EventSourceMapping(uuid, arn, settings, Instant.now());
        JsonFiles.write(mappingFile(mapping), StoredMapping.of(mapping));
        mappings.put(uuid, mapping);
        ObjectNode answer = mapping.configuration(json);
        control.execute(() -> apply(mapping));
        send(exchange, 202, answer);
    }

    private synchronized void update(HttpExchange exchange, EventSourceMapping mapping) throws IOException {
        JsonNode request = readJson(exchange);
        if (request.has("StartingPosition") || request.has("StartingPositionTimestamp")) {
            throw EsmException.invalidParameter("StartingPosition cannot be updated; delete the mapping and create a new one");
        }
        String state = mapping.state();
        if (!state.equals("Enabled") && !state.equals("Disabled")) {
            throw EsmException.inUse();
        }
        MappingSettings before = mapping.settings();
        MappingSettings after = before.updatedWith(request, functions);
        boolean onlySwitched = before.enabled() != after.enabled() && after.withEnabled(before.enabled()).equals(before);
        String transition = !onlySwitched ? "Updating" : after.enabled() ? "Enabling" : "Disabling";
        mapping.update(after, transition);
        JsonFiles.write(mappingFile(mapping), StoredMapping.of(mapping));
        ObjectNode answer = mapping.configuration(json);
        control.execute(() -> apply(mapping));
        send(exchange, 202, answer);
    }

    private synchronized void delete(HttpExchange exchange, EventSourceMapping mapping) throws IOException {
        if (mapping.state().equals("Deleting")) {
            throw EsmException.inUse();
        }
        mapping.transition("Deleting");
        JsonFiles.delete(mappingFile(mapping));
        ObjectNode answer = mapping.configuration(json);
        control.execute(() -> {
            stopConsumer(mapping);
            Checkpoints.open(checkpointFile(mapping)).delete();
            mappings.remove(mapping.uuid(), mapping);
        });
        send(exchange, 202, answer);
    }

    /** On the control thread: stop what runs, start what the settings ask for, settle the state. */
    private void apply(EventSourceMapping mapping) {
        stopConsumer(mapping);
        synchronized (this) {
            if (mapping.state().equals("Deleting")) {
                return;
            }
            if (mapping.settings().enabled()) {
                Clients sdk = clients();
                mapping.consumer = new StreamConsumer(mapping, Checkpoints.open(checkpointFile(mapping)), sdk.kinesis(),
                        sdk.lambda(), sdk.invoker(), sdk.destination());
                mapping.consumer.start();
                mapping.transition("Enabled");
            } else {
                mapping.transition("Disabled");
            }
        }
    }

    private static void stopConsumer(EventSourceMapping mapping) {
        if (mapping.consumer != null) {
            mapping.consumer.stop();
            mapping.consumer = null;
        }
    }

    private Path checkpointFile(EventSourceMapping mapping) {
        return checkpointFolder.resolve(mapping.uuid() + ".json");
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        String source = query.get("EventSourceArn");
        String function = query.get("FunctionName");
        String functionFilter = function == null ? null : functionName(function);
        int maxItems = 100;
        if (query.containsKey("MaxItems")) {
            try {
                maxItems = Integer.parseInt(query.get("MaxItems"));
            } catch (NumberFormatException e) {
                throw EsmException.validation(query.get("MaxItems"), "maxItems", "Member must be an integer");
            }
            if (maxItems < 1 || maxItems > 10_000) {
                throw EsmException.validation(maxItems, "maxItems", maxItems < 1
                        ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 10000");
            }
        }
        String marker = query.get("Marker");
        Iterator<EventSourceMapping> remaining = (marker == null ? mappings : ((ConcurrentSkipListMap<String, EventSourceMapping>) mappings)
                .tailMap(marker, false)).values().iterator();
        ObjectNode answer = json.createObjectNode();
        ArrayNode page = answer.putArray("EventSourceMappings");
        String last = null;
        while (remaining.hasNext()) {
            EventSourceMapping mapping = remaining.next();
            MappingSettings settings = mapping.settings();
            if ((source != null && !source.equals(settings.eventSourceArn()))
                    || (functionFilter != null && !functionFilter.equals(functionName(settings.functionArn())))) {
                continue;
            }
            if (page.size() == maxItems) {
                answer.put("NextMarker", last);
                break;
            }
            page.add(mapping.configuration(json));
            last = mapping.uuid();
        }
        send(exchange, 200, answer);
    }

    private EventSourceMapping find(String uuid) {
        EventSourceMapping mapping = mappings.get(uuid);
        if (mapping == null) {
            throw EsmException.mappingNotFound();
        }
        return mapping;
    }

    /** The bare name in a function name, partial ARN or ARN (qualifier dropped). */
    private static String functionName(String reference) {
        String[] parts = reference.split(":");
        int function = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("function")) {
                function = i;
            }
        }
        return function >= 0 && function + 1 < parts.length ? parts[function + 1] : parts[0];
    }

    private synchronized Clients clients() {
        if (clients == null) {
            EdgeClients edge = EdgeClients.of(context);
            SdkHttpClient http = EdgeClients.httpClient();
            SdkHttpClient invokeHttp = UrlConnectionHttpClient.builder().connectionTimeout(EdgeClients.CONNECT_TIMEOUT)
                    .socketTimeout(INVOKE_TIMEOUT).build();
            // No SDK retries: the mapping decides what a throttle or a failure means, as Lambda's pollers do.
            KinesisClient kinesis = edge.sharing(http).configure(KinesisClient.builder())
                    .overrideConfiguration(c -> c.apiCallTimeout(EdgeClients.API_CALL_TIMEOUT).retryStrategy(r -> r.maxAttempts(1)))
                    .build();
            LambdaClient lambda = edge.sharing(invokeHttp).configure(LambdaClient.builder())
                    .overrideConfiguration(c -> c.apiCallTimeout(INVOKE_TIMEOUT).retryStrategy(r -> r.maxAttempts(1)))
                    .build();
            S3Client s3 = edge.sharing(http).configure(S3Client.builder()).forcePathStyle(true).build();
            clients = new Clients(http, invokeHttp, kinesis, lambda, s3, new BatchInvoker(json, lambda, context.region()),
                    new FailureDestination(json, () -> s3, lambda));
        }
        return clients;
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(1 << 20);
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new EsmException(400, "SerializationException", "Start of structure or map found where not expected.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new EsmException(400, "SerializationException", "Could not parse the request body: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            parameters.putIfAbsent(key, value);
        }
        return parameters;
    }

    private static EsmException unknownOperation(String method, String path) {
        return new EsmException(404, "UnknownOperationException", "The dslab local target's Lambda does not implement "
                + method + " " + path + "; event source mappings are POST/GET " + PATH + "/ and GET/PUT/DELETE " + PATH + "/UUID");
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
