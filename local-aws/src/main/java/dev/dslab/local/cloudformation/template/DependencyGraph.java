package dev.dslab.local.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dslab.local.cloudformation.CloudFormationException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which resources of a template must exist before which: edges from Ref, Fn::GetAtt, Fn::Sub variables
 * and DependsOn, between the resources that exist under the stack's conditions. Built once per
 * operation; rejects references to undefined names and circular dependencies as CloudFormation does.
 */
public final class DependencyGraph {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Set<String>> prerequisites;
    private final List<String> order;

    private DependencyGraph(Map<String, Set<String>> prerequisites) {
        this.prerequisites = prerequisites;
        this.order = topologicalOrder(prerequisites);
    }

    /** The graph of the resources in {@code active} (those whose condition holds). */
    public static DependencyGraph of(Template template, Collection<String> active) {
        Set<String> unresolved = new TreeSet<>();
        Map<String, Set<String>> prerequisites = new LinkedHashMap<>();
        for (String logicalId : active) {
            ResourceDeclaration resource = template.resources().get(logicalId);
            Set<String> needs = new LinkedHashSet<>(resource.dependsOn());
            collect(resource.properties(), template, needs, unresolved);
            needs.forEach(name -> {
                if (!template.resources().containsKey(name)) {
                    unresolved.add(name);
                }
            });
            needs.retainAll(active);
            needs.remove(logicalId);
            prerequisites.put(logicalId, needs);
        }
        template.outputs().values().forEach(output -> {
            collect(output.value(), template, new HashSet<>(), unresolved);
        });
        if (!unresolved.isEmpty()) {
            throw CloudFormationException.validation("Template format error: Unresolved resource dependencies "
                    + unresolved + " in the Resources block of the template");
        }
        return new DependencyGraph(prerequisites);
    }

    /** Names the resources an expression refers to; unknown names (not parameters either) go to {@code unresolved}. */
    private static void collect(JsonNode node, Template template, Set<String> needs, Set<String> unresolved) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(item -> collect(item, template, needs, unresolved));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Entry<String, JsonNode> function = TemplateEvaluator.singleFunction(node);
        if (function != null) {
            JsonNode args = function.getValue();
            switch (function.getKey()) {
                case "Ref" -> refer(args.asText(), template, needs, unresolved);
                case "Fn::GetAtt" -> {
                    String target = TemplateEvaluator.getAttTarget(args)[0];
                    if (template.resources().containsKey(target)) {
                        needs.add(target);
                    } else {
                        unresolved.add(target);
                    }
                }
                case "Fn::Sub" -> {
                    String format = args.isArray() ? args.path(0).asText() : args.asText();
                    Set<String> local = new HashSet<>();
                    if (args.isArray()) {
                        args.path(1).fieldNames().forEachRemaining(local::add);
                        collect(args.path(1), template, needs, unresolved);
                    }
                    Matcher matcher = SUB_VARIABLE.matcher(format);
                    while (matcher.find()) {
                        String variable = matcher.group(1);
                        if (!local.contains(variable)) {
                            refer(variable.contains(".") && !isParameterOrPseudo(variable, template)
                                    ? variable.substring(0, variable.indexOf('.')) : variable,
                                    template, needs, unresolved);
                        }
                    }
                }
                default -> collect(args, template, needs, unresolved);
            }
            return;
        }
        node.forEach(child -> collect(child, template, needs, unresolved));
    }

    private static void refer(String name, Template template, Set<String> needs, Set<String> unresolved) {
        if (template.resources().containsKey(name)) {
            needs.add(name);
        } else if (!isParameterOrPseudo(name, template)) {
            unresolved.add(name);
        }
    }

    private static boolean isParameterOrPseudo(String name, Template template) {
        return name.startsWith("AWS::") || template.parameters().containsKey(name);
    }

    private static List<String> topologicalOrder(Map<String, Set<String>> prerequisites) {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        prerequisites.forEach((id, needs) -> waiting.put(id, needs.size()));
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((id, count) -> {
            if (count == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            prerequisites.forEach((other, needs) -> {
                if (needs.contains(id) && waiting.merge(other, -1, Integer::sum) == 0) {
                    ready.add(other);
                }
            });
        }
        if (order.size() < prerequisites.size()) {
            Set<String> cycle = new TreeSet<>(prerequisites.keySet());
            order.forEach(cycle::remove);
            // what is left also holds resources that merely wait for the cycle: drop those nobody left needs
            boolean pruned = true;
            while (pruned) {
                pruned = cycle.removeIf(id -> cycle.stream().noneMatch(other -> prerequisites.get(other).contains(id)));
            }
            throw CloudFormationException.validation("Circular dependency between resources: " + cycle);
        }
        return List.copyOf(order);
    }

    /** The resources in an order where each comes after everything it needs. */
    public List<String> creationOrder() {
        return order;
    }

    public Set<String> resources() {
        return prerequisites.keySet();
    }

    /** What must exist before {@code logicalId} is created. */
    public Set<String> prerequisitesOf(String logicalId) {
        return prerequisites.getOrDefault(logicalId, Set.of());
    }

    /** What must be deleted before {@code logicalId} is: the resources that need it. */
    public Set<String> dependentsOf(String logicalId) {
        Set<String> dependents = new LinkedHashSet<>();
        prerequisites.forEach((id, needs) -> {
            if (needs.contains(logicalId)) {
                dependents.add(id);
            }
        });
        return dependents;
    }
}
