package dev.dslab.local.cloudformation.engine;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dslab.local.cloudformation.template.DependencyGraph;
import dev.dslab.local.cloudformation.template.Template;

import java.util.Map;

/**
 * A validated template with its parameter values: what a create or update deploys.
 *
 * @param parameters  the declared parameters' values (given, previous or default)
 * @param references  parameters and pseudo parameters as the evaluator sees them
 * @param graph       the resources that exist under the conditions, with their dependencies
 */
record Plan(Template template, String templateBody, Map<String, String> parameters, Map<String, JsonNode> references,
            DependencyGraph graph) {
}
