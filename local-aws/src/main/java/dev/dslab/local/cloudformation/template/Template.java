package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A parsed CloudFormation template: its sections, with every expression still unevaluated.
 *
 * @param body        the template as parsed, compared on update to detect "no changes"
 * @param conditions  condition name to its (unevaluated) condition expression
 */
public record Template(ObjectNode body,
                       String description,
                       Map<String, ParameterDeclaration> parameters,
                       JsonNode mappings,
                       Map<String, JsonNode> conditions,
                       Map<String, ResourceDeclaration> resources,
                       Map<String, OutputDeclaration> outputs) {
}
