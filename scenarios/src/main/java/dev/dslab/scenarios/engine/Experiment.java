package dev.dslab.scenarios.engine;

import java.util.List;

/**
 * A scripted experiment: it declares what it is and takes, runs a seeded workload against the learner's
 * sandbox recording every operation, checks the history and reports observations and charts. Plain Java:
 * the shell supplies the target, the sandbox and the controls through the {@link RunContext}.
 */
public interface Experiment {

    ExperimentInfo info();

    List<ParameterSpec> parameters();

    /**
     * Runs the workload. Must return promptly when interrupted (Ctrl-C, time limit): stop the clients and
     * throw InterruptedException; what was recorded so far stays in the history.
     */
    ExperimentResult run(RunContext context) throws InterruptedException;

    /** The questions this experiment asks about a run's observations. */
    List<QuizTemplate> quiz();

    default String name() {
        return info().name();
    }
}
