package dev.dslab.local.cloudformation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.dslab.local.cloudformation.CloudFormationException;
import dev.dslab.local.cloudformation.template.DependencyGraph;
import dev.dslab.local.cloudformation.template.ParameterDeclaration;
import dev.dslab.local.cloudformation.template.ResourceDeclaration;
import dev.dslab.local.cloudformation.template.Template;
import dev.dslab.local.cloudformation.template.TemplateEvaluator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * The synchronous checks CloudFormation makes before it accepts a create or update: parameter values,
 * capabilities, conditions and the dependency graph. Everything here fails the API call itself.
 */
final class Planner {

    /** IAM resource types whose name property makes them "named" (CAPABILITY_NAMED_IAM). */
    private static final Map<String, String> IAM_NAME_PROPERTIES = Map.of(
            "AWS::IAM::Role", "RoleName", "AWS::IAM::User", "UserName", "AWS::IAM::Group", "GroupName",
            "AWS::IAM::ManagedPolicy", "ManagedPolicyName", "AWS::IAM::InstanceProfile", "InstanceProfileName");

    private final String region;
    private final String accountId;

    Planner(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /**
     * @param previous the stack's current parameter values, for UsePreviousValue (empty on create)
     */
    Plan plan(Template template, String templateBody, String stackName, String stackId, List<Parameter> given,
              Map<String, String> previous, List<Capability> capabilities) {
        Map<String, String> parameters = parameterValues(template, given, previous);
        Map<String, JsonNode> references = new LinkedHashMap<>();
        parameters.forEach((name, value) -> references.put(name,
                template.parameters().get(name).isList() ? list(value) : TextNode.valueOf(value)));
        references.put("AWS::AccountId", TextNode.valueOf(accountId));
        references.put("AWS::Region", TextNode.valueOf(region));
        references.put("AWS::StackName", TextNode.valueOf(stackName));
        references.put("AWS::StackId", TextNode.valueOf(stackId));
        references.put("AWS::Partition", TextNode.valueOf("aws"));
        references.put("AWS::URLSuffix", TextNode.valueOf("amazonaws.com"));
        references.put("AWS::NotificationARNs", JsonNodeFactory.instance.arrayNode());
        TemplateEvaluator conditions = new TemplateEvaluator(template, references, null, name -> null);
        List<String> active = new ArrayList<>();
        template.resources().values().forEach(resource -> {
            if (conditions.condition(resource.condition())) {
                active.add(resource.logicalId());
            }
        });
        template.conditions().keySet().forEach(conditions::condition);
        requireCapabilities(template, active, capabilities);
        return new Plan(template, templateBody, parameters, Map.copyOf(references), DependencyGraph.of(template, active));
    }

    private static Map<String, String> parameterValues(Template template, List<Parameter> given,
                                                       Map<String, String> previous) {
        Set<String> unknown = new TreeSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter parameter : given) {
            String key = parameter.parameterKey();
            if (!template.parameters().containsKey(key)) {
                unknown.add(key);
            } else if (Boolean.TRUE.equals(parameter.usePreviousValue())) {
                if (!previous.containsKey(key)) {
                    throw CloudFormationException.validation(
                            "Invalid input for parameter key " + key + ". Cannot specify usePreviousValue as true "
                                    + "for a parameter key not in the previous template");
                }
                values.put(key, previous.get(key));
            } else {
                values.put(key, parameter.parameterValue());
            }
        }
        if (!unknown.isEmpty()) {
            throw CloudFormationException.validation("Parameters: " + unknown + " do not exist in the template");
        }
        Set<String> missing = new TreeSet<>();
        Map<String, String> ordered = new LinkedHashMap<>();
        for (ParameterDeclaration declaration : template.parameters().values()) {
            String value = values.getOrDefault(declaration.name(), declaration.defaultValue());
            if (value == null) {
                missing.add(declaration.name());
                continue;
            }
            check(declaration, value);
            ordered.put(declaration.name(), value);
        }
        if (!missing.isEmpty()) {
            throw CloudFormationException.validation("Parameters: " + missing + " must have values");
        }
        return ordered;
    }

    private static void check(ParameterDeclaration declaration, String value) {
        if (!declaration.allowedValues().isEmpty() && !declaration.allowedValues().contains(value)) {
            throw CloudFormationException.validation("Parameter '" + declaration.name()
                    + "' must be one of AllowedValues");
        }
        if (declaration.allowedPattern() != null && !value.matches(declaration.allowedPattern())) {
            throw CloudFormationException.validation("Parameter '" + declaration.name() + "' must match pattern "
                    + declaration.allowedPattern());
        }
        if (declaration.type().equals("Number")) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw CloudFormationException.validation("Parameter '" + declaration.name() + "' must be a number.");
            }
        }
    }

    private static ArrayNode list(String value) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        if (!value.isEmpty()) {
            for (String item : value.split(",", -1)) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static void requireCapabilities(Template template, List<String> active, List<Capability> granted) {
        Capability required = requiredCapability(template, active);
        if (required == Capability.CAPABILITY_NAMED_IAM && !granted.contains(required)) {
            throw CloudFormationException.insufficientCapabilities(required.toString());
        }
        if (required == Capability.CAPABILITY_IAM && !granted.contains(required)
                && !granted.contains(Capability.CAPABILITY_NAMED_IAM)) {
            throw CloudFormationException.insufficientCapabilities(required.toString());
        }
    }

    /** CAPABILITY_NAMED_IAM for IAM resources with custom names, else CAPABILITY_IAM for any IAM resource, else null. */
    static Capability requiredCapability(Template template, Collection<String> resources) {
        Capability required = null;
        for (String logicalId : resources) {
            ResourceDeclaration resource = template.resources().get(logicalId);
            if (resource.type().startsWith("AWS::IAM::")) {
                String nameProperty = IAM_NAME_PROPERTIES.get(resource.type());
                if (nameProperty != null && resource.properties().has(nameProperty)) {
                    return Capability.CAPABILITY_NAMED_IAM;
                }
                required = Capability.CAPABILITY_IAM;
            }
        }
        return required;
    }
}
