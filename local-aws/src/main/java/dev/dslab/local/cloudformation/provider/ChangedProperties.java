package dev.dslab.local.cloudformation.provider;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The properties whose value differs between the previous and the new request. */
final class ChangedProperties {

    private ChangedProperties() {
    }

    static Set<String> between(ResourceRequest previous, ResourceRequest request) {
        Set<String> names = new TreeSet<>();
        previous.properties().fieldNames().forEachRemaining(names::add);
        request.properties().fieldNames().forEachRemaining(names::add);
        names.removeIf(name -> Objects.equals(previous.properties().get(name), request.properties().get(name)));
        return names;
    }

    /** Fails loudly when a property changed that the provider cannot update in place. */
    static void requireOnly(ResourceRequest previous, ResourceRequest request, Set<String> updatable, String why)
            throws ProviderException {
        Set<String> notUpdatable = between(previous, request);
        notUpdatable.removeAll(updatable);
        if (!notUpdatable.isEmpty()) {
            throw new ProviderException("Updating " + notUpdatable + " of " + request.type()
                    + " in place is not supported by the dslab local target: " + why);
        }
    }
}
