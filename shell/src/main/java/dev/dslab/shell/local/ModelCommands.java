package dev.dslab.shell.local;

import dev.dslab.scenarios.engine.DurationText;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.render.Table;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local target's models, set by hand: DynamoDB's replication (replica and GSI lag, ack mode), faults
 * of its replication group, S3's consistency mode and Kinesis's per-shard limits. Experiments change the same controls for the length
 * of a run; these commands change them until the next change or `local stop`.
 */
@Component
public class ModelCommands {

    private static final String GROUP = "Local target";
    static final String REPLICATION = "dynamodb/replication";
    static final String FAULT = "dynamodb/fault";
    static final String S3_CONSISTENCY = "s3/consistency";
    static final String KINESIS_LIMITS = "kinesis/limits";
    static final List<String> ACK_MODES = List.of("quorum", "leader", "all");
    static final List<String> FAULT_ACTIONS = List.of("isolate-replica", "isolate-leader", "crash-leader", "heal");
    static final List<String> S3_MODES = List.of("strong", "legacy-2019");
    static final List<String> SWITCH = List.of("on", "off");

    private final LocalTarget target;

    public ModelCommands(LocalTarget target) {
        this.target = target;
    }

    @Command(name = {"local", "replication"}, group = GROUP,
            description = "Show or set the local DynamoDB's replication: replica lag, GSI lag, ack mode (no options: show)")
    public void replication(CommandContext context,
                            @Option(longName = "lag-median", description = "median lag of a follower replica, e.g. 20ms") String lagMedian,
                            @Option(longName = "lag-p99", description = "99th percentile of the replica lag, e.g. 200ms") String lagP99,
                            @Option(longName = "gsi-lag-median", description = "median lag of a GSI, e.g. 100ms") String gsiLagMedian,
                            @Option(longName = "gsi-lag-p99", description = "99th percentile of the GSI lag, e.g. 1s") String gsiLagP99,
                            @Option(longName = "ack", description = "when a write is acknowledged: quorum, leader or all") String ack,
                            @Option(longName = "election", description = "how long a crashed leader's group is without a leader, e.g. 500ms") String election,
                            @Option(longName = "seed", description = "seed of the lag draws, to repeat them") Long seed) {
        Map<String, Object> changes = new LinkedHashMap<>();
        putMillis(changes, "lagMedianMillis", "--lag-median", lagMedian);
        putMillis(changes, "lagP99Millis", "--lag-p99", lagP99);
        putMillis(changes, "gsiLagMedianMillis", "--gsi-lag-median", gsiLagMedian);
        putMillis(changes, "gsiLagP99Millis", "--gsi-lag-p99", gsiLagP99);
        putMillis(changes, "electionMillis", "--election", election);
        if (ack != null) {
            changes.put("ack", choice("--ack", ack, ACK_MODES));
        }
        if (seed != null) {
            changes.put("seed", seed);
        }
        show(context.outputWriter(), "DynamoDB replication", target.control(REPLICATION, changes.isEmpty() ? null : changes),
                !changes.isEmpty());
    }

    @Command(name = {"local", "fault"}, group = GROUP,
            description = "Inject or heal a fault of the local DynamoDB: local fault dynamodb isolate-replica <n> | isolate-leader | "
                    + "crash-leader | heal (no arguments: show)")
    public void fault(CommandContext context, @Arguments List<String> words) {
        PrintWriter out = context.outputWriter();
        List<String> given = words == null ? List.of() : words;
        if (given.isEmpty()) {
            showGroups(out, target.control(FAULT, null));
            return;
        }
        String usage = "'local fault dynamodb isolate-replica <n>', 'local fault dynamodb isolate-leader', "
                + "'local fault dynamodb crash-leader' or 'local fault dynamodb heal'";
        if (!given.get(0).equals("dynamodb")) {
            throw new UsageException("faults exist for dynamodb only; " + usage);
        }
        if (given.size() < 2) {
            throw new UsageException("which fault? " + usage);
        }
        String action = choice("the fault", given.get(1), FAULT_ACTIONS);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("action", action);
        boolean needsReplica = action.equals("isolate-replica");
        if (needsReplica) {
            if (given.size() != 3) {
                throw new UsageException("isolate-replica needs the replica's number: 'local fault dynamodb isolate-replica 2'");
            }
            try {
                request.put("replica", Integer.parseInt(given.get(2)));
            } catch (NumberFormatException notNumber) {
                throw new UsageException("the replica is a number, e.g. 'local fault dynamodb isolate-replica 2'; got '" + given.get(2) + "'");
            }
        } else if (given.size() > 2) {
            throw new UsageException(action + " takes no more arguments; got '" + String.join(" ", given.subList(2, given.size())) + "'");
        }
        Map<String, Object> state = target.control(FAULT, request);
        out.println("Applied " + action + (needsReplica ? " " + request.get("replica") : "") + " to every table's replication group.");
        showGroups(out, state);
    }

    /** Each table's replication group: its replicas, who leads, who is reachable, how far each has applied the log. */
    private static void showGroups(PrintWriter out, Map<String, Object> state) {
        Map<?, ?> tables = state.get("tables") instanceof Map<?, ?> map ? map : Map.of();
        if (tables.isEmpty()) {
            out.println("No DynamoDB tables on the local target yet; a fault applies to every table's replication group.");
            out.flush();
            return;
        }
        Table table = new Table("TABLE", "REPLICA", "ROLE", "REACHABLE", "APPLIED");
        tables.forEach((name, group) -> {
            Map<?, ?> groupState = (Map<?, ?>) group;
            if (groupState.get("leader") == null) {
                table.row(name, "-", "no leader (election pending)", "-", "-");
            }
            for (Object member : (List<?>) groupState.get("replicas")) {
                Map<?, ?> replica = (Map<?, ?>) member;
                table.row(name, replica.get("replica"), replica.get("role"), Boolean.TRUE.equals(replica.get("reachable")) ? "yes" : "no",
                        replica.get("appliedSeq"));
            }
            if (groupState.get("gsiAppliedSeq") != null) {
                table.row(name, "gsi", "index", "-", groupState.get("gsiAppliedSeq"));
            }
        });
        out.print(table.render("  "));
        out.flush();
    }

    @Command(name = {"local", "s3-consistency"}, group = GROUP,
            description = "Show or set the local S3's consistency: strong (S3 since December 2020) or legacy-2019 (no arguments: show)")
    public void s3Consistency(CommandContext context, @Arguments List<String> words,
                              @Option(longName = "lag-median", description = "legacy-2019: median time a change stays invisible, e.g. 200ms") String lagMedian,
                              @Option(longName = "lag-p99", description = "legacy-2019: its 99th percentile, e.g. 2s") String lagP99,
                              @Option(longName = "seed", description = "seed of the lag draws, to repeat them") Long seed) {
        List<String> given = words == null ? List.of() : words;
        if (given.size() > 1) {
            throw new UsageException("one mode at most: strong or legacy-2019; got '" + String.join(" ", given) + "'");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!given.isEmpty()) {
            changes.put("mode", choice("the mode", given.get(0), S3_MODES));
        }
        putMillis(changes, "lagMedianMillis", "--lag-median", lagMedian);
        putMillis(changes, "lagP99Millis", "--lag-p99", lagP99);
        if (seed != null) {
            changes.put("seed", seed);
        }
        show(context.outputWriter(), "S3 consistency", target.control(S3_CONSISTENCY, changes.isEmpty() ? null : changes),
                !changes.isEmpty());
    }

    @Command(name = {"local", "kinesis-limits"}, group = GROUP,
            description = "Show or switch the local Kinesis's per-shard limits: on or off (no argument: show them and each shard's "
                    + "accepted and throttled puts and gets)")
    public void kinesisLimits(CommandContext context, @Arguments List<String> words) {
        List<String> given = words == null ? List.of() : words;
        if (given.size() > 1) {
            throw new UsageException("one setting at most: on or off; got '" + String.join(" ", given) + "'");
        }
        Map<String, Object> changes = given.isEmpty() ? null : Map.of("enabled", choice("the setting", given.get(0), SWITCH).equals("on"));
        Map<String, Object> state = target.control(KINESIS_LIMITS, changes);
        PrintWriter out = context.outputWriter();
        boolean on = Boolean.TRUE.equals(state.get("enabled"));
        out.println("Kinesis limits" + (changes == null ? ": " : " now: ") + (on
                ? "on (per shard: 1,000 records and 1 MiB per second in, 5 GetRecords calls and 2 MiB per second out)"
                : "off (nothing is throttled; the counters go on)"));
        List<?> shards = state.get("shards") instanceof List<?> list ? list : List.of();
        if (shards.isEmpty()) {
            out.println("No shard has been written or read through the local target yet.");
            out.flush();
            return;
        }
        Table table = new Table("STREAM", "SHARD", "PUTS", "THROTTLED", "GETS", "THROTTLED", "MiB IN", "MiB OUT");
        for (Object entry : shards) {
            Map<?, ?> shard = (Map<?, ?>) entry;
            table.row(shard.get("stream"), shard.get("shardId"), shard.get("putsAccepted"), shard.get("putsThrottled"),
                    shard.get("getsAccepted"), shard.get("getsThrottled"), mebibytes(shard.get("bytesWritten")), mebibytes(shard.get("bytesRead")));
        }
        out.print(table.render("  "));
        out.flush();
    }

    private static String mebibytes(Object bytes) {
        return bytes instanceof Number number ? String.format(Locale.ROOT, "%.2f", number.doubleValue() / (1024 * 1024)) : "-";
    }

    private static void putMillis(Map<String, Object> changes, String field, String option, String typed) {
        if (typed == null) {
            return;
        }
        try {
            changes.put(field, Math.round(DurationText.millis(typed)));
        } catch (IllegalArgumentException notDuration) {
            throw new UsageException(option + ": " + notDuration.getMessage());
        }
    }

    private static String choice(String what, String typed, List<String> allowed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new UsageException("unknown value '" + typed + "' for " + what + "; allowed: " + String.join(", ", allowed));
        }
        return lower;
    }

    /** Settings as the learner types them: option names, durations with units. */
    private static void show(PrintWriter out, String title, Map<String, Object> settings, boolean changed) {
        out.println(title + (changed ? " now:" : ":"));
        Table table = new Table("SETTING", "VALUE");
        settings.forEach((field, value) -> table.row(optionName(field), formatted(field, value)));
        out.print(table.render("  "));
        out.flush();
    }

    static String optionName(String field) {
        String base = field.endsWith("Millis") ? field.substring(0, field.length() - "Millis".length()) : field;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String formatted(String field, Object value) {
        if (field.endsWith("Millis") && value instanceof Number millis) {
            return DurationText.format(millis.doubleValue());
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : list.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
        }
        return String.valueOf(value);
    }
}
