package dev.dslab.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.edge.ServiceProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One function: its current deployment (settings and code), its metadata, and its execution environments.
 *
 * <p>Environments follow Lambda's rules: one request per environment at a time; an idle environment of the
 * current deployment is reused (warm start), otherwise a new one starts (cold start); environments of a
 * replaced deployment are never reused: idle ones are shut down at once, busy ones when their request
 * ends; an environment idle for long ({@link #IDLE_LIFETIME} by default) is shut down, as Lambda recycles
 * idle ones.
 */
final class LambdaFunction {

    /** Lambda keeps idle environments for minutes (undocumented, typically 5-15); the local target keeps them 10. */
    static final Duration IDLE_LIFETIME = Duration.ofMinutes(10);
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which moment of the function's state a configuration document shows. */
    enum View {
        /** The CreateFunction response: still Pending. */
        CREATING,
        /** An update's response: the update is InProgress. */
        UPDATING,
        /** GetFunction and GetFunctionConfiguration. */
        CURRENT,
        /** ListFunctions, which leaves the state fields out. */
        LISTED
    }

    private final String name;
    private final String arn;
    private final LocalTargetContext context;
    private final Supplier<RuntimeInstallation> runtime;
    private final Path logDirectory;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<ExecutionEnvironment> environments = new ArrayList<>();
    /** The idle environments, each with the System.nanoTime() it became idle at. */
    private final Map<ExecutionEnvironment, Long> idle = new LinkedHashMap<>();
    /** The busy environments whose caller has its answer: their runtime has yet to ask for the next event. */
    private final Set<ExecutionEnvironment> answered = new HashSet<>();
    private Deployment deployment;
    private String revisionId;
    private String lastModified;
    private boolean deleted;

    LambdaFunction(String name, String arn, FunctionSettings settings, FunctionCode code, Map<String, String> tags,
                   LocalTargetContext context, Supplier<RuntimeInstallation> runtime, Path logDirectory) {
        this.name = name;
        this.arn = arn;
        this.context = context;
        this.runtime = runtime;
        this.logDirectory = logDirectory;
        this.deployment = new Deployment(name, arn, settings, code);
        this.tags.putAll(tags);
        changed();
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    synchronized Deployment deployment() {
        return deployment;
    }

    /** Replaces the settings; the environments of the old settings are retired. */
    void updateSettings(FunctionSettings settings) {
        List<ExecutionEnvironment> retired;
        synchronized (this) {
            deployment = deployment.withSettings(settings);
            changed();
            retired = takeIdleOfOlderDeployments();
        }
        retired.forEach(ExecutionEnvironment::kill);
    }

    /** Replaces the code; the environments of the old code are retired and the old code with them. */
    void updateCode(FunctionCode code) {
        List<ExecutionEnvironment> retired;
        synchronized (this) {
            FunctionCode old = deployment.code();
            deployment = deployment.withCode(code);
            changed();
            retired = takeIdleOfOlderDeployments();
            old.retire();
        }
        retired.forEach(ExecutionEnvironment::kill);
    }

    /** The function is gone: no new invocation starts, environments end as their requests do. */
    void delete() {
        List<ExecutionEnvironment> retired;
        synchronized (this) {
            deleted = true;
            retired = takeIdleOfOlderDeployments();
            deployment.code().retire();
        }
        retired.forEach(ExecutionEnvironment::kill);
    }

    synchronized Map<String, String> tags() {
        return new LinkedHashMap<>(tags);
    }

    synchronized void tag(Map<String, String> added) {
        tags.putAll(added);
    }

    synchronized void untag(List<String> keys) {
        keys.forEach(tags::remove);
    }

    /** The live environments' JVMs, for the daemon's status. */
    synchronized List<ServiceProcess> processes() {
        List<ServiceProcess> processes = new ArrayList<>();
        for (ExecutionEnvironment environment : environments) {
            if (environment.started() && environment.alive()) {
                processes.add(new ServiceProcess("lambda " + name + " " + environment.id().substring(0, 8), ServiceProcess.CHILD,
                        environment.runtimeApiPort(), environment.process().pid(), idle.containsKey(environment) ? "idle" : "busy"));
            }
        }
        return processes;
    }

    /** {busy, idle}: the live environments serving a request, and those waiting for one. */
    synchronized int[] environmentCounts() {
        int idleCount = idle.size();
        return new int[] {Math.max(0, environments.size() - idleCount), idleCount};
    }

    /**
     * Runs one synchronous invocation in a warm environment if one is idle, else in a new one.
     *
     * @throws LambdaException ResourceNotFoundException when the function was deleted meanwhile,
     *                         ServiceException when no environment can be started
     */
    InvocationResult invoke(String requestId, byte[] payload, String clientContext, Consumer<InvocationResult> earlyAnswer) {
        ExecutionEnvironment environment = acquire();
        Consumer<InvocationResult> answer = earlyAnswer == null ? null : result -> {
            synchronized (this) {
                answered.add(environment);
            }
            earlyAnswer.accept(result);
        };
        try {
            return environment.invoke(requestId, payload, clientContext, answer);
        } finally {
            release(environment);
        }
    }

    /**
     * When no environment of the current deployment is idle but one has answered its caller and waits for its
     * runtime's next request, waits for it up to {@code limit}. Lambda would start another environment for a
     * request that finds every environment busy, that instant included; there the instant is microseconds, here
     * it is the local JVMs' milliseconds, long enough for a client's next request to arrive within it. Without
     * the wait a client invoking one request after the other would meet cold starts Lambda never shows it.
     */
    void awaitAnsweredEnvironment(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (answered.stream().anyMatch(environment -> environment.deployment() == deployment)
                    && idle.keySet().stream().noneMatch(environment -> environment.deployment() == deployment)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ExecutionEnvironment acquire() {
        ExecutionEnvironment fresh;
        synchronized (this) {
            if (deleted) {
                throw LambdaException.notFound(arn);
            }
            for (Iterator<ExecutionEnvironment> it = idle.keySet().iterator(); it.hasNext(); ) {
                ExecutionEnvironment candidate = it.next();
                if (candidate.deployment() == deployment && candidate.alive()) {
                    it.remove();
                    return candidate;
                }
            }
            fresh = new ExecutionEnvironment(deployment, context, runtime.get(), logDirectory);
            environments.add(fresh);
        }
        try {
            fresh.start(this::ended);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                environments.remove(fresh);
            }
            fresh.kill();
            throw LambdaException.service("cannot start an execution environment for " + name + ": " + e.getMessage());
        }
        return fresh;
    }

    private void release(ExecutionEnvironment environment) {
        synchronized (this) {
            answered.remove(environment);
            notifyAll();
            if (!deleted && environment.alive() && environment.deployment() == deployment) {
                idle.put(environment, System.nanoTime());
                return;
            }
        }
        environment.kill();
    }

    private synchronized void ended(ExecutionEnvironment environment) {
        environments.remove(environment);
        idle.remove(environment);
        answered.remove(environment);
        notifyAll();
    }

    /** Shuts down the environments idle for longer than {@code lifetime}. */
    void shutDownIdleLongerThan(Duration lifetime) {
        List<ExecutionEnvironment> expired = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            idle.entrySet().removeIf(entry -> {
                boolean old = now - entry.getValue() > lifetime.toNanos();
                if (old) {
                    expired.add(entry.getKey());
                }
                return old;
            });
        }
        expired.forEach(ExecutionEnvironment::kill);
    }

    /** Kills every environment now (the daemon is stopping). */
    void close() {
        List<ExecutionEnvironment> all;
        synchronized (this) {
            deleted = true;
            all = List.copyOf(environments);
            idle.clear();
        }
        all.forEach(ExecutionEnvironment::kill);
    }

    /** The FunctionConfiguration document of the Lambda API. */
    synchronized ObjectNode configuration(View view) {
        FunctionSettings settings = deployment.settings();
        FunctionCode code = deployment.code();
        ObjectNode configuration = JSON.createObjectNode();
        configuration.put("FunctionName", name);
        configuration.put("FunctionArn", arn);
        configuration.put("Runtime", settings.runtime());
        configuration.put("Role", settings.role());
        configuration.put("Handler", settings.handler());
        configuration.put("CodeSize", code.size());
        configuration.put("Description", settings.description());
        configuration.put("Timeout", settings.timeout());
        configuration.put("MemorySize", settings.memorySize());
        configuration.put("LastModified", lastModified);
        configuration.put("CodeSha256", code.sha256());
        configuration.put("Version", "$LATEST");
        if (!settings.environment().isEmpty()) {
            ObjectNode variables = configuration.putObject("Environment").putObject("Variables");
            settings.environment().forEach(variables::put);
        }
        if (settings.kmsKeyArn() != null) {
            configuration.put("KMSKeyArn", settings.kmsKeyArn());
        }
        configuration.putObject("TracingConfig").put("Mode", settings.tracingMode());
        configuration.put("RevisionId", revisionId);
        switch (view) {
            case CREATING -> {
                configuration.put("State", "Pending");
                configuration.put("StateReason", "The function is being created.");
                configuration.put("StateReasonCode", "Creating");
            }
            case UPDATING -> {
                configuration.put("State", "Active");
                configuration.put("LastUpdateStatus", "InProgress");
                configuration.put("LastUpdateStatusReason", "The function is being created.");
                configuration.put("LastUpdateStatusReasonCode", "Creating");
            }
            case CURRENT -> {
                configuration.put("State", "Active");
                configuration.put("LastUpdateStatus", "Successful");
            }
            case LISTED -> { }
            default -> throw new IllegalStateException("unknown view " + view);
        }
        configuration.put("PackageType", "Zip");
        configuration.putArray("Architectures").add(settings.architecture());
        configuration.putObject("EphemeralStorage").put("Size", settings.ephemeralStorageMb());
        ObjectNode snapStart = configuration.putObject("SnapStart");
        snapStart.put("ApplyOn", "None");
        snapStart.put("OptimizationStatus", "Off");
        ObjectNode logging = configuration.putObject("LoggingConfig");
        logging.put("LogFormat", settings.logFormat());
        if (settings.applicationLogLevel() != null) {
            logging.put("ApplicationLogLevel", settings.applicationLogLevel());
            logging.put("SystemLogLevel", settings.systemLogLevel());
        }
        logging.put("LogGroup", settings.logGroup());
        return configuration;
    }

    /** The revision and modification time an earlier daemon gave this function (kept across restarts). */
    synchronized void restoreRevision(String revision, String modified) {
        revisionId = revision;
        lastModified = modified;
    }

    synchronized String revisionId() {
        return revisionId;
    }

    synchronized String lastModified() {
        return lastModified;
    }

    synchronized boolean deleted() {
        return deleted;
    }

    private void changed() {
        revisionId = UUID.randomUUID().toString();
        lastModified = ZonedDateTime.now(ZoneOffset.UTC).format(LAST_MODIFIED);
    }

    /** Removes the idle environments that must not serve again; the caller kills them outside the lock. */
    private List<ExecutionEnvironment> takeIdleOfOlderDeployments() {
        List<ExecutionEnvironment> retired = new ArrayList<>();
        idle.keySet().removeIf(environment -> {
            boolean old = deleted || environment.deployment() != deployment;
            if (old) {
                retired.add(environment);
            }
            return old;
        });
        return retired;
    }
}
