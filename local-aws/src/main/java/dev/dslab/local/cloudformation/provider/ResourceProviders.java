package dev.dslab.local.cloudformation.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The resource types a stack may hold, each with its provider. */
public final class ResourceProviders {

    private final Map<String, ResourceProvider> byType;

    public ResourceProviders(List<ResourceProvider> providers) {
        this.byType = providers.stream()
                .collect(Collectors.toMap(ResourceProvider::type, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    public Optional<ResourceProvider> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> supportedTypes() {
        return byType.keySet();
    }
}
