package dev.dslab.local.cloudformation.provider;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What changes between two tag sets: tags to (re)set and keys to remove. */
record Tags(Map<String, String> toSet, Set<String> toRemove) {

    static Tags diff(Map<String, String> before, Map<String, String> after) {
        Map<String, String> toSet = new LinkedHashMap<>();
        after.forEach((key, value) -> {
            if (!Objects.equals(before.get(key), value)) {
                toSet.put(key, value);
            }
        });
        Set<String> toRemove = new HashSet<>(before.keySet());
        toRemove.removeAll(after.keySet());
        return new Tags(toSet, toRemove);
    }
}
