package dev.dslab.local.cloudformation.engine;

import dev.dslab.local.cloudformation.CloudFormationException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.cloudformation.model.Export;

/** The account's exported outputs and which stacks import them (an export in use cannot go away). */
final class Exports {

    private record Entry(String stackId, String value) {
    }

    private final Map<String, Entry> byName = new LinkedHashMap<>();
    private final Map<String, Set<String>> importers = new HashMap<>();

    synchronized String importValue(String exportName, String importingStack) {
        Entry entry = byName.get(exportName);
        if (entry == null) {
            return null;
        }
        importers.computeIfAbsent(exportName, name -> new TreeSet<>()).add(importingStack);
        return entry.value();
    }

    /** Replaces the stack's exports, refusing names another stack exports or removals still imported. */
    synchronized void publish(String stackId, Map<String, String> exports) {
        exports.forEach((name, value) -> {
            Entry existing = byName.get(name);
            if (existing != null && !existing.stackId().equals(stackId)) {
                throw CloudFormationException.validation("Export with name " + name
                        + " is already exported by stack " + stackName(existing.stackId()));
            }
        });
        byName.forEach((name, entry) -> {
            if (entry.stackId().equals(stackId) && !exports.containsKey(name)) {
                requireUnused(name);
            }
        });
        byName.values().removeIf(entry -> entry.stackId().equals(stackId));
        exports.forEach((name, value) -> byName.put(name, new Entry(stackId, value)));
    }

    synchronized void requireNoneInUse(String stackId) {
        byName.forEach((name, entry) -> {
            if (entry.stackId().equals(stackId)) {
                requireUnused(name);
            }
        });
    }

    synchronized void withdraw(String stackId, String stackName) {
        byName.values().removeIf(entry -> entry.stackId().equals(stackId));
        importers.values().forEach(stacks -> stacks.remove(stackName));
    }

    private void requireUnused(String name) {
        Set<String> users = importers.getOrDefault(name, Set.of());
        if (!users.isEmpty()) {
            throw CloudFormationException.validation("Export " + name + " cannot be deleted as it is in use by "
                    + String.join(" and ", users));
        }
    }

    synchronized List<Export> list() {
        return byName.entrySet().stream()
                .map(e -> Export.builder().name(e.getKey()).value(e.getValue().value())
                        .exportingStackId(e.getValue().stackId()).build())
                .toList();
    }

    private static String stackName(String stackId) {
        String[] parts = stackId.split("/");
        return parts.length > 1 ? parts[1] : stackId;
    }
}
