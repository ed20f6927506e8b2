package dev.dslab.scenarios.lambda;

import dev.dslab.scenarios.engine.ExperimentException;
import dev.dslab.scenarios.engine.HistoryRecorder;
import dev.dslab.scenarios.engine.RunContext;
import dev.dslab.scenarios.kinesis.RunStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The resources a lambda-kinesis-esm run makes for itself through the public APIs (a table, a stream, a function
 * and an event source mapping per strategy), each deleted when the run ends however it ends, mappings first so
 * that nothing invokes a function being deleted.
 */
final class EsmRunResources implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration GONE_WITHIN = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 200;

    /** The sandbox's stream function as a template: its settings and its code, which every strategy's function copies. */
    record FunctionTemplate(FunctionConfiguration configuration, byte[] code) {

        /** Reads the function and downloads its code from the presigned location GetFunction answers (valid for 10 minutes). */
        static FunctionTemplate of(LambdaClient lambda, String function) throws InterruptedException {
            GetFunctionResponse response = lambda.getFunction(request -> request.functionName(function));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try {
                HttpResponse<byte[]> code = http.send(HttpRequest.newBuilder(URI.create(response.code().location()))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (code.statusCode() != 200) {
                    throw new ExperimentException("cannot download the code of " + function + ": HTTP " + code.statusCode());
                }
                return new FunctionTemplate(response.configuration(), code.body());
            } catch (IOException e) {
                throw new ExperimentException("cannot download the code of " + function + ": " + e.getMessage(), e);
            }
        }
    }

    private final RunContext context;
    private final LambdaClient lambda;
    private final KinesisClient kinesis;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final Object oneUploadAtATime = new Object();
    private String codeBucket;
    private String codeKey;
    private String codeVersion;

    EsmRunResources(RunContext context, LambdaClient lambda, KinesisClient kinesis, DynamoDbClient dynamoDb, S3Client s3) {
        this.context = context;
        this.lambda = lambda;
        this.kinesis = kinesis;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
    }

    /**
     * Puts the template's code where CreateFunction can take it from (S3Bucket/S3Key, the way for large packages)
     * rather than sending it inline with every copy; that exact version is deleted when the run ends, so a versioned
     * bucket keeps nothing of it.
     */
    void uploadCode(FunctionTemplate template, String bucket, String key) {
        // registered first: a put cut short by Ctrl-C may still have stored a version
        push(() -> s3.listObjectVersionsPaginator(request -> request.bucket(bucket).prefix(key)).versions().stream()
                .filter(version -> version.key().equals(key))
                .forEach(version -> s3.deleteObject(request -> request.bucket(bucket).key(key).versionId(version.versionId()))));
        PutObjectResponse put = s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(template.code()));
        codeBucket = bucket;
        codeKey = key;
        codeVersion = put.versionId();
    }

    /** A table with the sandbox table's keys (pk, sk strings), for one strategy's handler to record what it processed. */
    String table(int client, String name) throws InterruptedException {
        HistoryRecorder.Pending op = context.history().invoke(client, "create-table", name, null, null, null);
        try {
            dynamoDb.createTable(request -> request.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                            a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE)));
        } catch (ResourceInUseException exists) {
            throw new ExperimentException("table " + name + " exists already: a run of this id is in progress or left it behind");
        } catch (SdkException unanswered) {
            // a slow answer: the table may have been created; the wait below tells
        }
        push(() -> dynamoDb.deleteTable(request -> request.tableName(name)));
        awaitReady("table " + name, () -> dynamoDb.describeTable(request -> request.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
        op.ok(name);
        return name;
    }

    RunStream stream(String suffix) throws InterruptedException {
        RunStream stream = RunStream.create(context, kinesis, 1, suffix);
        push(stream::close);
        return stream;
    }

    /** A copy of the template named {@code name}, with {@code environment} over the template's variables. */
    String function(int client, String name, FunctionTemplate template, Map<String, String> environment) throws InterruptedException {
        HistoryRecorder.Pending op = context.history().invoke(client, "create-function", name, null, null, null);
        FunctionConfiguration settings = template.configuration();
        Map<String, String> variables = new HashMap<>();
        if (settings.environment() != null && settings.environment().variables() != null) {
            variables.putAll(settings.environment().variables());
        }
        variables.putAll(environment);
        if (codeKey == null) {
            throw new IllegalStateException("uploadCode first");
        }
        // registered first: a CreateFunction cut short by Ctrl-C may still have made the function (and a mapping
        // whose CreateEventSourceMapping was cut short has no UUID the run knows)
        push(() -> {
            for (var mapping : lambda.listEventSourceMappings(request -> request.functionName(name)).eventSourceMappings()) {
                deleteMapping(mapping.uuid());
            }
            lambda.deleteFunction(request -> request.functionName(name));
        });
        // one at a time: each CreateFunction makes the target fetch and unpack the whole package
        synchronized (oneUploadAtATime) {
            lambda.createFunction(request -> request.functionName(name).runtime(settings.runtime()).handler(settings.handler())
                    .role(settings.role()).memorySize(settings.memorySize()).timeout(settings.timeout())
                    .environment(e -> e.variables(variables))
                    .code(code -> code.s3Bucket(codeBucket).s3Key(codeKey).s3ObjectVersion(codeVersion)));
        }
        awaitReady("function " + name, () -> lambda.getFunctionConfiguration(request -> request.functionName(name)).state() == State.ACTIVE);
        op.ok(name);
        return name;
    }

    /** Registers a mapping created by the caller, to be deleted (and waited for) first when the run ends. */
    void mapping(String uuid) {
        push(() -> deleteMapping(uuid));
    }

    private void deleteMapping(String uuid) {
        try {
            lambda.deleteEventSourceMapping(request -> request.uuid(uuid));
        } catch (ResourceNotFoundException gone) {
            return;
        }
        long deadline = System.nanoTime() + GONE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                lambda.getEventSourceMapping(request -> request.uuid(uuid));
            } catch (ResourceNotFoundException gone) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException stoppingHarder) {
                // close() keeps the run's interrupt for its caller; the rest of the cleanup still runs
                return;
            }
        }
    }

    private synchronized void push(Runnable cleanup) {
        cleanups.push(cleanup);
    }

    private synchronized Runnable pop() {
        return cleanups.isEmpty() ? null : cleanups.pop();
    }

    private interface Probe {
        boolean ready();
    }

    private static void awaitReady(String what, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (SdkException notYet) {
                // not there yet, or a slow answer: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new ExperimentException(what + " was not ready within " + READY_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Deletes everything in reverse order of creation, also when the run's thread was interrupted (the interrupt is kept). */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            for (Runnable cleanup = pop(); cleanup != null; cleanup = pop()) {
                for (int attempt = 1; attempt <= 3; attempt++) {
                    try {
                        cleanup.run();
                        break;
                    } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException
                             | software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException gone) {
                        break;
                    } catch (SdkException busy) {
                        // the target is busy: try again; what is left behind is named after its run
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
