package dev.dslab.local.cloudformation.engine;

import dev.dslab.local.cloudformation.provider.ProvisionedResource;
import dev.dslab.local.cloudformation.provider.ResourceRequest;

import java.time.Instant;

import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftInformation;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

/**
 * One resource of a stack as CloudFormation tracks it. {@code request} is what was last applied
 * (the evaluated properties and tags), kept to diff against on update and to roll back to.
 */
final class ResourceState {

    final String logicalId;
    final String type;
    volatile ResourceRequest request;
    volatile ProvisionedResource provisioned;
    volatile ResourceStatus status;
    volatile String reason;
    volatile Instant timestamp = Instant.now();

    ResourceState(String logicalId, String type) {
        this.logicalId = logicalId;
        this.type = type;
    }

    String physicalId() {
        return provisioned == null ? null : provisioned.physicalId();
    }

    void set(ResourceStatus newStatus, String newReason) {
        status = newStatus;
        reason = newReason;
        timestamp = Instant.now();
    }

    StackResource toStackResource(StackRecord stack) {
        return StackResource.builder()
                .stackName(stack.stackName).stackId(stack.stackId)
                .logicalResourceId(logicalId).physicalResourceId(physicalId()).resourceType(type)
                .timestamp(timestamp).resourceStatus(status).resourceStatusReason(reason)
                .driftInformation(StackResourceDriftInformation.builder()
                        .stackResourceDriftStatus(StackResourceDriftStatus.NOT_CHECKED).build())
                .build();
    }

    StackResourceDetail toDetail(StackRecord stack) {
        return StackResourceDetail.builder()
                .stackName(stack.stackName).stackId(stack.stackId)
                .logicalResourceId(logicalId).physicalResourceId(physicalId()).resourceType(type)
                .lastUpdatedTimestamp(timestamp).resourceStatus(status).resourceStatusReason(reason)
                .build();
    }

    StackResourceSummary toSummary() {
        return StackResourceSummary.builder()
                .logicalResourceId(logicalId).physicalResourceId(physicalId()).resourceType(type)
                .lastUpdatedTimestamp(timestamp).resourceStatus(status).resourceStatusReason(reason)
                .build();
    }
}
