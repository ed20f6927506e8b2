package dev.dslab.local.cloudformation.template;

import java.util.List;

/** One entry of the Parameters section. */
public record ParameterDeclaration(String name,
                                   String type,
                                   String defaultValue,
                                   List<String> allowedValues,
                                   String allowedPattern,
                                   boolean noEcho,
                                   String description) {

    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }
}
