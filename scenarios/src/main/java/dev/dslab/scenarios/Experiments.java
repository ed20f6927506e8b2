package dev.dslab.scenarios;

import dev.dslab.scenarios.engine.ExperimentCatalog;
import java.util.List;

/** The catalogue of experiments dslab offers, in the order `experiment list` shows them. */
public final class Experiments {

    private Experiments() {
    }

    public static ExperimentCatalog catalog() {
        return new ExperimentCatalog(List.of());
    }
}
