package dev.dslab.local.cloudformation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dslab.local.cloudformation.CloudFormationException;
import dev.dslab.local.cloudformation.provider.ResourceProviders;
import dev.dslab.local.cloudformation.template.ResourceDeclaration;
import dev.dslab.local.cloudformation.template.Template;
import dev.dslab.local.cloudformation.template.TemplateParser;
import dev.dslab.local.state.JsonFiles;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CreateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.DeleteStackRequest;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateParameter;
import software.amazon.awssdk.services.cloudformation.model.UpdateStackRequest;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;

/**
 * The CloudFormation engine of the local target, independent of the wire protocol. API calls validate
 * and return at once (as CloudFormation's do); the work runs in the background and clients poll the
 * stack's status and events. Operations on one stack run one after another.
 */
public final class StackEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StackEngine.class.getName());
    private static final Set<StackStatus> UPDATABLE = Set.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE);

    private final String region;
    private final String accountId;
    private final Planner planner;
    private final ExecutorService executor;
    private final StackOperations operations;
    private final Exports exports = new Exports();
    private final List<StackRecord> stacks = new CopyOnWriteArrayList<>();
    private final Path stackFolder;

    /** An engine whose stacks live as long as it does (tests of the engine and the protocol). */
    public StackEngine(ResourceProviders providers, String region, String accountId) {
        this(providers, region, accountId, null);
    }

    /**
     * @param stackFolder where each stack is kept as a file, rewritten at every change of its record, and
     *                    read back here: the stacks outlive the daemon (null: they do not)
     */
    public StackEngine(ResourceProviders providers, String region, String accountId, Path stackFolder) {
        this.stackFolder = stackFolder;
        this.region = region;
        this.accountId = accountId;
        this.planner = new Planner(region, accountId);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "cloudformation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.operations = new StackOperations(new EngineContext(providers, executor, region, accountId, exports));
        if (stackFolder != null) {
            restoreStacks();
        }
    }

    private void restoreStacks() {
        for (StoredStack stored : JsonFiles.readAll(stackFolder, ".json", StoredStack.class)) {
            StackRecord stack = stored.restore(region, accountId, this::save);
            stacks.add(stack);
            Map<String, String> exported = new LinkedHashMap<>();
            stack.outputs().stream().filter(output -> output.exportName() != null)
                    .forEach(output -> exported.put(output.exportName(), output.outputValue()));
            exports.publish(stack.stackId, exported);
            save(stack);
        }
        stacks.sort(Comparator.comparing(stack -> stack.creationTime));
        if (!stacks.isEmpty()) {
            LOG.info("restored " + stacks.size() + " stack(s): " + stacks.stream().map(stack -> stack.stackName + " "
                    + stack.status()).toList());
        }
    }

    /** Called by a record at each change, holding its lock: the file follows the record; a deleted stack's goes. */
    private void save(StackRecord stack) {
        if (stackFolder == null || stack.status() == null) {
            return; // not kept, or still being set up by createStack, which sets its status next
        }
        Path file = stackFolder.resolve(stack.stackId.substring(stack.stackId.lastIndexOf('/') + 1) + ".json");
        if (stack.isDeleted()) {
            JsonFiles.delete(file);
        } else {
            JsonFiles.write(file, StoredStack.of(stack));
        }
    }

    public String createStack(CreateStackRequest request) {
        rejectUnmodelled(Map.of("TimeoutInMinutes", request.timeoutInMinutes() != null,
                "NotificationARNs", request.hasNotificationARNs() && !request.notificationARNs().isEmpty(),
                "RoleARN", request.roleARN() != null,
                "StackPolicyBody", request.stackPolicyBody() != null || request.stackPolicyURL() != null,
                "RollbackConfiguration", request.rollbackConfiguration() != null,
                "ResourceTypes", request.hasResourceTypes() && !request.resourceTypes().isEmpty(),
                "EnableTerminationProtection", Boolean.TRUE.equals(request.enableTerminationProtection()),
                "RetainExceptOnCreate", Boolean.TRUE.equals(request.retainExceptOnCreate())));
        String name = request.stackName();
        if (name == null || !name.matches("[a-zA-Z][-a-zA-Z0-9]{0,127}")) {
            throw CloudFormationException.validation("1 validation error detected: Value '" + name
                    + "' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
        }
        String body = templateBody(request.templateBody(), request.templateURL());
        Template template = TemplateParser.parse(body);
        StackRecord.Deployment deployment = new StackRecord.Deployment(template, body, Map.of(), request.tags(),
                request.capabilities());
        boolean disableRollback = Boolean.TRUE.equals(request.disableRollback());
        OnFailure onFailure = request.onFailure() != null ? request.onFailure()
                : disableRollback ? OnFailure.DO_NOTHING : OnFailure.ROLLBACK;
        StackRecord stack;
        Plan plan;
        synchronized (stacks) {
            if (findLive(name) != null) {
                throw CloudFormationException.alreadyExists(name);
            }
            stack = new StackRecord(name, region, accountId, deployment, disableRollback, this::save);
            plan = planner.plan(template, body, name, stack.stackId, request.parameters(), Map.of(),
                    request.capabilities());
            stack.deployment(new StackRecord.Deployment(template, body, plan.parameters(), request.tags(),
                    request.capabilities()));
            stack.status(StackStatus.CREATE_IN_PROGRESS, "User Initiated");
            stacks.add(stack);
        }
        runInBackground(stack, () -> operations.create(stack, plan, onFailure));
        return stack.stackId;
    }

    public String updateStack(UpdateStackRequest request) {
        rejectUnmodelled(Map.of("NotificationARNs", request.hasNotificationARNs() && !request.notificationARNs().isEmpty(),
                "RoleARN", request.roleARN() != null,
                "StackPolicyBody", request.stackPolicyBody() != null || request.stackPolicyURL() != null
                        || request.stackPolicyDuringUpdateBody() != null || request.stackPolicyDuringUpdateURL() != null,
                "RollbackConfiguration", request.rollbackConfiguration() != null,
                "ResourceTypes", request.hasResourceTypes() && !request.resourceTypes().isEmpty(),
                "DisableRollback", Boolean.TRUE.equals(request.disableRollback()),
                "RetainExceptOnCreate", Boolean.TRUE.equals(request.retainExceptOnCreate())));
        StackRecord stack = find(request.stackName());
        if (stack == null || stack.isDeleted()) {
            throw CloudFormationException.validation("Stack [" + request.stackName() + "] does not exist");
        }
        StackRecord.Deployment current = stack.deployment();
        if (!UPDATABLE.contains(stack.status())) {
            throw CloudFormationException.validation("Stack:" + stack.stackId + " is in " + stack.status()
                    + " state and can not be updated.");
        }
        boolean previousTemplate = Boolean.TRUE.equals(request.usePreviousTemplate());
        String body = previousTemplate ? current.templateBody()
                : templateBody(request.templateBody(), request.templateURL());
        Template template = previousTemplate ? current.template() : TemplateParser.parse(body);
        Plan plan = planner.plan(template, body, stack.stackName, stack.stackId, request.parameters(),
                current.parameters(), request.capabilities());
        List<Tag> tags = request.hasTags() ? request.tags() : current.tags();
        boolean unchanged = sameTemplate(template.body(), current.template().body())
                && plan.parameters().equals(current.parameters()) && new HashSet<>(tags).equals(new HashSet<>(current.tags()));
        if (unchanged) {
            throw CloudFormationException.validation("No updates are to be performed.");
        }
        StackRecord.Deployment next = new StackRecord.Deployment(template, body, plan.parameters(), tags,
                request.capabilities());
        synchronized (stack) {
            if (!UPDATABLE.contains(stack.status())) {
                throw CloudFormationException.validation("Stack:" + stack.stackId + " is in " + stack.status()
                        + " state and can not be updated.");
            }
            stack.status(StackStatus.UPDATE_IN_PROGRESS, "User Initiated");
        }
        runInBackground(stack, () -> operations.update(stack, plan, next));
        return stack.stackId;
    }

    /** Request settings the engine does not model: refused, rather than silently ignored. */
    private static void rejectUnmodelled(Map<String, Boolean> settings) {
        Set<String> used = new TreeSet<>();
        settings.forEach((name, set) -> {
            if (set) {
                used.add(name);
            }
        });
        if (!used.isEmpty()) {
            throw CloudFormationException.validation(used + " not supported by the dslab local target");
        }
    }

    private static boolean sameTemplate(ObjectNode a, ObjectNode b) {
        return a.equals(b);
    }

    /** Starts deleting a stack; deleting a stack that does not exist succeeds, as in CloudFormation. */
    public void deleteStack(DeleteStackRequest request) {
        StackRecord stack = find(request.stackName());
        if (stack == null || stack.isDeleted()) {
            return;
        }
        Set<String> retain = new HashSet<>(request.retainResources());
        if (!retain.isEmpty() && stack.status() != StackStatus.DELETE_FAILED) {
            throw CloudFormationException.validation("Invalid operation on stack " + stack.stackId
                    + ". RetainResources is only valid for stacks in DELETE_FAILED state");
        }
        exports.requireNoneInUse(stack.stackId);
        runInBackground(stack, () -> {
            if (stack.isDeleted()) {
                return;
            }
            stack.status(StackStatus.DELETE_IN_PROGRESS, "User Initiated");
            operations.delete(stack, retain);
        });
    }

    private void runInBackground(StackRecord stack, StackWork work) {
        stack.enqueue(() -> {
            try {
                work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "stack operation on " + stack.stackName + " failed unexpectedly", e);
            }
        }, executor);
    }

    private interface StackWork {
        void run() throws InterruptedException;
    }

    /** One stack (by name: live stacks only; by stack id: also deleted ones), or all live stacks. */
    public List<Stack> describeStacks(String nameOrId) {
        if (nameOrId == null) {
            return stacks.stream().filter(stack -> !stack.isDeleted()).map(StackRecord::toStack).toList();
        }
        return List.of(required(nameOrId).toStack());
    }

    public List<StackEvent> describeStackEvents(String nameOrId) {
        return required(nameOrId).events();
    }

    public List<StackResource> describeStackResources(String nameOrId, String logicalId) {
        StackRecord stack = required(nameOrId);
        return stack.resources().stream()
                .filter(resource -> logicalId == null || resource.logicalId.equals(logicalId))
                .map(resource -> resource.toStackResource(stack)).toList();
    }

    public StackResourceDetail describeStackResource(String nameOrId, String logicalId) {
        StackRecord stack = required(nameOrId);
        ResourceState resource = stack.resource(logicalId);
        if (resource == null) {
            throw CloudFormationException.validation("Resource " + logicalId + " does not exist for stack "
                    + stack.stackName);
        }
        return resource.toDetail(stack);
    }

    public List<StackResourceSummary> listStackResources(String nameOrId) {
        return required(nameOrId).resources().stream().map(ResourceState::toSummary).toList();
    }

    /** Every stack, deleted ones included, newest first, optionally only those in the given statuses. */
    public List<StackSummary> listStacks(List<String> statusFilter) {
        List<StackSummary> summaries = new ArrayList<>();
        for (int i = stacks.size() - 1; i >= 0; i--) {
            StackRecord stack = stacks.get(i);
            if (statusFilter.isEmpty() || statusFilter.contains(stack.status().toString())) {
                summaries.add(stack.toSummary());
            }
        }
        return summaries;
    }

    public String getTemplate(String nameOrId) {
        return required(nameOrId).deployment().templateBody();
    }

    public ValidateTemplateResponse validateTemplate(String templateBody, String templateUrl) {
        Template template = TemplateParser.parse(templateBody(templateBody, templateUrl));
        List<TemplateParameter> parameters = template.parameters().values().stream()
                .map(p -> TemplateParameter.builder().parameterKey(p.name()).defaultValue(p.defaultValue())
                        .noEcho(p.noEcho()).description(p.description()).build())
                .toList();
        Capability required = Planner.requiredCapability(template, template.resources().keySet());
        List<String> iamTypes = template.resources().values().stream().map(ResourceDeclaration::type)
                .filter(type -> type.startsWith("AWS::IAM::")).distinct().toList();
        return ValidateTemplateResponse.builder().parameters(parameters).description(template.description())
                .capabilities(required == null ? List.of() : List.of(required))
                .capabilitiesReason(required == null ? null
                        : "The following resource(s) require capabilities: " + iamTypes)
                .build();
    }

    public List<Export> listExports() {
        return exports.list();
    }

    private static String templateBody(String body, String url) {
        if (url != null) {
            throw CloudFormationException.validation("TemplateURL is not supported by the dslab local target; "
                    + "pass the template as TemplateBody");
        }
        if (body == null) {
            throw CloudFormationException.validation("Either Template URL or Template Body must be specified.");
        }
        return body;
    }

    private StackRecord required(String nameOrId) {
        StackRecord stack = find(nameOrId);
        if (stack == null || (stack.isDeleted() && !nameOrId.startsWith("arn:"))) {
            throw CloudFormationException.stackNotFound(nameOrId);
        }
        return stack;
    }

    /** By stack id: any stack, deleted too; by name: the live stack of that name. */
    private StackRecord find(String nameOrId) {
        if (nameOrId == null) {
            return null;
        }
        if (nameOrId.startsWith("arn:")) {
            return stacks.stream().filter(stack -> stack.stackId.equals(nameOrId)).findFirst().orElse(null);
        }
        return findLive(nameOrId);
    }

    private StackRecord findLive(String name) {
        return stacks.stream().filter(stack -> stack.stackName.equals(name) && !stack.isDeleted())
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
