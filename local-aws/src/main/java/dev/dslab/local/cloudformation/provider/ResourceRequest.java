package dev.dslab.local.cloudformation.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One resource as a provider sees it.
 *
 * @param properties  the evaluated Properties (AWS::NoValue already removed)
 * @param tags        the tags to apply: the stack's tags with the resource's own Tags on top, as
 *                    CloudFormation propagates stack tags to every resource that takes tags
 * @param region      the target's region, for ARNs and endpoints
 * @param accountId   the target's account, for ARNs
 */
public record ResourceRequest(String stackName,
                              String stackId,
                              String logicalId,
                              String type,
                              ObjectNode properties,
                              Map<String, String> tags,
                              String region,
                              String accountId) {

    public ResourceRequest {
        tags = Map.copyOf(new LinkedHashMap<>(tags));
    }

    public String text(String property) {
        JsonNode value = properties.get(property);
        return value == null || value.isNull() ? null : value.asText();
    }

    public String text(String property, String fallback) {
        String value = text(property);
        return value == null ? fallback : value;
    }

    public Integer integer(String property) throws ProviderException {
        String value = text(property);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new ProviderException("Property " + property + " must be an integer, got " + value);
        }
    }

    public JsonNode node(String property) {
        return properties.path(property);
    }

    /** The name the template gives the physical resource, else one CloudFormation-style generated name. */
    public String physicalName(String nameProperty, PhysicalNames.Style style) {
        String named = nameProperty == null ? null : text(nameProperty);
        return named != null ? named : PhysicalNames.generate(stackName, logicalId, style);
    }
}
