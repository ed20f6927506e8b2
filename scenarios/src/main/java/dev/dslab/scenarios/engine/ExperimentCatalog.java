package dev.dslab.scenarios.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The experiments dslab offers, by name, in catalogue order. */
public final class ExperimentCatalog {

    private final Map<String, Experiment> byName = new LinkedHashMap<>();

    public ExperimentCatalog(List<Experiment> experiments) {
        experiments.forEach(experiment -> {
            if (byName.putIfAbsent(experiment.name(), experiment) != null) {
                throw new IllegalArgumentException("two experiments are named " + experiment.name());
            }
        });
    }

    public List<Experiment> all() {
        return List.copyOf(byName.values());
    }

    /** @throws IllegalArgumentException one line naming the unknown experiment and the known ones */
    public Experiment get(String name) {
        Experiment experiment = byName.get(name);
        if (experiment == null) {
            throw new IllegalArgumentException("unknown experiment '" + name + "'; known: " + String.join(", ", byName.keySet()));
        }
        return experiment;
    }
}
