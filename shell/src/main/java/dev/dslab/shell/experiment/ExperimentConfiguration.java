package dev.dslab.shell.experiment;

import dev.dslab.scenarios.Experiments;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.ExperimentRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The experiments the shell offers: the scenarios module's catalogue (tests register their own beside it). */
@Configuration(proxyBeanMethods = false)
class ExperimentConfiguration {

    @Bean
    ExperimentCatalog experimentCatalog() {
        return Experiments.catalog();
    }

    @Bean
    ExperimentRunner experimentRunner() {
        return new ExperimentRunner();
    }
}
