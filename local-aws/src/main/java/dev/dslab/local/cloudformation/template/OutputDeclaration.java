package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of the Outputs section; value and export name are unevaluated expressions. */
public record OutputDeclaration(String key, JsonNode value, String description, JsonNode exportName, String condition) {
}
