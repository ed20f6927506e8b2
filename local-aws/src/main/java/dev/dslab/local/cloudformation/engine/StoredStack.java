package dev.dslab.local.cloudformation.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dslab.local.cloudformation.provider.ProvisionedResource;
import dev.dslab.local.cloudformation.provider.ResourceRequest;
import dev.dslab.local.cloudformation.template.TemplateParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * A stack as {@code <home>/cloudformation/stacks/<name>.json} keeps it across daemon restarts: what it was
 * deployed with, its status, its resources (what was applied and what the provider made) and its events.
 * Times are epoch milliseconds; the template is kept as its body and parsed again when read.
 */
record StoredStack(String stackId, String stackName, long creationTime, String templateBody, Map<String, String> parameters,
                   Map<String, String> tags, List<String> capabilities, boolean disableRollback, String status,
                   String statusReason, Long lastUpdatedTime, Long deletionTime, List<StoredOutput> outputs,
                   List<StoredResource> resources, List<StoredEvent> events) {

    record StoredOutput(String key, String value, String description, String exportName) {
    }

    record StoredResource(String logicalId, String type, ObjectNode properties, Map<String, String> tags, String physicalId,
                          Map<String, String> attributes, String note, String status, String reason, long timestamp) {
    }

    record StoredEvent(String eventId, String logicalId, String physicalId, String type, String status, String reason,
                       long timestamp) {
    }

    /** Read holding the record's lock (the record calls its listener so). */
    static StoredStack of(StackRecord stack) {
        StackRecord.Deployment deployment = stack.deployment();
        Map<String, String> tags = new LinkedHashMap<>();
        deployment.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        List<StoredResource> resources = new ArrayList<>();
        for (ResourceState resource : stack.resources()) {
            ResourceRequest request = resource.request;
            ProvisionedResource provisioned = resource.provisioned;
            resources.add(new StoredResource(resource.logicalId, resource.type, request == null ? null : request.properties(),
                    request == null ? null : request.tags(), provisioned == null ? null : provisioned.physicalId(),
                    provisioned == null ? null : provisioned.attributes(), provisioned == null ? null : provisioned.note(),
                    resource.status == null ? null : resource.status.toString(), resource.reason, resource.timestamp.toEpochMilli()));
        }
        return new StoredStack(stack.stackId, stack.stackName, stack.creationTime.toEpochMilli(), deployment.templateBody(),
                deployment.parameters(), tags, deployment.capabilities().stream().map(Capability::toString).toList(),
                stack.disableRollback(), stack.status().toString(), stack.statusReason(), millis(stack.lastUpdatedTime()),
                millis(stack.deletionTime()),
                stack.outputs().stream().map(o -> new StoredOutput(o.outputKey(), o.outputValue(), o.description(), o.exportName())).toList(),
                resources,
                stack.eventsInOrder().stream().map(e -> new StoredEvent(e.eventId(), e.logicalResourceId(), e.physicalResourceId(),
                        e.resourceType(), e.resourceStatusAsString(), e.resourceStatusReason(), e.timestamp().toEpochMilli())).toList());
    }

    /**
     * The record again. An operation the daemon was running when it stopped or died is over: the stack and
     * every resource still in progress end as failed, with that reason, so that `delete-stack` (or an update
     * of a failed update) can clean up, as after a CloudFormation operation that failed.
     */
    StackRecord restore(String region, String accountId, Consumer<StackRecord> changed) {
        List<Tag> stackTags = new ArrayList<>();
        tags.forEach((key, value) -> stackTags.add(Tag.builder().key(key).value(value).build()));
        StackRecord.Deployment deployment = new StackRecord.Deployment(TemplateParser.parse(templateBody), templateBody,
                parameters, stackTags, capabilities.stream().map(Capability::fromValue).toList());
        StackRecord stack = new StackRecord(stackName, stackId, Instant.ofEpochMilli(creationTime), deployment, disableRollback, changed);
        List<ResourceState> states = new ArrayList<>();
        List<StackEvent> restoredEvents = new ArrayList<>();
        for (StoredEvent event : events) {
            restoredEvents.add(StackEvent.builder().stackId(stackId).stackName(stackName).eventId(event.eventId())
                    .logicalResourceId(event.logicalId()).physicalResourceId(event.physicalId()).resourceType(event.type())
                    .timestamp(Instant.ofEpochMilli(event.timestamp())).resourceStatus(event.status())
                    .resourceStatusReason(event.reason()).build());
        }
        String interrupted = "The dslab local target stopped while this operation ran";
        Instant now = Instant.now();
        for (StoredResource stored : resources) {
            ResourceState state = new ResourceState(stored.logicalId(), stored.type());
            if (stored.properties() != null) {
                state.request = new ResourceRequest(stackName, stackId, stored.logicalId(), stored.type(), stored.properties(),
                        stored.tags() == null ? Map.of() : stored.tags(), region, accountId);
            }
            if (stored.physicalId() != null) {
                state.provisioned = new ProvisionedResource(stored.physicalId(),
                        stored.attributes() == null ? Map.of() : stored.attributes(), stored.note());
            }
            state.status = stored.status() == null ? null : ResourceStatus.fromValue(stored.status());
            state.reason = stored.reason();
            state.timestamp = Instant.ofEpochMilli(stored.timestamp());
            if (stored.status() != null && stored.status().endsWith("_IN_PROGRESS")) {
                state.status = ResourceStatus.fromValue(stored.status().replace("_IN_PROGRESS", "_FAILED"));
                state.reason = interrupted;
                state.timestamp = now;
                restoredEvents.add(event(stored.logicalId(), stored.physicalId(), stored.type(), state.status.toString(), now));
            }
            states.add(state);
        }
        StackStatus restoredStatus = StackStatus.fromValue(status);
        String reason = statusReason;
        Instant updated = lastUpdatedTime == null ? null : Instant.ofEpochMilli(lastUpdatedTime);
        StackStatus failed = failedStatus(restoredStatus);
        if (failed != null) {
            restoredStatus = failed;
            reason = interrupted;
            updated = restoredStatus.toString().startsWith("UPDATE_") ? now : updated;
            restoredEvents.add(event(stackName, stackId, StackRecord.STACK_TYPE, failed.toString(), now));
        }
        stack.restore(restoredStatus, reason, updated, deletionTime == null ? null : Instant.ofEpochMilli(deletionTime),
                outputs.stream().map(o -> Output.builder().outputKey(o.key()).outputValue(o.value()).description(o.description())
                        .exportName(o.exportName()).build()).toList(), states, restoredEvents);
        return stack;
    }

    private StackEvent event(String logicalId, String physicalId, String type, String eventStatus, Instant at) {
        return StackEvent.builder().stackId(stackId).stackName(stackName).eventId(UUID.randomUUID().toString())
                .logicalResourceId(logicalId).physicalResourceId(physicalId).resourceType(type).timestamp(at)
                .resourceStatus(eventStatus).resourceStatusReason("The dslab local target stopped while this operation ran").build();
    }

    /** The failed status an interrupted operation ends in, or null when the stack was not in the middle of one. */
    private static StackStatus failedStatus(StackStatus status) {
        return switch (status) {
            case CREATE_IN_PROGRESS -> StackStatus.CREATE_FAILED;
            case ROLLBACK_IN_PROGRESS -> StackStatus.ROLLBACK_FAILED;
            case DELETE_IN_PROGRESS -> StackStatus.DELETE_FAILED;
            case UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS,
                 UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS -> StackStatus.UPDATE_ROLLBACK_FAILED;
            default -> null;
        };
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
