package dev.dslab.shell.lambda;

import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.local.LocalTarget;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.Targets;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The learner's event source mappings: `lambda esm list` (those whose function is the learner's) and
 * `lambda esm describe <uuid>`: the mapping's settings and state as Lambda reports them, and on the local
 * target each shard's position (checkpoint) and counts from the daemon's lambda/esm control.
 */
@Component
public class LambdaEsmCommands {

    private static final String GROUP = "Lambda";
    private static final String LEARNER_HELP = "whose mappings (default: $DSLAB_LEARNER, else your user name)";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final DslabProperties properties;
    private final Targets targets;

    public LambdaEsmCommands(DslabProperties properties, Targets targets) {
        this.properties = properties;
        this.targets = targets;
    }

    @Command(name = {"lambda", "esm", "list"}, group = GROUP,
            description = "Your event source mappings: UUID, function, stream, state, batch size, last result")
    public void list(CommandContext context,
                     @Option(longName = "learner", description = LEARNER_HELP) String learnerOption,
                     @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        String prefix = "dslab-" + learner + "-";
        List<EventSourceMappingConfiguration> mine = LambdaAccess.withLambda(targets, targetName, lambda -> lambda.listEventSourceMappingsPaginator(r -> { })
                .eventSourceMappings().stream().filter(mapping -> functionName(mapping.functionArn()).startsWith(prefix)).toList());
        if (mine.isEmpty()) {
            out.println("No event source mappings of " + learner + "'s functions; an experiment such as lambda-kinesis-esm creates one,"
                    + " or 'aws lambda create-event-source-mapping'.");
            out.flush();
            return;
        }
        Table table = new Table("UUID", "FUNCTION", "SOURCE", "STATE", "BATCH", "LAST RESULT");
        for (EventSourceMappingConfiguration mapping : mine) {
            table.row(mapping.uuid(), functionName(mapping.functionArn()), source(mapping.eventSourceArn()), mapping.state(),
                    mapping.batchSize(), mapping.lastProcessingResult());
        }
        out.print(table.render(""));
        out.println("'lambda esm describe <uuid>' shows one mapping's settings and, on the local target, its shards.");
        out.flush();
    }

    @Command(name = {"lambda", "esm", "describe"}, group = GROUP,
            description = "One event source mapping: its settings, state and, on the local target, each shard's checkpoint and counts")
    public void describe(CommandContext context,
                         @Argument(index = 0, description = "the mapping's UUID ('lambda esm list' shows them)") String uuid,
                         @Option(longName = "target", description = "where: local", defaultValue = Targets.DEFAULT) String targetName) {
        if (uuid == null || !uuid.matches(UUID_PATTERN)) {
            throw new UsageException("which mapping? give its UUID, e.g. 'lambda esm describe 6d2c0b7e-...'; 'lambda esm list' shows them"
                    + (uuid == null ? "" : "; '" + uuid + "' is not a UUID"));
        }
        PrintWriter out = context.outputWriter();
        GetEventSourceMappingResponse mapping = LambdaAccess.withLambda(targets, targetName, lambda -> {
            try {
                return lambda.getEventSourceMapping(r -> r.uuid(uuid));
            } catch (ResourceNotFoundException missing) {
                throw new DslabException("no event source mapping " + uuid + " on the target; 'lambda esm list' shows yours");
            }
        });
        Table settings = new Table("SETTING", "VALUE");
        settings.row("function", mapping.functionArn());
        settings.row("source", mapping.eventSourceArn());
        settings.row("state", mapping.state() + " (" + mapping.stateTransitionReason() + ")");
        settings.row("last result", mapping.lastProcessingResult());
        settings.row("starting position", mapping.startingPositionAsString()
                + (mapping.startingPositionTimestamp() == null ? "" : " " + mapping.startingPositionTimestamp()));
        settings.row("batch size", mapping.batchSize());
        settings.row("batching window", mapping.maximumBatchingWindowInSeconds() + " s");
        settings.row("parallelization factor", mapping.parallelizationFactor());
        settings.row("bisect on error", mapping.bisectBatchOnFunctionError());
        settings.row("maximum retries", mapping.maximumRetryAttempts() == -1 ? "-1 (until the record expires)" : mapping.maximumRetryAttempts());
        settings.row("maximum record age", mapping.maximumRecordAgeInSeconds() == -1 ? "-1 (no limit)" : mapping.maximumRecordAgeInSeconds() + " s");
        settings.row("report batch item failures", mapping.functionResponseTypesAsStrings().contains("ReportBatchItemFailures"));
        settings.row("tumbling window", mapping.tumblingWindowInSeconds() == 0 ? "none" : mapping.tumblingWindowInSeconds() + " s");
        String destination = mapping.destinationConfig() == null || mapping.destinationConfig().onFailure() == null
                ? null : mapping.destinationConfig().onFailure().destination();
        settings.row("on-failure destination", destination == null ? "none (discarded records are dropped)" : destination);
        out.print(settings.render(""));
        Target target = targets.resolve(targetName);
        if (target instanceof LocalTarget local) {
            printShards(out, local, uuid);
        }
        out.flush();
    }

    private static void printShards(PrintWriter out, LocalTarget local, String uuid) {
        Object mappings = local.control("lambda/esm", null).get("EventSourceMappings");
        Map<?, ?> found = null;
        if (mappings instanceof List<?> list) {
            for (Object each : list) {
                if (each instanceof Map<?, ?> candidate && uuid.equals(candidate.get("UUID"))) {
                    found = candidate;
                }
            }
        }
        List<?> shards = found != null && found.get("Shards") instanceof List<?> list ? list : List.of();
        if (shards.isEmpty()) {
            out.println("No shard read yet (the mapping is starting, disabled, or its stream has no shard).");
            return;
        }
        out.println();
        Table table = new Table("SHARD", "STATE", "CHECKPOINT", "READ", "OK", "INVOKES", "ERRORS", "PARTIAL", "RETRIES", "BISECTS",
                "DISCARDED", "THROTTLED", "BEHIND");
        for (Object each : shards) {
            Map<?, ?> shard = (Map<?, ?>) each;
            Object checkpoint = shard.get("checkpoint");
            table.row(shard.get("shardId"), shard.get("state"), checkpoint == null ? "-" : abbreviate(checkpoint.toString()),
                    shard.get("recordsRead"), shard.get("recordsSucceeded"), shard.get("invocations"), shard.get("functionErrors"),
                    shard.get("partialFailures"), shard.get("retries"), shard.get("bisections"), shard.get("recordsDiscarded"),
                    shard.get("throttles"), shard.get("millisBehindLatest") + " ms");
        }
        out.print(table.render(""));
        out.println("CHECKPOINT: the last sequence number below which every record is done (processed or discarded); a restart resumes after it.");
    }

    /** A 56-digit sequence number as its first and last digits: enough to tell two apart in a table. */
    private static String abbreviate(String sequenceNumber) {
        return sequenceNumber.length() <= 16 ? sequenceNumber
                : sequenceNumber.substring(0, 6) + "..." + sequenceNumber.substring(sequenceNumber.length() - 8);
    }

    private static String functionName(String arn) {
        int at = arn == null ? -1 : arn.indexOf(":function:");
        return at < 0 ? String.valueOf(arn) : arn.substring(at + ":function:".length()).split(":")[0];
    }

    private static String source(String arn) {
        int slash = arn == null ? -1 : arn.lastIndexOf('/');
        return slash < 0 ? String.valueOf(arn) : arn.substring(slash + 1);
    }

}
