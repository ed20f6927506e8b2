package dev.dslab.scenarios.leftovers;

import dev.dslab.scenarios.engine.SandboxNames;
import dev.dslab.scenarios.engine.TargetAccess;
import dev.dslab.scenarios.lambda.LambdaKinesisEsmExperiment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * The resources experiment runs make for themselves and delete when they end (streams, tables, function copies,
 * event source mappings, copied code), found and deleted for runs that can no longer delete them: a run whose
 * shell or target was killed leaves them, and a mapping left behind polls its stream for as long as the target
 * runs. Only the public APIs are used, so the same sweep works on the local target, LocalStack and an account.
 *
 * <p>A resource is a run's when its name is one of the sandbox's own names, then {@code -<run id>}, then nothing
 * or {@code -<strategy>} (see {@link LambdaKinesisEsmExperiment#RUN_NAME_SUFFIXES}), or, for code, when its key is
 * under {@link LambdaKinesisEsmExperiment#codeFolder}. Nothing else matches: the suffixes are not among the names
 * a sandbox gives its own resources, so another learner's sandbox never looks like a run of this one.
 */
public final class RunLeftovers {

    /** What a run can leave behind, in the order a sweep deletes it: nothing is deleted while something uses it. */
    public enum Kind {
        EVENT_SOURCE_MAPPING("event source mapping"), FUNCTION("function"), TABLE("table"), STREAM("stream"), OBJECT("object version");

        private final String noun;

        Kind(String noun) {
            this.noun = noun;
        }

        public String noun(long count) {
            return count + " " + noun + (count == 1 ? "" : "s");
        }
    }

    /** One resource of a run: for an object version, name is {@code key} and version is its version id. */
    public record Leftover(String runId, Kind kind, String name, String version) {
    }

    private static final Pattern RUN_PART = Pattern.compile("(r[1-9][0-9]{0,9})(?:-(" + String.join("|",
            LambdaKinesisEsmExperiment.RUN_NAME_SUFFIXES.stream().map(Pattern::quote).toList()) + "))?");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAPPING_GONE_WITHIN = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final TargetAccess target;
    private final SandboxNames sandbox;

    public RunLeftovers(TargetAccess target, SandboxNames sandbox) {
        this.target = target;
        this.sandbox = sandbox;
    }

    /** The run id in a name made of {@code base}, the run id and an optional strategy; empty for any other name. */
    static Optional<String> runOf(String name, String base) {
        if (name == null || !name.startsWith(base + "-")) {
            return Optional.empty();
        }
        Matcher matcher = RUN_PART.matcher(name.substring(base.length() + 1));
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Every resource on the target named after a run of this sandbox, whatever the run's state. */
    public List<Leftover> find() {
        List<Leftover> found = new ArrayList<>();
        try (LambdaClient lambda = target.lambda(CALL_TIMEOUT)) {
            for (EventSourceMappingConfiguration mapping : lambda.listEventSourceMappingsPaginator(request -> { }).eventSourceMappings()) {
                runOf(lastPart(mapping.functionArn(), ':'), sandbox.streamFunction())
                        .or(() -> runOf(lastPart(mapping.eventSourceArn(), '/'), sandbox.stream()))
                        .ifPresent(run -> found.add(new Leftover(run, Kind.EVENT_SOURCE_MAPPING, mapping.uuid(), null)));
            }
            for (FunctionConfiguration function : lambda.listFunctionsPaginator(request -> { }).functions()) {
                runOf(function.functionName(), sandbox.streamFunction())
                        .ifPresent(run -> found.add(new Leftover(run, Kind.FUNCTION, function.functionName(), null)));
            }
        }
        try (DynamoDbClient dynamoDb = target.dynamoDb()) {
            for (String table : dynamoDb.listTablesPaginator(request -> { }).tableNames()) {
                runOf(table, sandbox.table()).ifPresent(run -> found.add(new Leftover(run, Kind.TABLE, table, null)));
            }
        }
        try (KinesisClient kinesis = target.kinesis()) {
            for (String stream : kinesis.listStreamsPaginator(request -> { }).streamNames()) {
                runOf(stream, sandbox.stream()).ifPresent(run -> found.add(new Leftover(run, Kind.STREAM, stream, null)));
            }
        }
        String folder = LambdaKinesisEsmExperiment.CODE_FOLDERS;
        try (S3Client s3 = target.s3(CALL_TIMEOUT)) {
            for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(request -> request.bucket(sandbox.bucket()).prefix(folder))) {
                page.versions().forEach(version -> codeRun(version.key(), folder)
                        .ifPresent(run -> found.add(new Leftover(run, Kind.OBJECT, version.key(), version.versionId()))));
                page.deleteMarkers().forEach(marker -> codeRun(marker.key(), folder)
                        .ifPresent(run -> found.add(new Leftover(run, Kind.OBJECT, marker.key(), marker.versionId()))));
            }
        }
        found.sort(Comparator.comparing(Leftover::kind));
        return found;
    }

    private static Optional<String> codeRun(String key, String folder) {
        String rest = key.substring(folder.length());
        int slash = rest.indexOf('/');
        return slash > 0 && rest.substring(0, slash).matches("r[1-9][0-9]{0,9}") ? Optional.of(rest.substring(0, slash)) : Optional.empty();
    }

    private static String lastPart(String arn, char separator) {
        return arn == null ? null : arn.substring(arn.lastIndexOf(separator) + 1);
    }

    /** What a sweep deleted (by kind), for which runs, and what it could not delete (one line each). */
    public record Swept(Set<String> runs, Map<Kind, Integer> deleted, List<String> failures) {

        public boolean nothing() {
            return deleted.isEmpty() && failures.isEmpty();
        }

        /** One line: what was removed and for which runs; empty when there was nothing. */
        public Optional<String> summary() {
            if (nothing()) {
                return Optional.empty();
            }
            List<String> parts = new ArrayList<>();
            deleted.forEach((kind, count) -> parts.add(kind.noun(count)));
            String line = "Removed what run" + (runs.size() == 1 ? " " : "s ") + String.join(", ", runs) + " left behind (ended without"
                    + " cleaning up): " + (parts.isEmpty() ? "nothing" : String.join(", ", parts));
            return Optional.of(failures.isEmpty() ? line : line + "; not removed: " + String.join("; ", failures));
        }
    }

    /**
     * Deletes the resources of the runs {@code dead} accepts: mappings first (and waits until they are gone, so none
     * invokes a function being deleted or reads a stream being deleted), then functions, tables, streams and code.
     */
    public Swept sweep(Predicate<String> dead) {
        List<Leftover> doomed = find().stream().filter(leftover -> dead.test(leftover.runId())).toList();
        Map<Kind, Integer> deleted = new EnumMap<>(Kind.class);
        List<String> failures = new ArrayList<>();
        Set<String> runs = new TreeSet<>(Comparator.comparing((String run) -> run.length()).thenComparing(run -> run));
        if (doomed.isEmpty()) {
            return new Swept(runs, deleted, failures);
        }
        try (LambdaClient lambda = target.lambda(CALL_TIMEOUT); DynamoDbClient dynamoDb = target.dynamoDb();
             KinesisClient kinesis = target.kinesis(); S3Client s3 = target.s3(CALL_TIMEOUT)) {
            List<String> mappings = new ArrayList<>();
            for (Leftover leftover : doomed) {
                runs.add(leftover.runId());
                Runnable delete = switch (leftover.kind()) {
                    case EVENT_SOURCE_MAPPING -> () -> lambda.deleteEventSourceMapping(request -> request.uuid(leftover.name()));
                    case FUNCTION -> () -> lambda.deleteFunction(request -> request.functionName(leftover.name()));
                    case TABLE -> () -> dynamoDb.deleteTable(request -> request.tableName(leftover.name()));
                    case STREAM -> () -> kinesis.deleteStream(request -> request.streamName(leftover.name()).enforceConsumerDeletion(true));
                    case OBJECT -> () -> s3.deleteObject(request -> request.bucket(sandbox.bucket()).key(leftover.name())
                            .versionId(leftover.version()));
                };
                if (leftover.kind() == Kind.FUNCTION && !mappings.isEmpty()) {
                    awaitMappingsGone(lambda, mappings);
                    mappings.clear();
                }
                Optional<String> failure = attempt(delete);
                if (failure.isEmpty()) {
                    deleted.merge(leftover.kind(), 1, Integer::sum);
                    if (leftover.kind() == Kind.EVENT_SOURCE_MAPPING) {
                        mappings.add(leftover.name());
                    }
                } else {
                    failures.add(leftover.kind().noun + " " + leftover.name() + ": " + failure.get());
                }
            }
            if (!mappings.isEmpty()) {
                awaitMappingsGone(lambda, mappings);
            }
        }
        return new Swept(runs, deleted, failures);
    }

    /** Deletes, retrying a busy target; a resource already gone counts as deleted. Empty when done, else why not. */
    private static Optional<String> attempt(Runnable delete) {
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                delete.run();
                return Optional.empty();
            } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException
                     | software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException
                     | software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException gone) {
                return Optional.empty();
            } catch (SdkException failed) {
                last = failed.getMessage();
            }
            if (attempt == ATTEMPTS) {
                break;
            }
            try {
                Thread.sleep(500L * attempt);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of(last);
    }

    /** A deleted mapping stays (Deleting) until its poller stops: wait for that, bounded, before deleting its function. */
    private static void awaitMappingsGone(LambdaClient lambda, List<String> uuids) {
        long deadline = System.nanoTime() + MAPPING_GONE_WITHIN.toNanos();
        for (String uuid : uuids) {
            while (System.nanoTime() < deadline) {
                try {
                    lambda.getEventSourceMapping(request -> request.uuid(uuid));
                } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException gone) {
                    break;
                } catch (SdkException busy) {
                    // ask again
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
