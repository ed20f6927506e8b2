package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;

/**
 * Reads a YAML template into the same tree a JSON template gives, turning CloudFormation's short-form
 * tags into their long form: {@code !Ref X} into {"Ref": X}, {@code !GetAtt R.A} into
 * {"Fn::GetAtt": [R, A]}, {@code !Condition C} into {"Condition": C}, and every other {@code !Name v}
 * into {"Fn::Name": v}.
 */
final class YamlTemplateReader {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTemplateReader() {
    }

    static JsonNode read(String body) throws IOException {
        try (YAMLParser parser = YAML.createParser(body)) {
            if (parser.nextToken() == null) {
                return NODES.missingNode();
            }
            return node(parser);
        }
    }

    private static JsonNode node(YAMLParser parser) throws IOException {
        // the parser gives a local tag without its "!" ("Ref" for !Ref) and a standard one as a URI
        String tag = parser.getTypeId();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, node(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(parser));
                }
                yield array;
            }
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(parser.getText());
        };
        return tag == null || tag.startsWith("tag:") ? value : shortForm(tag, value);
    }

    private static JsonNode shortForm(String function, JsonNode value) {
        return switch (function) {
            case "Ref", "Condition" -> NODES.objectNode().set(function, value);
            case "GetAtt" -> NODES.objectNode().set("Fn::GetAtt", value.isTextual() ? getAttList(value.asText()) : value);
            default -> NODES.objectNode().set("Fn::" + function, value);
        };
    }

    private static JsonNode getAttList(String target) {
        int dot = target.indexOf('.');
        ArrayNode list = NODES.arrayNode();
        if (dot < 0) {
            return list.add(target);
        }
        return list.add(target.substring(0, dot)).add(target.substring(dot + 1));
    }
}
