package dev.dslab.local.cloudformation.engine;

import dev.dslab.local.cloudformation.provider.ProviderException;
import dev.dslab.local.cloudformation.provider.ProvisionedResource;
import dev.dslab.local.cloudformation.template.DependencyGraph;
import dev.dslab.local.cloudformation.template.ResourceDeclaration;
import dev.dslab.local.cloudformation.template.Template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The asynchronous part of create, update and delete: walks the dependency graph, calls the resource
 * steps and moves the stack through CloudFormation's statuses, including both kinds of rollback.
 */
final class StackOperations {

    private final EngineContext context;

    StackOperations(EngineContext context) {
        this.context = context;
    }

    /** CREATE_IN_PROGRESS (already set) to CREATE_COMPLETE, or on failure to ROLLBACK_COMPLETE / CREATE_FAILED. */
    void create(StackRecord stack, Plan plan, OnFailure onFailure) throws InterruptedException {
        ResourceActions actions = new ResourceActions(stack, plan, context, Map.of());
        GraphRunner.Outcome outcome = GraphRunner.run(prerequisites(plan.graph()), context.executor(),
                actions::create);
        String failure = outcome.succeeded() ? publishOutputs(stack, actions)
                : "The following resource(s) failed to create: " + outcome.failures().keySet() + ". ";
        if (failure == null) {
            stack.status(StackStatus.CREATE_COMPLETE, null);
            return;
        }
        if (onFailure == OnFailure.DO_NOTHING) {
            stack.status(StackStatus.CREATE_FAILED, failure);
            return;
        }
        if (onFailure == OnFailure.DELETE) {
            stack.status(StackStatus.DELETE_IN_PROGRESS, failure);
            finishDelete(stack, deleteAll(stack, actions, plan.template(), Set.of()));
            return;
        }
        stack.status(StackStatus.ROLLBACK_IN_PROGRESS, failure + "Rollback requested by user.");
        Map<String, Exception> rollbackFailures = deleteAll(stack, actions, plan.template(), Set.of());
        if (rollbackFailures.isEmpty()) {
            stack.status(StackStatus.ROLLBACK_COMPLETE, null);
        } else {
            stack.status(StackStatus.ROLLBACK_FAILED, "The following resource(s) failed to delete: "
                    + rollbackFailures.keySet() + ". ");
        }
    }

    /**
     * UPDATE_IN_PROGRESS (already set): creates added resources, updates or replaces changed ones in
     * dependency order, then deletes removed and replaced ones (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS).
     * On failure puts every touched resource back and deletes what the update created (UPDATE_ROLLBACK_*).
     */
    void update(StackRecord stack, Plan plan, StackRecord.Deployment next) throws InterruptedException {
        StackRecord.Deployment previous = stack.deployment();
        List<Output> previousOutputs = stack.outputs();
        Map<String, ProvisionedResource> existing = new HashMap<>();
        stack.resources().forEach(resource -> existing.put(resource.logicalId, resource.provisioned));
        Set<String> before = new LinkedHashSet<>(existing.keySet());
        ResourceActions actions = new ResourceActions(stack, plan, context, existing);
        List<ResourceActions.Change> changes = new ArrayList<>();
        List<String> created = new ArrayList<>();
        stack.deployment(next);
        GraphRunner.Outcome outcome = GraphRunner.run(prerequisites(plan.graph()), context.executor(), logicalId -> {
            ResourceState state = stack.resource(logicalId);
            String type = plan.template().resources().get(logicalId).type();
            if (state == null || !state.type.equals(type)) {
                if (state != null) {
                    throw new ProviderException("Update of resource type "
                            + "is not permitted. The new template modifies resource type of " + logicalId + ".");
                }
                created.add(logicalId);
                actions.create(logicalId);
                return;
            }
            ResourceActions.Change change = actions.update(logicalId);
            if (change != null) {
                synchronized (changes) {
                    changes.add(change);
                }
            }
        });
        String failure = outcome.succeeded() ? publishOutputs(stack, actions)
                : "The following resource(s) failed to " + (created.containsAll(outcome.failures().keySet())
                ? "create" : "update") + ": " + outcome.failures().keySet() + ". ";
        if (failure == null) {
            stack.status(StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null);
            for (ResourceActions.Change change : changes) {
                if (change.replaced()) {
                    tryRun(() -> actions.deleteReplaced(change.logicalId(), change.oldRequest(), change.oldResource()));
                }
            }
            Set<String> removed = new LinkedHashSet<>(before);
            removed.removeAll(plan.graph().resources());
            deleteAll(stack, actions, previous.template(), removed, Set.of());
            stack.status(StackStatus.UPDATE_COMPLETE, null);
            return;
        }
        stack.status(StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, failure);
        stack.deployment(previous);
        stack.outputs(previousOutputs);
        Map<String, Exception> rollbackFailures = new LinkedHashMap<>();
        List<ResourceActions.Change> toRevert = new ArrayList<>(changes);
        toRevert.addAll(actions.failedInPlaceUpdates());
        for (int i = toRevert.size() - 1; i >= 0; i--) {
            ResourceActions.Change change = toRevert.get(i);
            tryRun(() -> actions.revert(change)).ifPresent(e -> rollbackFailures.put(change.logicalId(), e));
        }
        stack.status(StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, null);
        for (ResourceActions.Change change : changes) {
            if (change.replaced()) {
                tryRun(() -> actions.deleteReplaced(change.logicalId(), change.newRequest(), change.newResource()));
            }
        }
        Set<String> added = new LinkedHashSet<>(created);
        rollbackFailures.putAll(deleteAll(stack, actions, plan.template(), added, Set.of()));
        if (rollbackFailures.isEmpty()) {
            stack.status(StackStatus.UPDATE_ROLLBACK_COMPLETE, null);
        } else {
            stack.status(StackStatus.UPDATE_ROLLBACK_FAILED, "The following resource(s) failed to update: "
                    + rollbackFailures.keySet() + ". ");
        }
    }

    /** DELETE_IN_PROGRESS (already set) to DELETE_COMPLETE, or DELETE_FAILED naming what could not go. */
    void delete(StackRecord stack, Set<String> retainResources) throws InterruptedException {
        StackRecord.Deployment deployment = stack.deployment();
        Plan plan = new Plan(deployment.template(), deployment.templateBody(), deployment.parameters(), Map.of(),
                null);
        ResourceActions actions = new ResourceActions(stack, plan, context, Map.of());
        finishDelete(stack, deleteAll(stack, actions, deployment.template(), retainResources));
    }

    private void finishDelete(StackRecord stack, Map<String, Exception> failures) {
        if (failures.isEmpty()) {
            context.exports().withdraw(stack.stackId, stack.stackName);
            stack.status(StackStatus.DELETE_COMPLETE, null);
        } else {
            stack.status(StackStatus.DELETE_FAILED, "The following resource(s) failed to delete: "
                    + failures.keySet() + ". ");
        }
    }

    private Map<String, Exception> deleteAll(StackRecord stack, ResourceActions actions, Template template,
                                             Set<String> retainResources) throws InterruptedException {
        Set<String> present = new LinkedHashSet<>();
        stack.resources().forEach(resource -> present.add(resource.logicalId));
        return deleteAll(stack, actions, template, present, retainResources);
    }

    /** Deletes {@code targets} in reverse dependency order (dependents first), independent ones in parallel. */
    private Map<String, Exception> deleteAll(StackRecord stack, ResourceActions actions, Template template,
                                             Collection<String> targets, Set<String> retainResources)
            throws InterruptedException {
        Set<String> present = new LinkedHashSet<>();
        stack.resources().forEach(resource -> {
            if (targets.contains(resource.logicalId)) {
                present.add(resource.logicalId);
            }
        });
        DependencyGraph graph = DependencyGraph.of(template, present);
        Map<String, Set<String>> dependentsFirst = new LinkedHashMap<>();
        for (String logicalId : present) {
            dependentsFirst.put(logicalId, graph.dependentsOf(logicalId));
        }
        Map<String, Exception> failures = new ConcurrentHashMap<>();
        GraphRunner.Outcome outcome = GraphRunner.run(dependentsFirst, context.executor(), logicalId -> {
            ResourceDeclaration declaration = template.resources().get(logicalId);
            boolean retain = retainResources.contains(logicalId)
                    || (declaration != null && declaration.retainedOnDelete());
            actions.delete(logicalId, retain);
        });
        failures.putAll(outcome.failures());
        return failures;
    }

    /** Evaluates and publishes the outputs; returns why that failed, or null. */
    private String publishOutputs(StackRecord stack, ResourceActions actions) {
        try {
            Map<String, String> exports = new LinkedHashMap<>();
            stack.outputs(actions.outputs(exports));
            context.exports().publish(stack.stackId, exports);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Set<String>> prerequisites(DependencyGraph graph) {
        Map<String, Set<String>> prerequisites = new LinkedHashMap<>();
        for (String logicalId : graph.creationOrder()) {
            prerequisites.put(logicalId, graph.prerequisitesOf(logicalId));
        }
        return prerequisites;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Optional<Exception> tryRun(Step step) {
        try {
            step.run();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e);
        }
    }
}
