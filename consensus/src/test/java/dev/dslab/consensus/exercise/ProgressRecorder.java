package dev.dslab.consensus.exercise;

import java.util.ArrayList;
import java.util.List;

/** What a check reported while it ran: the sources it compiled and each finished run as "scenario done/total". */
final class ProgressRecorder implements ExerciseCheck.Progress {
    int compiledSources;
    final List<String> runs = new ArrayList<>();

    @Override
    public void compiled(int sources, long millis) {
        compiledSources = sources;
    }

    @Override
    public void runFinished(StageScenario scenario, int done, int total) {
        runs.add(scenario + " " + done + "/" + total);
    }

    @Override
    public void scenarioFinished(ExerciseCheck.ScenarioResult result) {
    }
}
