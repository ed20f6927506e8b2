package dev.dslab.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dslab.local.admin.AdminException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication groups of every table, the model's settings and its faults. Faults apply to every table
 * at once: the experiments need a whole-target fault. A table created while a fault is in force starts
 * healthy.
 */
final class ReplicationModel {

    private static final Logger log = LoggerFactory.getLogger(ReplicationModel.class);

    private final Dynalite dynalite;
    private final Map<String, ReplicationGroup> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService elections = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dynamodb-elections");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ReplicationSettings settings = ReplicationSettings.DEFAULTS;
    private volatile Random random = new Random(ReplicationSettings.DEFAULTS.seed());

    ReplicationModel(Dynalite dynalite) {
        this.dynalite = dynalite;
    }

    Dynalite dynalite() {
        return dynalite;
    }

    ReplicationSettings settings() {
        return settings;
    }

    Random random() {
        return random;
    }

    ReplicationGroup group(String table) {
        return groups.get(table);
    }

    void add(ReplicationGroup group) {
        ReplicationGroup previous = groups.put(group.schema.name(), group);
        if (previous != null) {
            previous.close();
        }
    }

    void remove(String table) {
        ReplicationGroup group = groups.remove(table);
        if (group != null) {
            group.close();
        }
    }

    /** GET: the settings; POST: changes the fields given (a new seed restarts the random draws). */
    Object replicationEndpoint(String method, JsonNode body) {
        if (method.equals("POST")) {
            ReplicationSettings changed = settings.with(body);
            if (body.has("seed")) {
                random = new Random(changed.seed());
            }
            settings = changed;
            log.info("dynamodb replication settings: {}", changed.toJson());
        }
        return settings.toJson();
    }

    /** GET: each table's group; POST: one fault action, applied to every table. */
    Object faultEndpoint(String method, JsonNode body) {
        if (method.equals("POST")) {
            String action = body.path("action").asText("");
            switch (action) {
                case "isolate-replica" -> {
                    JsonNode replica = body.path("replica");
                    if (!replica.canConvertToInt() || replica.asInt() < 1 || replica.asInt() > 3 || !replica.isIntegralNumber()) {
                        throw AdminException.badRequest("isolate-replica needs \"replica\": 1, 2 or 3 (got "
                                + (replica.isMissingNode() ? "none" : replica.toString()) + ")");
                    }
                    groups.values().forEach(group -> group.isolate(replica.asInt()));
                }
                case "isolate-leader" -> groups.values().forEach(ReplicationGroup::isolateLeader);
                case "crash-leader" -> {
                    groups.values().forEach(ReplicationGroup::crashLeader);
                    long delay = settings.electionMillis();
                    for (ReplicationGroup group : groups.values()) {
                        elections.schedule(() -> electQuietly(group), delay, TimeUnit.MILLISECONDS);
                    }
                }
                case "heal" -> groups.values().forEach(ReplicationGroup::heal);
                default -> throw AdminException.badRequest("unknown fault action '" + action
                        + "'; allowed: isolate-replica (with \"replica\": 1-3), isolate-leader, crash-leader, heal");
            }
            log.info("dynamodb fault: {}", body);
        }
        Map<String, Object> tables = new TreeMap<>();
        groups.forEach((name, group) -> tables.put(name, group.state()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tables", tables);
        return state;
    }

    private static void electQuietly(ReplicationGroup group) {
        try {
            group.elect();
        } catch (RuntimeException failure) {
            log.warn("election of table {} failed: {}", group.schema.name(), failure.toString());
        }
    }

    /** The tables whose followers and GSI table hold exactly what their leader, replica 1, holds. */
    java.util.List<String> tablesInStep() {
        return groups.values().stream().filter(ReplicationGroup::inStep).map(group -> group.schema.name()).sorted().toList();
    }

    void close() {
        elections.shutdownNow();
        groups.values().forEach(ReplicationGroup::close);
    }
}
