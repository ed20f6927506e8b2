package dev.dslab.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.ParameterSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue as `experiment list` and `describe` show it: every entry complete and runnable as declared. */
class ExperimentsTest {

    private final List<Experiment> experiments = Experiments.catalog().all();

    @Test
    void theConsistencyLabHasItsFiveExperiments() {
        assertThat(experiments).extracting(Experiment::name).contains("dynamodb-read-consistency", "dynamodb-gsi-lag",
                "dynamodb-lost-update", "s3-consistency", "cap-partition");
    }

    @Test
    void everyExperimentExplainsItselfWithSourcesAndATypicalRunOfAMinuteAtMost() {
        for (Experiment experiment : experiments) {
            var info = experiment.info();
            assertThat(info.purpose()).as(info.name()).isNotBlank();
            assertThat(info.hypothesis()).as(info.name()).isNotBlank();
            assertThat(info.explanation().split("\n\n")).as(info.name()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(info.sources()).as(info.name()).isNotEmpty();
            assertThat(info.typicalRun()).as(info.name()).isLessThanOrEqualTo(Duration.ofSeconds(60));
            assertThat(info.timeLimit()).as(info.name()).isGreaterThan(info.typicalRun());
            assertThat(info.targets()).as(info.name()).containsAnyOf("local", ExperimentInfo.SIMULATOR);
            assertThat(experiment.quiz()).as(info.name()).isNotEmpty();
        }
    }

    @Test
    void everyDefaultParsesAndEveryParameterNameIsUnique() {
        for (Experiment experiment : experiments) {
            Set<String> names = new HashSet<>();
            for (ParameterSpec spec : experiment.parameters()) {
                assertThat(names.add(spec.name())).as(experiment.name() + " " + spec.name()).isTrue();
                assertThat(spec.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
                assertThat(spec.description()).isNotBlank();
            }
            assertThat(ExperimentRunner.validate(experiment, Map.of()).asText()).hasSize(experiment.parameters().size());
        }
    }

    @Test
    void predictionsNameAnObservationAndCoverEveryValue() {
        for (Experiment experiment : experiments) {
            experiment.info().prediction().ifPresent(prediction -> {
                var choices = prediction.choices();
                assertThat(choices.get(0).from()).as(experiment.name()).isLessThanOrEqualTo(0);
                assertThat(choices.get(choices.size() - 1).to()).as(experiment.name()).isEqualTo(Double.POSITIVE_INFINITY);
                for (int i = 1; i < choices.size(); i++) {
                    assertThat(choices.get(i).from()).as(experiment.name()).isEqualTo(choices.get(i - 1).to());
                }
            });
        }
    }
}
