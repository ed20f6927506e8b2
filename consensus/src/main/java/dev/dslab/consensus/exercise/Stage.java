package dev.dslab.consensus.exercise;

import java.util.List;
import java.util.Locale;

/**
 * One staged exercise: what the learner builds, the harness stages its check runs, its guide, graded hints and
 * the sections of the reference that solve it.
 *
 * @param track       the protocol: its workspace, skeleton and scenarios
 * @param id          what the learner types: raft-3a, paxos-single
 * @param title       one line for the list
 * @param checks      the harness parts run by {@code check}: earlier stages too, since each stage builds on them
 * @param guide       the classpath resource (beside this class) written as the workspace's STAGE-xx.md
 * @param hints       graded: the first is a nudge, the last nearly the answer
 * @param solution    the reference's {@code // ---- } sections that solve this stage, in the reference's order (none:
 *                    the whole reference)
 */
public record Stage(Track track, String id, String title, List<String> checks, String guide, List<String> hints, List<String> solution) {

    /** The file the guide is written to in the workspace: STAGE-3A.md, STAGE-SINGLE.md. */
    public String guideFile() {
        return "STAGE-" + id.substring(id.indexOf('-') + 1).toUpperCase(Locale.ROOT) + ".md";
    }

    /** The scenarios {@code check} runs, in the harness's order. */
    public List<StageScenario> scenarios() {
        return track.scenarios(checks);
    }
}
