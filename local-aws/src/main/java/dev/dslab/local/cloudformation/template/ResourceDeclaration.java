package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One entry of the Resources section.
 *
 * @param properties      the Properties object, unevaluated (empty when the template has none)
 * @param condition       the name of the condition that decides whether the resource exists, or null
 * @param deletionPolicy  Delete (the default), Retain, RetainExceptOnCreate or Snapshot
 */
public record ResourceDeclaration(String logicalId,
                                  String type,
                                  ObjectNode properties,
                                  List<String> dependsOn,
                                  String condition,
                                  String deletionPolicy) {

    /** Whether deleting the stack (or removing the resource from it) keeps the physical resource. */
    public boolean retainedOnDelete() {
        return "Retain".equals(deletionPolicy) || "RetainExceptOnCreate".equals(deletionPolicy);
    }
}
