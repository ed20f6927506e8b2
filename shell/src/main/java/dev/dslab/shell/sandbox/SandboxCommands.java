package dev.dslab.shell.sandbox;

import dev.dslab.cdk.SynthesizedApp;
import dev.dslab.cdk.SynthesizedStack;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.experiment.LeftoverSweep;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.SandboxRecord;
import dev.dslab.shell.store.SandboxStatus;
import dev.dslab.shell.target.Target;
import dev.dslab.shell.target.TargetConnection;
import dev.dslab.shell.target.Targets;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The learner's sandbox: their own CDK stacks on a target. */
@Component
public class SandboxCommands {

    static final String LEARNER_TAG = "dslab:learner";
    private static final String GROUP = "Sandbox";

    private final DslabProperties properties;
    private final Targets targets;
    private final SandboxDefinitions definitions;
    private final LearnerStore store;
    private final LeftoverSweep leftovers;

    public SandboxCommands(DslabProperties properties, Targets targets, SandboxDefinitions definitions, LearnerStore store,
                           LeftoverSweep leftovers) {
        this.leftovers = leftovers;
        this.properties = properties;
        this.targets = targets;
        this.definitions = definitions;
        this.store = store;
    }

    @Command(name = {"sandbox", "up"}, group = GROUP,
            description = "Provision or update your sandbox stack (DynamoDB, S3, Kinesis, Lambda) on the target")
    public void up(CommandContext context,
                   @Option(longName = "learner", description = "whose sandbox (default: $DSLAB_LEARNER, else your user name)") String learnerOption,
                   @Option(longName = "target", description = "where it lives: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        Target target = targets.resolve(targetName);
        Instant start = Instant.now();
        out.println("Sandbox of " + learner + " on " + target.name());
        TargetConnection connection = target.connect(out);
        SynthesizedApp definition = definitions.forLearner(learner, out);
        List<String> stackNames = definition.stacks().stream().map(SynthesizedStack::stackName).toList();
        store.recordSandbox(learner, target.name(), SandboxStatus.PROVISIONING, stackNames, null);
        List<DeployOutcome> outcomes = new ArrayList<>();
        try (CloudFormationClient cloudFormation = connection.cloudFormation(); S3Client s3 = connection.s3()) {
            StackDeployer deployer = new StackDeployer(cloudFormation, s3, connection.region().id(), out);
            deployer.uploadAssets(definition.fileAssets(), connection.accountId());
            for (SynthesizedStack stack : definition.stacks()) {
                out.println("  deploying " + stack.stackName());
                out.flush();
                outcomes.add(deployer.deploy(stack));
            }
        } catch (RuntimeException failure) {
            store.recordSandbox(learner, target.name(), SandboxStatus.FAILED, stackNames, failure.getMessage());
            throw translate(failure, target);
        }
        store.recordSandbox(learner, target.name(), SandboxStatus.READY, stackNames, null);
        for (DeployOutcome outcome : outcomes) {
            out.println(outcome.stack() + ": " + switch (outcome.change()) {
                case CREATED -> "created";
                case UPDATED -> "updated";
                case NO_CHANGES -> "no changes";
            });
            Table table = new Table("OUTPUT", "VALUE");
            new TreeMap<>(outcome.outputs()).forEach(table::row);
            if (!table.isEmpty()) {
                out.print(table.render("  "));
            }
        }
        leftovers.sweep(connection, learner, out);
        out.printf("Ready in %.1f s. 'sandbox env' prints the settings for the AWS CLI and SDKs.%n", seconds(start));
    }

    @Command(name = {"sandbox", "status"}, group = GROUP,
            description = "Your sandbox's stacks and each resource: type, logical id, physical name, state")
    public void status(CommandContext context,
                       @Option(longName = "learner", description = "whose sandbox (default: $DSLAB_LEARNER, else your user name)") String learnerOption,
                       @Option(longName = "target", description = "where it lives: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        Target target = targets.resolve(targetName);
        Optional<TargetConnection> connection = target.ifReachable();
        Optional<SandboxRecord> record = store.sandbox(learner, target.name());
        if (connection.isEmpty()) {
            out.println(record.filter(r -> r.status() != SandboxStatus.DELETED)
                    .map(r -> "The " + target.name() + " target is not running; it keeps the sandbox of " + learner + " ("
                            + String.join(", ", r.stacks()) + ", " + recorded(r) + ") for its next start: 'local start' starts it.")
                    .orElse("No sandbox of " + learner + " on " + target.name() + ": the " + target.name()
                            + " target is not running; 'sandbox up' starts it and creates one."));
            return;
        }
        try (CloudFormationClient cloudFormation = connection.get().cloudFormation()) {
            List<Stack> stacks = learnerStacks(cloudFormation, learner);
            if (stacks.isEmpty()) {
                out.println("No sandbox of " + learner + " on " + target.name() + "; 'sandbox up' creates it.");
                return;
            }
            for (Stack stack : stacks) {
                out.println(stack.stackName() + "  " + stack.stackStatusAsString() + "  (since "
                        + Optional.ofNullable(stack.lastUpdatedTime()).orElse(stack.creationTime()) + ")");
                Table resources = new Table("TYPE", "LOGICAL ID", "PHYSICAL NAME", "STATE");
                cloudFormation.listStackResourcesPaginator(list -> list.stackName(stack.stackName()))
                        .stackResourceSummaries().stream()
                        .sorted(Comparator.comparing(StackResourceSummary::resourceType).thenComparing(StackResourceSummary::logicalResourceId))
                        .forEach(r -> resources.row(r.resourceType(), r.logicalResourceId(), r.physicalResourceId(),
                                r.resourceStatusAsString()));
                out.print(resources.render("  "));
            }
        } catch (SdkException failure) {
            throw translate(failure, target);
        }
    }

    @Command(name = {"sandbox", "env"}, group = GROUP,
            description = "Shell exports that point the AWS CLI and SDKs at the target: eval \"$(dslab sandbox env)\"")
    public void env(CommandContext context,
                    @Option(longName = "learner", description = "whose sandbox (default: $DSLAB_LEARNER, else your user name)") String learnerOption,
                    @Option(longName = "target", description = "where it lives: local", defaultValue = Targets.DEFAULT) String targetName) {
        LearnerName learner = learner(learnerOption);
        Target target = targets.resolve(targetName);
        context.outputWriter().print(new SandboxEnvironment(target, learner).render());
    }

    @Command(name = {"sandbox", "list"}, group = GROUP, description = "Every learner's sandbox on the target")
    public void list(CommandContext context,
                     @Option(longName = "target", description = "where they live: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        Target target = targets.resolve(targetName);
        Map<String, List<String>> live = new TreeMap<>();
        Map<String, String> liveStatus = new TreeMap<>();
        Optional<TargetConnection> connection = target.ifReachable();
        if (connection.isPresent()) {
            try (CloudFormationClient cloudFormation = connection.get().cloudFormation()) {
                for (Stack stack : cloudFormation.describeStacksPaginator(d -> { }).stacks()) {
                    stack.tags().stream().filter(tag -> tag.key().equals(LEARNER_TAG)).findFirst().ifPresent(tag -> {
                        live.computeIfAbsent(tag.value(), k -> new ArrayList<>()).add(stack.stackName());
                        liveStatus.merge(tag.value(), stack.stackStatusAsString(), (a, b) -> a.equals(b) ? a : a + "," + b);
                    });
                }
            } catch (SdkException failure) {
                throw translate(failure, target);
            }
        }
        Table table = new Table("LEARNER", "STACKS", "STATUS", "RECORDED");
        Map<String, SandboxRecord> recorded = new TreeMap<>();
        store.sandboxes(target.name()).forEach(r -> recorded.put(r.learner(), r));
        for (String learner : live.keySet()) {
            SandboxRecord record = recorded.remove(learner);
            table.row(learner, String.join(",", live.get(learner)), liveStatus.get(learner),
                    record == null ? "-" : recorded(record));
        }
        recorded.values().stream().filter(r -> r.status() != SandboxStatus.DELETED).forEach(r ->
                table.row(r.learner(), String.join(",", r.stacks()),
                        connection.isPresent() ? "GONE" : "TARGET STOPPED",
                        recorded(r)));
        if (table.isEmpty()) {
            out.println("No sandboxes on " + target.name() + (connection.isPresent() ? "." : " (the target is not running)."));
        } else {
            out.print(table.render(""));
        }
    }

    @Command(name = {"sandbox", "down"}, group = GROUP,
            description = "Delete your sandbox's stacks; afterwards none of its resources remain on the target")
    public void down(CommandContext context,
                     @Option(longName = "learner", description = "whose sandbox (default: $DSLAB_LEARNER, else your user name)") String learnerOption,
                     @Option(longName = "target", description = "where it lives: local", defaultValue = Targets.DEFAULT) String targetName) {
        PrintWriter out = context.outputWriter();
        LearnerName learner = learner(learnerOption);
        Target target = targets.resolve(targetName);
        Instant start = Instant.now();
        Optional<SandboxRecord> record = store.sandbox(learner, target.name());
        // A stopped target keeps its sandboxes: start it to delete this one.
        Optional<TargetConnection> connection = record.filter(r -> r.status() != SandboxStatus.DELETED).isPresent()
                ? Optional.of(target.connect(out)) : target.ifReachable();
        if (connection.isEmpty()) {
            out.println("No sandbox of " + learner + " on " + target.name() + ": the target is not running and holds none of it.");
            return;
        }
        try (CloudFormationClient cloudFormation = connection.get().cloudFormation(); S3Client s3 = connection.get().s3()) {
            List<Stack> stacks = new ArrayList<>(learnerStacks(cloudFormation, learner));
            if (stacks.isEmpty()) {
                record.ifPresent(r -> store.recordSandbox(learner, target.name(), SandboxStatus.DELETED, r.stacks(), null));
                out.println("No sandbox of " + learner + " on " + target.name() + ": nothing to delete.");
                return;
            }
            List<String> names = stacks.stream().map(Stack::stackName).toList();
            store.recordSandbox(learner, target.name(), SandboxStatus.DELETING, names, null);
            StackDeployer deployer = new StackDeployer(cloudFormation, s3, connection.get().region().id(), out);
            // later stacks may use earlier ones: delete in reverse creation order
            stacks.sort(Comparator.comparing(Stack::creationTime).reversed());
            for (Stack stack : stacks) {
                out.println("  deleting " + stack.stackName());
                out.flush();
                deployer.delete(stack.stackName());
            }
            store.recordSandbox(learner, target.name(), SandboxStatus.DELETED, names, null);
            out.printf("Deleted %s in %.1f s.%n", String.join(", ", names), seconds(start));
        } catch (RuntimeException failure) {
            record.ifPresent(r -> store.recordSandbox(learner, target.name(), SandboxStatus.FAILED, r.stacks(), failure.getMessage()));
            throw translate(failure, target);
        }
    }

    private static String recorded(SandboxRecord record) {
        return record.status().name().toLowerCase() + " " + record.updatedAt().truncatedTo(ChronoUnit.SECONDS);
    }

    private LearnerName learner(String option) {
        return LearnerName.resolve(option, properties.learner(), System.getProperty("user.name"));
    }

    static List<Stack> learnerStacks(CloudFormationClient cloudFormation, LearnerName learner) {
        return cloudFormation.describeStacksPaginator(d -> { }).stacks().stream()
                .filter(stack -> stack.tags().stream().anyMatch(tag -> tag.key().equals(LEARNER_TAG) && tag.value().equals(learner.value())))
                .filter(stack -> !stack.stackStatusAsString().equals("DELETE_COMPLETE"))
                .toList();
    }

    private static RuntimeException translate(RuntimeException failure, Target target) {
        if (failure instanceof DslabException known) {
            return known;
        }
        if (failure instanceof SdkException sdk) {
            return new DslabException("the " + target.name() + " target answered: " + sdk.getMessage(), sdk);
        }
        return failure;
    }

    private static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
