package dev.dslab.local.cloudformation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dslab.local.cloudformation.CloudFormationException;
import dev.dslab.local.cloudformation.provider.ProviderException;
import dev.dslab.local.cloudformation.provider.ProvisionedResource;
import dev.dslab.local.cloudformation.provider.ResourceProvider;
import dev.dslab.local.cloudformation.provider.ResourceRequest;
import dev.dslab.local.cloudformation.template.OutputDeclaration;
import dev.dslab.local.cloudformation.template.ResourceDeclaration;
import dev.dslab.local.cloudformation.template.TemplateEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The single-resource steps of a stack operation, each recording the events CloudFormation records:
 * evaluate a resource's properties against the resources made so far, create, update in place, replace,
 * delete. One instance serves one operation on one stack with one {@link Plan}.
 */
final class ResourceActions {

    private final StackRecord stack;
    private final Plan plan;
    private final EngineContext context;
    /** The physical resources Ref and Fn::GetAtt see: filled as the operation creates or replaces them. */
    private final Map<String, ProvisionedResource> live = new ConcurrentHashMap<>();
    private final List<Change> failedInPlace = new CopyOnWriteArrayList<>();

    ResourceActions(StackRecord stack, Plan plan, EngineContext context, Map<String, ProvisionedResource> existing) {
        this.stack = stack;
        this.plan = plan;
        this.context = context;
        this.live.putAll(existing);
    }

    Plan plan() {
        return plan;
    }

    private TemplateEvaluator evaluator() {
        return new TemplateEvaluator(plan.template(), plan.references(), new TemplateEvaluator.ResourceLookup() {
            @Override
            public String physicalId(String logicalId) {
                ProvisionedResource resource = live.get(logicalId);
                return resource == null ? null : resource.physicalId();
            }

            @Override
            public String attribute(String logicalId, String attribute) {
                ProvisionedResource resource = live.get(logicalId);
                return resource == null ? null : resource.attributes().get(attribute);
            }
        }, name -> context.exports().importValue(name, stack.stackName));
    }

    /** The provider request for a resource of the plan: evaluated properties and propagated tags. */
    ResourceRequest request(String logicalId) throws ProviderException {
        ResourceDeclaration declaration = plan.template().resources().get(logicalId);
        ResourceProvider provider = provider(declaration.type());
        ObjectNode properties;
        try {
            properties = (ObjectNode) evaluator().resolve(declaration.properties());
        } catch (CloudFormationException e) {
            throw new ProviderException(e.getMessage());
        }
        List<String> unsupported = new ArrayList<>();
        properties.fieldNames().forEachRemaining(name -> {
            if (!provider.supportedProperties().contains(name)) {
                unsupported.add(name);
            }
        });
        if (!unsupported.isEmpty()) {
            throw new ProviderException("Properties " + unsupported + " of " + declaration.type()
                    + " are not supported by the dslab local target (supported: "
                    + new TreeSet<>(provider.supportedProperties()) + ")");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (provider.supportedProperties().contains("Tags")) {
            for (Tag tag : stack.deployment().tags()) {
                tags.put(tag.key(), tag.value());
            }
            for (JsonNode tag : properties.path("Tags")) {
                tags.put(tag.path("Key").asText(), tag.path("Value").asText());
            }
        }
        return new ResourceRequest(stack.stackName, stack.stackId, logicalId, declaration.type(), properties, tags,
                context.region(), context.accountId());
    }

    ResourceProvider provider(String type) throws ProviderException {
        return context.providers().find(type).orElseThrow(() -> new ProviderException("Resource type " + type
                + " is not supported by the dslab local target; supported types: "
                + context.providers().supportedTypes()));
    }

    /** Creates a resource new to the stack: CREATE_IN_PROGRESS, then CREATE_COMPLETE or CREATE_FAILED. */
    void create(String logicalId) throws Exception {
        ResourceDeclaration declaration = plan.template().resources().get(logicalId);
        ResourceState state = stack.addResource(logicalId, declaration.type());
        stack.resourceEvent(state, ResourceStatus.CREATE_IN_PROGRESS, null);
        try {
            ResourceRequest request = request(logicalId);
            state.request = request;
            state.provisioned = provider(declaration.type()).create(request);
            live.put(logicalId, state.provisioned);
            stack.resourceEvent(state, ResourceStatus.CREATE_COMPLETE, state.provisioned.note());
        } catch (Exception e) {
            stack.resourceEvent(state, ResourceStatus.CREATE_FAILED, reason(e));
            throw e;
        }
    }

    /**
     * Brings an existing resource to the plan's properties. Returns what it replaced or updated (to roll back
     * to), or null when nothing changed.
     */
    Change update(String logicalId) throws Exception {
        ResourceState state = stack.resource(logicalId);
        ResourceDeclaration declaration = plan.template().resources().get(logicalId);
        ResourceRequest previous = state.request;
        ProvisionedResource before = state.provisioned;
        ResourceRequest request;
        try {
            request = request(logicalId);
        } catch (Exception e) {
            stack.resourceEvent(state, ResourceStatus.UPDATE_FAILED, reason(e));
            throw e;
        }
        if (request.properties().equals(previous.properties()) && request.tags().equals(previous.tags())) {
            return null;
        }
        ResourceProvider provider = provider(declaration.type());
        boolean replace = provider.replacementProperties().stream()
                .anyMatch(name -> !Objects.equals(request.properties().get(name),
                        previous.properties().get(name)));
        try {
            if (replace) {
                String nameProperty = provider.nameProperty();
                if (nameProperty != null && request.properties().has(nameProperty)
                        && request.properties().get(nameProperty).equals(previous.properties().get(nameProperty))) {
                    throw new ProviderException("CloudFormation cannot update a stack when a custom-named resource "
                            + "requires replacing. Rename " + before.physicalId() + " and update the stack again.");
                }
                stack.resourceEvent(state, ResourceStatus.UPDATE_IN_PROGRESS,
                        "Requested update requires the creation of a new physical resource; hence creating one.");
                state.provisioned = provider.create(request);
            } else {
                stack.resourceEvent(state, ResourceStatus.UPDATE_IN_PROGRESS, null);
                // a failed in-place update may have changed part of the resource: the rollback puts it back too
                failedInPlace.add(new Change(logicalId, false, previous, before, request, before));
                state.provisioned = provider.update(request, previous, before);
                failedInPlace.removeIf(change -> change.logicalId().equals(logicalId));
            }
            state.request = request;
            live.put(logicalId, state.provisioned);
            stack.resourceEvent(state, ResourceStatus.UPDATE_COMPLETE, state.provisioned.note());
            return new Change(logicalId, replace, previous, before, request, state.provisioned);
        } catch (Exception e) {
            stack.resourceEvent(state, ResourceStatus.UPDATE_FAILED, reason(e));
            throw e;
        }
    }

    /** The in-place updates that failed: an update rollback reverts them like the ones that succeeded. */
    List<Change> failedInPlaceUpdates() {
        return List.copyOf(failedInPlace);
    }

    /** What an update did to one resource, kept to roll it back or to clean up the replaced resource. */
    record Change(String logicalId, boolean replaced, ResourceRequest oldRequest, ProvisionedResource oldResource,
                  ResourceRequest newRequest, ProvisionedResource newResource) {
    }

    /** Puts a resource updated in place back to what it was (UPDATE_ROLLBACK). */
    void revert(Change change) throws Exception {
        ResourceState state = stack.resource(change.logicalId());
        if (change.replaced()) {
            state.provisioned = change.oldResource();
            state.request = change.oldRequest();
            stack.resourceEvent(state, ResourceStatus.UPDATE_COMPLETE, null);
            return;
        }
        stack.resourceEvent(state, ResourceStatus.UPDATE_IN_PROGRESS, null);
        try {
            state.provisioned = provider(state.type).update(change.oldRequest(), change.newRequest(),
                    change.newResource());
            state.request = change.oldRequest();
            stack.resourceEvent(state, ResourceStatus.UPDATE_COMPLETE, null);
        } catch (Exception e) {
            stack.resourceEvent(state, ResourceStatus.UPDATE_FAILED, reason(e));
            throw e;
        }
    }

    /**
     * Deletes a resource of the stack (or keeps it, for DeletionPolicy Retain) and forgets it.
     * A resource that never got a physical id is simply marked deleted.
     */
    void delete(String logicalId, boolean retain) throws Exception {
        ResourceState state = stack.resource(logicalId);
        if (state == null) {
            return;
        }
        if (retain && state.provisioned != null) {
            stack.resourceEvent(state, ResourceStatus.DELETE_SKIPPED, null);
            stack.removeResource(logicalId);
            return;
        }
        stack.resourceEvent(state, ResourceStatus.DELETE_IN_PROGRESS, null);
        if (state.provisioned != null) {
            try {
                provider(state.type).delete(state.request, state.provisioned);
            } catch (Exception e) {
                stack.resourceEvent(state, ResourceStatus.DELETE_FAILED, reason(e));
                throw e;
            }
        }
        stack.resourceEvent(state, ResourceStatus.DELETE_COMPLETE, null);
        stack.removeResource(logicalId);
        live.remove(logicalId);
    }

    /** Deletes the physical resource a replacement (or a rolled back replacement) left behind. */
    void deleteReplaced(String logicalId, ResourceRequest request, ProvisionedResource resource) throws Exception {
        ResourceState state = stack.resource(logicalId);
        stack.resourceEvent(state, ResourceStatus.DELETE_IN_PROGRESS, null, resource.physicalId());
        ResourceStatus current = state.status;
        try {
            provider(state.type).delete(request, resource);
            stack.resourceEvent(state, ResourceStatus.DELETE_COMPLETE, null, resource.physicalId());
        } catch (Exception e) {
            stack.resourceEvent(state, ResourceStatus.DELETE_FAILED, reason(e), resource.physicalId());
            throw e;
        } finally {
            state.set(current, null);
        }
    }

    /** Evaluates the Outputs whose condition holds; their exports go to {@code exports}. */
    List<Output> outputs(Map<String, String> exports) {
        TemplateEvaluator evaluator = evaluator();
        List<Output> outputs = new ArrayList<>();
        for (OutputDeclaration declaration : plan.template().outputs().values()) {
            if (!evaluator.condition(declaration.condition())) {
                continue;
            }
            JsonNode value = evaluator.resolve(declaration.value());
            String text = value == null ? "" : value.isArray() ? joined(value) : value.asText();
            String exportName = declaration.exportName() == null ? null
                    : evaluator.resolve(declaration.exportName()).asText();
            if (exportName != null) {
                exports.put(exportName, text);
            }
            outputs.add(Output.builder().outputKey(declaration.key()).outputValue(text)
                    .description(declaration.description()).exportName(exportName).build());
        }
        return outputs;
    }

    private static String joined(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }

    /** The ResourceStatusReason of a failure, worded as CloudFormation words handler errors. */
    static String reason(Exception e) {
        if (e instanceof ProviderException || e instanceof CloudFormationException) {
            return e.getMessage();
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return "Resource handler returned message: \"" + aws.awsErrorDetails().errorMessage() + "\" (Service: "
                    + aws.awsErrorDetails().serviceName() + ", Status Code: " + aws.statusCode() + ", Error Code: "
                    + aws.awsErrorDetails().errorCode() + ")";
        }
        return "Internal failure: " + e;
    }
}
