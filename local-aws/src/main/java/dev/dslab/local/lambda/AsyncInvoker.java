package dev.dslab.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Lambda's asynchronous invocation (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):
 * an Event invoke is queued and answered 202 at once; the queue invokes the function; a function error
 * (the handler's, a timeout, a crash) is retried up to MaximumRetryAttempts times (default 2), one and then
 * two retry periods later (1 and 2 minutes in AWS; the period is {@code asyncRetryBaseMillis} locally so an
 * experiment can shrink it); a throttled attempt or a system error goes back to the queue and is tried
 * again with a delay growing exponentially from a sixtieth of the period (1 s in AWS) to five periods
 * (5 minutes), until the event is older than MaximumEventAgeInSeconds. Whatever the end, the invocation
 * record goes to the configured destination (OnSuccess or OnFailure), shaped as Lambda sends it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 */
final class AsyncInvoker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncInvoker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the queue needs from the service. */
    interface Functions {
        /** One synchronous attempt; throws {@link ThrottledException}, or a 404 when the function is gone. */
        InvocationResult invoke(String function, String requestId, byte[] payload);

        EventInvokeConfig config(String function);

        String arn(String function);

        /** Hands an invocation record to a destination (a function's queue or an S3 bucket). */
        void deliver(String destinationArn, String function, byte[] record);
    }

    private final Functions functions;
    private final LongSupplier retryBaseMillis;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService attempts;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    AsyncInvoker(Functions functions, LongSupplier retryBaseMillis) {
        this.functions = functions;
        this.retryBaseMillis = retryBaseMillis;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "lambda-async-scheduler"));
        AtomicInteger number = new AtomicInteger();
        this.attempts = Executors.newCachedThreadPool(task -> daemon(task, "lambda-async-" + number.incrementAndGet()));
    }

    /** Queues one event; it is attempted at once, in the background. */
    void enqueue(String function, String requestId, byte[] payload) {
        Event event = new Event(function, requestId, payload, System.currentTimeMillis());
        waiting.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
        schedule(event, 0);
    }

    /** Events of the function waiting in the queue (first attempt or a retry), not those being run. */
    int waiting(String function) {
        AtomicInteger count = waiting.get(function);
        return count == null ? 0 : count.get();
    }

    private void schedule(Event event, long delayMillis) {
        try {
            scheduler.schedule(() -> attempts.execute(() -> attempt(event)), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the daemon is stopping: its queues are discarded with the rest of its in-memory state
        }
    }

    private void attempt(Event event) {
        waiting.get(event.function).decrementAndGet();
        EventInvokeConfig config;
        try {
            config = functions.config(event.function);
        } catch (LambdaException gone) {
            log.info("async event {} of {} dropped: the function was deleted", event.requestId, event.function);
            return;
        }
        long age = System.currentTimeMillis() - event.enqueuedMillis;
        if (age > config.maximumAgeMillis()) {
            finish(event, config, "EventAgeExceeded", null);
            return;
        }
        InvocationResult result;
        try {
            result = functions.invoke(event.function, event.requestId, event.payload);
        } catch (RuntimeException e) {
            if (e instanceof LambdaException lambda && lambda.status() == 404) {
                log.info("async event {} of {} dropped: the function was deleted", event.requestId, event.function);
                return;
            }
            // throttles (429) and system errors (5xx) go back to the queue until the event is too old
            event.requeues++;
            long base = retryBaseMillis.getAsLong();
            long delay = Math.min(Math.max(1, base / 60) << Math.min(event.requeues - 1, 20), 5 * base);
            long untilTooOld = event.enqueuedMillis + config.maximumAgeMillis() + 1 - System.currentTimeMillis();
            requeue(event, Math.max(0, Math.min(delay, untilTooOld)));
            return;
        }
        event.invocations++;
        event.last = result;
        if (!result.functionError()) {
            finish(event, config, "Success", result);
        } else if (event.invocations <= config.retries()) {
            requeue(event, retryBaseMillis.getAsLong() * event.invocations);
        } else {
            finish(event, config, "RetriesExhausted", result);
        }
    }

    private void requeue(Event event, long delayMillis) {
        waiting.get(event.function).incrementAndGet();
        schedule(event, delayMillis);
    }

    private void finish(Event event, EventInvokeConfig config, String condition, InvocationResult result) {
        String destination = condition.equals("Success") ? config.onSuccess() : config.onFailure();
        if (destination == null) {
            if (!condition.equals("Success")) {
                log.info("async event {} of {} discarded: {} after {} invocation(s)", event.requestId, event.function, condition,
                        event.invocations);
            }
            return;
        }
        try {
            functions.deliver(destination, event.function, record(event, condition, result == null ? event.last : result));
        } catch (RuntimeException e) {
            // Lambda counts these as DestinationDeliveryFailures; the record is lost
            log.warn("invocation record of {} ({}) not delivered to {}: {}", event.requestId, condition, destination, e.getMessage());
        }
    }

    /** The invocation record Lambda sends to a destination. */
    private byte[] record(Event event, String condition, InvocationResult result) {
        ObjectNode record = JSON.createObjectNode();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", event.requestId);
        request.put("functionArn", functions.arn(event.function) + ":$LATEST");
        request.put("condition", condition);
        request.put("approximateInvokeCount", event.invocations);
        record.set("requestPayload", parsed(event.payload));
        if (result != null) {
            ObjectNode response = record.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", "$LATEST");
            if (result.functionError()) {
                response.put("functionError", "Unhandled");
            }
            record.set("responsePayload", parsed(result.payload()));
        }
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an invocation record is plain JSON", e);
        }
    }

    private static JsonNode parsed(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException notJson) {
            return JSON.getNodeFactory().textNode(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        attempts.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One queued event, retried with the same request id as Lambda does. */
    private static final class Event {
        final String function;
        final String requestId;
        final byte[] payload;
        final long enqueuedMillis;
        int invocations;
        int requeues;
        InvocationResult last;

        Event(String function, String requestId, byte[] payload, long enqueuedMillis) {
            this.function = function;
            this.requestId = requestId;
            this.payload = payload;
            this.enqueuedMillis = enqueuedMillis;
        }
    }
}
