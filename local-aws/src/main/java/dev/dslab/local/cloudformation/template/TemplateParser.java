package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dslab.local.cloudformation.CloudFormationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a template body (JSON, as CDK synthesizes it, or YAML) into a {@link Template}, with CloudFormation's format errors. */
public final class TemplateParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");
    private static final Set<String> RESOURCE_ATTRIBUTES = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");

    private TemplateParser() {
    }

    public static Template parse(String templateBody) {
        JsonNode root = read(templateBody);
        if (!root.isObject()) {
            throw formatError("Template format error: not a template (a JSON or YAML object is expected).");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw formatError("Template format error: Invalid template property or properties " + unknown);
        }
        if (root.has("Transform")) {
            throw formatError("Template format error: Transform " + root.get("Transform")
                    + " is not supported by the dslab local target (it runs no macros)");
        }
        if (root.has("Rules")) {
            throw formatError("Template format error: the Rules section is not supported by the dslab local target");
        }
        JsonNode resources = root.path("Resources");
        if (!resources.isObject() || resources.isEmpty()) {
            throw formatError("Template format error: At least one Resources member must be defined.");
        }
        return new Template((ObjectNode) root,
                root.path("Description").isTextual() ? root.get("Description").asText() : null,
                parameters(root.path("Parameters")),
                root.path("Mappings"),
                conditions(root.path("Conditions")),
                resources(resources),
                outputs(root.path("Outputs")));
    }

    private static JsonNode read(String body) {
        if (body.stripLeading().startsWith("{")) {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw formatError("Template format error: JSON not well-formed. (line " + e.getLocation().getLineNr()
                        + ",  column " + e.getLocation().getColumnNr() + ")");
            }
        }
        try {
            return YamlTemplateReader.read(body);
        } catch (JsonProcessingException e) {
            throw formatError("Template format error: YAML not well-formed. (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw formatError("Template format error: " + e.getMessage());
        }
    }

    private static Map<String, ParameterDeclaration> parameters(JsonNode section) {
        Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        section.fields().forEachRemaining(entry -> {
            JsonNode declaration = entry.getValue();
            String type = declaration.path("Type").asText("");
            if (type.isEmpty()) {
                throw formatError("Template format error: Every Parameters object must contain a Type member.");
            }
            if (type.startsWith("AWS::SSM::Parameter")) {
                throw formatError("Parameter " + entry.getKey() + " has type " + type
                        + ": SSM parameters are not supported by the dslab local target (it has no SSM)");
            }
            List<String> allowed = new ArrayList<>();
            declaration.path("AllowedValues").forEach(value -> allowed.add(value.asText()));
            parameters.put(entry.getKey(), new ParameterDeclaration(entry.getKey(), type,
                    declaration.has("Default") ? scalarText(declaration.get("Default")) : null,
                    List.copyOf(allowed),
                    declaration.has("AllowedPattern") ? declaration.get("AllowedPattern").asText() : null,
                    declaration.path("NoEcho").asText("false").equalsIgnoreCase("true"),
                    declaration.has("Description") ? declaration.get("Description").asText() : null));
        });
        return parameters;
    }

    private static String scalarText(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    private static Map<String, JsonNode> conditions(JsonNode section) {
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        section.fields().forEachRemaining(entry -> conditions.put(entry.getKey(), entry.getValue()));
        return conditions;
    }

    private static Map<String, ResourceDeclaration> resources(JsonNode section) {
        Map<String, ResourceDeclaration> resources = new LinkedHashMap<>();
        section.fields().forEachRemaining(entry -> {
            String logicalId = entry.getKey();
            JsonNode declaration = entry.getValue();
            if (!logicalId.matches("[A-Za-z0-9]+")) {
                throw formatError("Template format error: Resource name " + logicalId + " is non alphanumeric.");
            }
            if (!declaration.path("Type").isTextual()) {
                throw formatError("Template format error: [/Resources/" + logicalId
                        + "] Every Resources object must contain a Type member.");
            }
            declaration.fieldNames().forEachRemaining(attribute -> {
                if (!RESOURCE_ATTRIBUTES.contains(attribute)) {
                    throw formatError("Template format error: Unrecognized resource attribute " + attribute
                            + " in resource " + logicalId);
                }
            });
            JsonNode properties = declaration.path("Properties");
            resources.put(logicalId, new ResourceDeclaration(logicalId,
                    declaration.get("Type").asText(),
                    properties.isObject() ? (ObjectNode) properties : JSON.createObjectNode(),
                    dependsOn(declaration.path("DependsOn")),
                    declaration.has("Condition") ? declaration.get("Condition").asText() : null,
                    declaration.path("DeletionPolicy").asText("Delete")));
        });
        return resources;
    }

    private static List<String> dependsOn(JsonNode dependsOn) {
        List<String> names = new ArrayList<>();
        if (dependsOn.isTextual()) {
            names.add(dependsOn.asText());
        } else {
            dependsOn.forEach(name -> names.add(name.asText()));
        }
        return List.copyOf(names);
    }

    private static Map<String, OutputDeclaration> outputs(JsonNode section) {
        Map<String, OutputDeclaration> outputs = new LinkedHashMap<>();
        section.fields().forEachRemaining(entry -> {
            JsonNode output = entry.getValue();
            if (!output.has("Value")) {
                throw formatError("Template format error: Every Outputs member must contain a Value object");
            }
            outputs.put(entry.getKey(), new OutputDeclaration(entry.getKey(), output.get("Value"),
                    output.has("Description") ? output.get("Description").asText() : null,
                    output.path("Export").get("Name"),
                    output.has("Condition") ? output.get("Condition").asText() : null));
        });
        return outputs;
    }

    private static CloudFormationException formatError(String message) {
        return CloudFormationException.validation(message);
    }
}
