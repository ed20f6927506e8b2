package dev.dslab.consensus.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stage content a learner reads: every stage has a guide that cites Figure 2 or 13, hints, and a solution cut to it. */
class ExercisesTest {

    @Test
    void everyStageHasItsGuideHintsAndScenarios() {
        assertThat(Exercises.all()).extracting(Stage::id).containsExactly("raft-3a", "raft-3b", "raft-3c", "raft-3d", "paxos-single");
        for (Stage stage : Exercises.all()) {
            assertThat(Workspace.resource(stage.guide())).as(stage.id()).contains(stage.track() == Track.RAFT ? "Figure" : "Paxos Made Simple",
                    "## Check", "## Classic bugs", "exercise check " + stage.id());
            assertThat(stage.hints()).as(stage.id()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(stage.scenarios()).as(stage.id()).isNotEmpty();
        }
        assertThat(Exercises.named("raft-3b").orElseThrow().scenarios()).hasSize(13);
        assertThat(Exercises.named("raft-3d").orElseThrow().scenarios()).hasSize(28);
        assertThat(Exercises.named(" RAFT-3A ")).isPresent();
        assertThat(Exercises.named("paxos")).isEmpty();
        assertThat(Exercises.next(Exercises.named("raft-3c").orElseThrow())).map(Stage::id).hasValue("raft-3d");
        assertThat(Exercises.next(Exercises.named("raft-3d").orElseThrow())).isEmpty();
    }

    @Test
    void thePaxosStageQuotesTheInvariantsAndRunsThePaxosScenarios() {
        Stage paxos = Exercises.named("paxos-single").orElseThrow();
        assertThat(paxos.guideFile()).isEqualTo("STAGE-SINGLE.md");
        assertThat(Workspace.resource(paxos.guide())).contains("**P1.** An acceptor must accept the first proposal that it receives",
                "**P1a.**", "**P2c**", "Phase 1a.", "Phase 1b.", "Phase 2a.", "Phase 2b.", "(2.2)", "(2.5)", "stable storage",
                "disjoint sets of numbers");
        assertThat(paxos.scenarios()).extracting(StageScenario::name)
                .containsExactly("one-proposer", "duelling-proposers", "lossy-network", "partitions", "crash-restart", "hostile",
                        "stale-accept", "highest-ballot-adoption");
        assertThat(paxos.scenarios().get(0)).hasToString("Paxos one-proposer");
        assertThat(Solution.of(paxos)).contains("public final class Acceptor", "public final class Proposer", "record Ballot(",
                "record Promise(", "private void persist()");
    }

    @Test
    void theSolutionShowsTheReferenceCutToTheStage() {
        String election = Solution.of(Exercises.named("raft-3a").orElseThrow());
        assertThat(election).contains("private void startElection()", "private void onRequestVote(", "public int termAt(int index)",
                        "record RequestVote(", "// ---- log replication (5.3, 5.4.2): not needed for this stage ----")
                .doesNotContain("private void advanceCommitIndex()", "private void onInstallSnapshot(");
        assertThat(election.strip()).endsWith("}");

        String snapshots = Solution.of(Exercises.named("raft-3d").orElseThrow());
        assertThat(snapshots).contains("private void onInstallSnapshot(", "private void advanceCommitIndex()", "private void persist()")
                .doesNotContain("not needed for this stage");
    }
}
