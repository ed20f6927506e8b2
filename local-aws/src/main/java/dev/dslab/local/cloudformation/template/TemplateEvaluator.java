package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.dslab.local.cloudformation.CloudFormationException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the intrinsic functions, condition functions and pseudo parameters of one template against
 * parameter values and the resources created so far. {@link #resolve} returns null where an expression
 * evaluates to AWS::NoValue; the property holding it is then left out, as CloudFormation does.
 */
public final class TemplateEvaluator {

    /** The already created resources an expression may refer to. */
    public interface ResourceLookup {
        /** The physical id (what Ref returns), or null when the resource does not exist (yet). */
        String physicalId(String logicalId);

        /** A Fn::GetAtt attribute, or null when the resource has no such attribute. */
        String attribute(String logicalId, String attribute);
    }

    public static final String NO_VALUE = "AWS::NoValue";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Template template;
    private final Map<String, JsonNode> references;
    private final ResourceLookup resources;
    private final Function<String, String> imports;
    private final Map<String, Boolean> conditionValues = new HashMap<>();

    /**
     * @param parameterValues parameter and pseudo parameter name to value (text, or array for lists)
     * @param resources       the resources created so far; null while evaluating the Conditions section,
     *                        which may not refer to resources
     * @param imports         export name to its value, or null when no stack exports it
     */
    public TemplateEvaluator(Template template, Map<String, JsonNode> parameterValues, ResourceLookup resources,
                             Function<String, String> imports) {
        this.template = template;
        this.references = parameterValues;
        this.resources = resources;
        this.imports = imports;
    }

    /** Whether a resource or output guarded by {@code conditionName} (null = unguarded) exists. */
    public boolean condition(String conditionName) {
        if (conditionName == null) {
            return true;
        }
        Boolean known = conditionValues.get(conditionName);
        if (known != null) {
            return known;
        }
        JsonNode expression = template.conditions().get(conditionName);
        if (expression == null) {
            throw error("Template format error: Unresolved condition dependency " + conditionName);
        }
        boolean value = conditionValue(expression);
        conditionValues.put(conditionName, value);
        return value;
    }

    private boolean conditionValue(JsonNode expression) {
        if (expression.isBoolean()) {
            return expression.asBoolean();
        }
        if (expression.isTextual()) {
            return Boolean.parseBoolean(expression.asText());
        }
        Entry<String, JsonNode> function = singleFunction(expression);
        if (function == null) {
            throw error("Template error: invalid condition " + expression);
        }
        JsonNode args = function.getValue();
        return switch (function.getKey()) {
            case "Condition" -> condition(args.asText());
            case "Fn::Equals" -> {
                requireArray(args, 2, "Fn::Equals");
                yield text(resolve(args.get(0))).equals(text(resolve(args.get(1))));
            }
            case "Fn::Not" -> {
                requireArray(args, 1, "Fn::Not");
                yield !conditionValue(args.get(0));
            }
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode each : args) {
                    all &= conditionValue(each);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode each : args) {
                    any |= conditionValue(each);
                }
                yield any;
            }
            default -> throw error("Template error: " + function.getKey() + " is not a condition function");
        };
    }

    /** The value of an expression, or null for AWS::NoValue. */
    public JsonNode resolve(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : node) {
                JsonNode value = resolve(item);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        Entry<String, JsonNode> function = singleFunction(node);
        if (function != null) {
            return call(function.getKey(), function.getValue());
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Entry<String, JsonNode> field = fields.next();
            JsonNode value = resolve(field.getValue());
            if (value != null) {
                out.set(field.getKey(), value);
            }
        }
        return out;
    }

    /** The single "Ref"/"Fn::*"/"Condition" key of an object that is a function call, or null. */
    static Entry<String, JsonNode> singleFunction(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return null;
        }
        Entry<String, JsonNode> only = node.fields().next();
        String key = only.getKey();
        return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") ? only : null;
    }

    private JsonNode call(String function, JsonNode args) {
        return switch (function) {
            case "Ref" -> ref(args.asText());
            case "Fn::GetAtt" -> {
                String[] target = getAttTarget(args);
                yield TextNode.valueOf(getAtt(target[0], target[1]));
            }
            case "Fn::Join" -> join(args);
            case "Fn::Sub" -> TextNode.valueOf(sub(args));
            case "Fn::Select" -> select(args);
            case "Fn::Split" -> split(args);
            case "Fn::If" -> {
                requireArray(args, 3, "Fn::If");
                yield resolve(condition(args.get(0).asText()) ? args.get(1) : args.get(2));
            }
            case "Fn::FindInMap" -> findInMap(args);
            case "Fn::GetAZs" -> availabilityZones(args);
            case "Fn::Base64" -> TextNode.valueOf(Base64.getEncoder()
                    .encodeToString(text(resolve(args)).getBytes(StandardCharsets.UTF_8)));
            case "Fn::ImportValue" -> {
                String name = text(resolve(args));
                String value = imports.apply(name);
                if (value == null) {
                    throw error("No export named " + name + " found. Rollback requested by user.");
                }
                yield TextNode.valueOf(value);
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" ->
                    NODES.booleanNode(conditionValue(NODES.objectNode().set(function, args)));
            default -> throw error("Template error: the intrinsic function " + function
                    + " is not supported by the dslab local target");
        };
    }

    private JsonNode ref(String name) {
        if (name.equals(NO_VALUE)) {
            return null;
        }
        JsonNode value = references.get(name);
        if (value != null) {
            return value;
        }
        if (template.resources().containsKey(name)) {
            if (resources == null) {
                throw error("Template format error: Unresolved dependencies [" + name
                        + "]. Cannot reference resources in the Conditions block of the template");
            }
            String physicalId = resources.physicalId(name);
            if (physicalId == null) {
                throw error("Template error: resource " + name + " is referenced before it exists");
            }
            return TextNode.valueOf(physicalId);
        }
        throw error("Template format error: Unresolved resource dependencies [" + name
                + "] in the Resources block of the template");
    }

    static String[] getAttTarget(JsonNode args) {
        if (args.isTextual()) {
            String text = args.asText();
            int dot = text.indexOf('.');
            if (dot < 1) {
                throw error("Template error: every Fn::GetAtt object requires two non-empty parameters");
            }
            return new String[] {text.substring(0, dot), text.substring(dot + 1)};
        }
        if (args.isArray() && args.size() == 2) {
            return new String[] {args.get(0).asText(), args.get(1).asText()};
        }
        throw error("Template error: every Fn::GetAtt object requires two non-empty parameters");
    }

    private String getAtt(String logicalId, String attribute) {
        if (!template.resources().containsKey(logicalId)) {
            throw error("Template error: instance of Fn::GetAtt references undefined resource " + logicalId);
        }
        String value = resources.attribute(logicalId, attribute);
        if (value == null) {
            throw error("Template error: resource " + logicalId + " does not support attribute type " + attribute
                    + " in Fn::GetAtt");
        }
        return value;
    }

    private JsonNode join(JsonNode args) {
        requireArray(args, 2, "Fn::Join");
        List<String> parts = new ArrayList<>();
        for (JsonNode item : list(resolve(args.get(1)), "Fn::Join")) {
            parts.add(text(item));
        }
        return TextNode.valueOf(String.join(args.get(0).asText(), parts));
    }

    private String sub(JsonNode args) {
        String format;
        Map<String, JsonNode> local = new HashMap<>();
        if (args.isTextual()) {
            format = args.asText();
        } else {
            requireArray(args, 2, "Fn::Sub");
            format = args.get(0).asText();
            args.get(1).fields().forEachRemaining(entry -> local.put(entry.getKey(), resolve(entry.getValue())));
        }
        Matcher matcher = SUB_VARIABLE.matcher(format);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (local.containsKey(variable)) {
                replacement = text(local.get(variable));
            } else if (!references.containsKey(variable) && variable.contains(".")) {
                int dot = variable.indexOf('.');
                replacement = getAtt(variable.substring(0, dot), variable.substring(dot + 1));
            } else {
                replacement = text(ref(variable));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode select(JsonNode args) {
        requireArray(args, 2, "Fn::Select");
        int index;
        try {
            index = Integer.parseInt(text(resolve(args.get(0))));
        } catch (NumberFormatException e) {
            throw error("Template error: Fn::Select requires a numeric index");
        }
        JsonNode values = list(resolve(args.get(1)), "Fn::Select");
        if (index < 0 || index >= values.size()) {
            throw error("Template error: Fn::Select cannot select nonexistent value at index " + index);
        }
        return values.get(index);
    }

    private JsonNode split(JsonNode args) {
        requireArray(args, 2, "Fn::Split");
        String delimiter = args.get(0).asText();
        ArrayNode out = NODES.arrayNode();
        for (String part : text(resolve(args.get(1))).split(Pattern.quote(delimiter), -1)) {
            out.add(part);
        }
        return out;
    }

    private JsonNode findInMap(JsonNode args) {
        requireArray(args, 3, "Fn::FindInMap");
        String map = text(resolve(args.get(0)));
        String top = text(resolve(args.get(1)));
        String second = text(resolve(args.get(2)));
        JsonNode value = template.mappings().path(map).path(top).get(second);
        if (value == null) {
            throw error("Template error: Unable to get mapping for " + map + "::" + top + "::" + second);
        }
        return value;
    }

    private JsonNode availabilityZones(JsonNode args) {
        String region = text(resolve(args));
        if (region.isEmpty()) {
            region = text(references.get("AWS::Region"));
        }
        ArrayNode zones = NODES.arrayNode();
        for (String suffix : List.of("a", "b", "c")) {
            zones.add(region + suffix);
        }
        return zones;
    }

    private static JsonNode list(JsonNode value, String function) {
        if (value == null || !value.isArray()) {
            throw error("Template error: " + function + " requires a list, got " + value);
        }
        return value;
    }

    private static void requireArray(JsonNode args, int size, String function) {
        if (!args.isArray() || args.size() != size) {
            throw error("Template error: " + function + " requires a list of " + size + " arguments");
        }
    }

    /** The text form CloudFormation gives a scalar (numbers and booleans become their literal). */
    static String text(JsonNode value) {
        if (value == null) {
            return "";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        throw error("Template error: expected a string, got " + value);
    }

    private static CloudFormationException error(String message) {
        return CloudFormationException.validation(message);
    }
}
