package dev.dslab.local.cloudformation.provider;

import java.util.Map;

/**
 * What a provider made: the physical id (what Ref returns) and the Fn::GetAtt attributes.
 *
 * @param note what the resource's *_COMPLETE event says, when the local target made it differently
 *             from AWS in a way the learner should see (null when it did not)
 */
public record ProvisionedResource(String physicalId, Map<String, String> attributes, String note) {

    public ProvisionedResource {
        attributes = Map.copyOf(attributes);
    }

    public ProvisionedResource(String physicalId, Map<String, String> attributes) {
        this(physicalId, attributes, null);
    }
}
