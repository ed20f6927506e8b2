package dev.dslab.local.cloudformation.provider;

import java.util.Map;

/**
 * What a provider made: the physical id (what Ref returns) and the Fn::GetAtt attributes.
 */
public record ProvisionedResource(String physicalId, Map<String, String> attributes) {

    public ProvisionedResource {
        attributes = Map.copyOf(attributes);
    }
}
