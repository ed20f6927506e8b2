package dev.dslab.shell.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.local.LocalTargetClient;
import dev.dslab.local.LocalTargetContext;
import dev.dslab.local.LocalTargetException;
import dev.dslab.local.LocalTargetStatus;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.TargetConnection;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The embedded local target: a daemon under $DSLAB_HOME/local that outlives one-shot commands. */
@Component
public class LocalTarget implements Target {

    public static final String NOT_RUNNING = "the local target is not running; 'local start' starts it ('sandbox up' starts it "
            + "and provisions your sandbox)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SETTINGS = new TypeReference<>() { };

    private final DslabProperties properties;
    private final LocalTargetClient client;

    public LocalTarget(DslabProperties properties) {
        this.properties = properties;
        this.client = new LocalTargetClient(properties.home().resolve("local"));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public TargetConnection connect(PrintWriter progress) {
        try {
            if (!client.isRunning()) {
                progress.println("  starting the local target (DynamoDB, Kinesis, S3, Lambda, CloudFormation) ...");
                progress.flush();
            }
            return connection(client.ensureRunning(properties.local().portOrDefault()).edge());
        } catch (LocalTargetException failure) {
            throw new DslabException(failure.getMessage(), failure);
        }
    }

    @Override
    public Optional<TargetConnection> ifReachable() {
        return status().map(status -> connection(status.edge()));
    }

    @Override
    public TargetConnection plannedConnection() {
        int port = properties.local().portOrDefault();
        if (port == 0) {
            throw new DslabException("the local target is not running and DSLAB_LOCAL_PORT=0 picks its port when it "
                    + "starts; run 'sandbox up' first");
        }
        return connection(URI.create("http://127.0.0.1:" + port));
    }

    /** The running daemon's status, if one runs. */
    public Optional<LocalTargetStatus> status() {
        try {
            return client.isRunning() ? Optional.of(client.status()) : Optional.empty();
        } catch (LocalTargetException stoppedMeanwhile) {
            return Optional.empty();
        }
    }

    /**
     * Reads ({@code settings} null) or changes one model control of the running daemon, e.g.
     * "dynamodb/replication", and returns all its settings as they are now.
     *
     * @throws DslabException one line: the target is not running, or the daemon's reason for refusing
     */
    public Map<String, Object> control(String path, Map<String, Object> settings) {
        if (!client.isRunning()) {
            throw new DslabException(NOT_RUNNING);
        }
        try {
            return JSON.convertValue(client.control(path, settings), SETTINGS);
        } catch (LocalTargetException refused) {
            throw new DslabException(refused.getMessage(), refused);
        }
    }

    /** The daemon's home: its state, logs, and each Lambda function's log streams under lambda/logs. */
    public java.nio.file.Path home() {
        return client.home();
    }

    /** What {@link #reset()} did: whether a daemon was stopped, and the state folders it deleted. */
    public record Reset(boolean wasRunning, List<java.nio.file.Path> deleted) {
    }

    /** Stops the daemon if it runs, then deletes every state folder of the target (its sandboxes). */
    public Reset reset() {
        try {
            boolean wasRunning = client.stop();
            return new Reset(wasRunning, client.deleteState());
        } catch (LocalTargetException failure) {
            throw new DslabException(failure.getMessage(), failure);
        }
    }

    /** Stops the daemon and every process it started; false when none was running. */
    public boolean stop() {
        try {
            return client.stop();
        } catch (LocalTargetException failure) {
            throw new DslabException(failure.getMessage(), failure);
        }
    }

    private static TargetConnection connection(URI edge) {
        return new TargetConnection("local", edge, Region.of(LocalTargetContext.DEFAULT_REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        LocalTargetContext.ACCESS_KEY_ID, LocalTargetContext.SECRET_ACCESS_KEY)),
                LocalTargetContext.DEFAULT_ACCOUNT_ID);
    }
}
