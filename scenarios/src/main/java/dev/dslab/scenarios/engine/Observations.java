package dev.dslab.scenarios.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A run's observations by id, in the order the experiment recorded them. */
public final class Observations {

    private final Map<String, Observation> byId = new LinkedHashMap<>();

    public Observations(List<Observation> observations) {
        observations.forEach(observation -> {
            if (byId.putIfAbsent(observation.id(), observation) != null) {
                throw new IllegalArgumentException("two observations have the id " + observation.id());
            }
        });
    }

    public Optional<Observation> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Double> value(String id) {
        return get(id).map(Observation::value).filter(value -> !Double.isNaN(value));
    }

    public List<Observation> all() {
        return List.copyOf(byId.values());
    }
}
