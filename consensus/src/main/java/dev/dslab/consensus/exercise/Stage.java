package dev.dslab.consensus.exercise;

import dev.dslab.consensus.harness.Scenario;
import dev.dslab.consensus.harness.Scenarios;
import java.util.List;

/**
 * One staged exercise: what the learner builds, the harness stages its check runs, its guide, graded hints and
 * the sections of the reference that solve it.
 *
 * @param id          what the learner types: raft-3a
 * @param title       one line for the list
 * @param checks      the harness stages run by {@code check}: earlier stages too, since each stage builds on them
 * @param guide       the classpath resource (beside this class) written as the workspace's STAGE-xx.md
 * @param hints       graded: the first is a nudge, the last nearly the answer
 * @param solution    the reference's {@code // ---- } sections that solve this stage, in the reference's order
 */
public record Stage(String id, String title, List<String> checks, String guide, List<String> hints, List<String> solution) {

    /** The file the guide is written to in the workspace: STAGE-3A.md. */
    public String guideFile() {
        return "STAGE-" + id.substring(id.indexOf('-') + 1).toUpperCase(java.util.Locale.ROOT) + ".md";
    }

    /** The scenarios {@code check} runs, in the harness's order. */
    public List<Scenario> scenarios() {
        return Scenarios.all().stream().filter(scenario -> checks.contains(scenario.stage())).toList();
    }
}
