package dev.dslab.scenarios.engine;

import dev.dslab.curriculum.question.Source;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an experiment is, for the catalogue and `experiment describe`.
 *
 * @param purpose      one line: what it teaches
 * @param hypothesis   what the learner should expect to see, and why
 * @param explanation  how it works and the Amazon context, in paragraphs separated by blank lines
 * @param sources      where every claim of the explanation comes from
 * @param typicalRun   how long a run with the default parameters takes
 * @param targets      the targets it can run on ("local", "localstack", "aws"), or only {@link #SIMULATOR}: it runs in
 *                     dslab's deterministic simulator and needs neither a target nor a sandbox
 * @param prediction   the question asked before a run, if any
 * @param timeLimit    a run that is still going after this is stopped and marked failed
 */
public record ExperimentInfo(String name, String purpose, String hypothesis, String explanation, List<Source> sources,
                             Duration typicalRun, Set<String> targets, Optional<Prediction> prediction, Duration timeLimit) {

    /** The pseudo-target of experiments that run in the consensus module's simulator, in the shell's own JVM. */
    public static final String SIMULATOR = "simulator";

    public ExperimentInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(explanation, "explanation");
        sources = List.copyOf(sources);
        targets = Set.copyOf(targets);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("experiment " + name + " must name its sources");
        }
        if (targets.contains(SIMULATOR) && targets.size() > 1) {
            throw new IllegalArgumentException("experiment " + name + " runs in the simulator or on targets, not both");
        }
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("experiment names are lower-case words joined by '-': " + name);
        }
    }

    /** False for a simulator experiment: it runs without a target, a sandbox or model controls. */
    public boolean needsTarget() {
        return !targets.contains(SIMULATOR);
    }
}
