package dev.dslab.local.cloudformation.provider;

import java.util.Set;

/**
 * Creates, updates and deletes the physical resources of one resource type. The engine calls it with
 * fully evaluated properties; a provider throws {@link ProviderException} (or any exception) with the
 * reason CloudFormation shows in the resource's *_FAILED event.
 */
public interface ResourceProvider {

    /** The resource type, e.g. AWS::DynamoDB::Table. */
    String type();

    /** The properties this provider understands; a template setting any other fails the resource loudly. */
    Set<String> supportedProperties();

    /** The properties whose change needs a new physical resource (CloudFormation's "Replacement"); none by default. */
    default Set<String> replacementProperties() {
        return Set.of();
    }

    /** The property that names the physical resource (e.g. TableName), or null when it has none (the default). */
    default String nameProperty() {
        return null;
    }

    ProvisionedResource create(ResourceRequest request) throws Exception;

    /** Updates in place; only called when no replacement property changed. */
    ProvisionedResource update(ResourceRequest request, ResourceRequest previous, ProvisionedResource current)
            throws Exception;

    void delete(ResourceRequest request, ProvisionedResource current) throws Exception;
}
