package dev.dslab.local.cloudformation.engine;

import dev.dslab.local.cloudformation.template.Template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackDriftInformation;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * One stack: what it was deployed with, its status, resources, outputs and events. Operations on one
 * stack run one at a time, in the order they were requested ({@link #enqueue}); readers see a consistent
 * snapshot through the synchronized accessors.
 */
final class StackRecord {

    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    final String stackId;
    final String stackName;
    final Instant creationTime;
    /** Told of every change of the record (the engine keeps it on disk); called holding the record's lock. */
    private final Consumer<StackRecord> changed;
    /** The last operation requested: the next one starts when it has finished. */
    private CompletableFuture<Void> operations = CompletableFuture.completedFuture(null);

    /** What the stack is deployed with: replaced as a whole when an update completes. */
    record Deployment(Template template, String templateBody, Map<String, String> parameters,
                      List<Tag> tags, List<Capability> capabilities) {
    }

    private Deployment deployment;
    private final boolean disableRollback;
    private StackStatus status;
    private String statusReason;
    private Instant lastUpdatedTime;
    private Instant deletionTime;
    private List<Output> outputs = List.of();
    private final Map<String, ResourceState> resources = new LinkedHashMap<>();
    private final List<StackEvent> events = new ArrayList<>();

    StackRecord(String stackName, String region, String accountId, Deployment deployment, boolean disableRollback,
                Consumer<StackRecord> changed) {
        this(stackName, "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/" + UUID.randomUUID(),
                Instant.now(), deployment, disableRollback, changed);
    }

    /** A stack as an earlier daemon left it (see {@link StoredStack}). */
    StackRecord(String stackName, String stackId, Instant creationTime, Deployment deployment, boolean disableRollback,
                Consumer<StackRecord> changed) {
        this.stackName = stackName;
        this.stackId = stackId;
        this.creationTime = creationTime;
        this.deployment = deployment;
        this.disableRollback = disableRollback;
        this.changed = changed;
    }

    /** Sets what an earlier daemon recorded, without events or notifications. */
    synchronized void restore(StackStatus restoredStatus, String reason, Instant updated, Instant deleted, List<Output> restoredOutputs,
                              List<ResourceState> restoredResources, List<StackEvent> restoredEvents) {
        status = restoredStatus;
        statusReason = reason;
        lastUpdatedTime = updated;
        deletionTime = deleted;
        outputs = List.copyOf(restoredOutputs);
        restoredResources.forEach(resource -> resources.put(resource.logicalId, resource));
        events.addAll(restoredEvents);
    }

    synchronized String statusReason() {
        return statusReason;
    }

    synchronized Instant lastUpdatedTime() {
        return lastUpdatedTime;
    }

    synchronized Instant deletionTime() {
        return deletionTime;
    }

    /** Oldest first. */
    synchronized List<StackEvent> eventsInOrder() {
        return List.copyOf(events);
    }

    /** Runs {@code operation} on {@code executor} after every operation requested before it. */
    synchronized void enqueue(Runnable operation, Executor executor) {
        operations = operations.thenRunAsync(operation, executor);
    }

    synchronized Deployment deployment() {
        return deployment;
    }

    synchronized void deployment(Deployment newDeployment) {
        deployment = newDeployment;
        changed.accept(this);
    }

    synchronized StackStatus status() {
        return status;
    }

    boolean disableRollback() {
        return disableRollback;
    }

    synchronized boolean isDeleted() {
        return status == StackStatus.DELETE_COMPLETE;
    }

    /** Changes the stack's status and records the stack event CloudFormation shows for it. */
    synchronized void status(StackStatus newStatus, String reason) {
        status = newStatus;
        statusReason = reason;
        Instant now = Instant.now();
        if (newStatus.toString().startsWith("UPDATE_") || newStatus == StackStatus.ROLLBACK_IN_PROGRESS) {
            lastUpdatedTime = now;
        }
        if (newStatus == StackStatus.DELETE_COMPLETE) {
            deletionTime = now;
        }
        events.add(event(stackName, stackId, STACK_TYPE, newStatus.toString(), reason, now));
        changed.accept(this);
    }

    /** Changes a resource's status and records its event; {@code physicalId} is the one the event names. */
    synchronized void resourceEvent(ResourceState resource, ResourceStatus newStatus, String reason,
                                    String physicalId) {
        resource.set(newStatus, reason);
        events.add(event(resource.logicalId, physicalId, resource.type, newStatus.toString(), reason,
                resource.timestamp));
        changed.accept(this);
    }

    synchronized void resourceEvent(ResourceState resource, ResourceStatus newStatus, String reason) {
        resourceEvent(resource, newStatus, reason, resource.physicalId());
    }

    private StackEvent event(String logicalId, String physicalId, String type, String eventStatus, String reason,
                             Instant at) {
        return StackEvent.builder()
                .stackId(stackId).stackName(stackName).eventId(UUID.randomUUID().toString())
                .logicalResourceId(logicalId).physicalResourceId(physicalId).resourceType(type)
                .timestamp(at).resourceStatus(eventStatus).resourceStatusReason(reason)
                .build();
    }

    synchronized ResourceState resource(String logicalId) {
        return resources.get(logicalId);
    }

    synchronized ResourceState addResource(String logicalId, String type) {
        ResourceState state = new ResourceState(logicalId, type);
        resources.put(logicalId, state);
        return state;
    }

    synchronized void removeResource(String logicalId) {
        resources.remove(logicalId);
        changed.accept(this);
    }

    synchronized List<ResourceState> resources() {
        return List.copyOf(resources.values());
    }

    synchronized void outputs(List<Output> newOutputs) {
        outputs = List.copyOf(newOutputs);
        changed.accept(this);
    }

    synchronized List<Output> outputs() {
        return outputs;
    }

    /** Newest first, as DescribeStackEvents answers. */
    synchronized List<StackEvent> events() {
        List<StackEvent> newestFirst = new ArrayList<>(events);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    synchronized Stack toStack() {
        List<Parameter> parameters = new ArrayList<>();
        deployment.parameters().forEach((key, value) -> parameters.add(Parameter.builder().parameterKey(key)
                .parameterValue(deployment.template().parameters().get(key).noEcho() ? "****" : value).build()));
        return Stack.builder()
                .stackId(stackId).stackName(stackName).description(deployment.template().description())
                .parameters(parameters).creationTime(creationTime).lastUpdatedTime(lastUpdatedTime)
                .deletionTime(deletionTime).stackStatus(status).stackStatusReason(statusReason)
                .disableRollback(disableRollback).capabilities(deployment.capabilities())
                .outputs(outputs).tags(deployment.tags()).enableTerminationProtection(false)
                .driftInformation(StackDriftInformation.builder().stackDriftStatus(StackDriftStatus.NOT_CHECKED).build())
                .build();
    }

    synchronized StackSummary toSummary() {
        return StackSummary.builder()
                .stackId(stackId).stackName(stackName).templateDescription(deployment.template().description())
                .creationTime(creationTime).lastUpdatedTime(lastUpdatedTime).deletionTime(deletionTime)
                .stackStatus(status).stackStatusReason(statusReason)
                .build();
    }
}
