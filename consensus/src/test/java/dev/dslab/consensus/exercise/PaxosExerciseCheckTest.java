package dev.dslab.consensus.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * paxos-single end to end, as {@code exercise start} and {@code check} run it: the scaffold compiles and fails
 * with an HTML replay; the reference acceptor and proposer behind the skeleton's classes pass every scenario. The
 * workspace is the learner's; their code runs in the check's child JVM. ({@code PaxosScenariosTest} shows each
 * classic bug failing, in process.)
 */
class PaxosExerciseCheckTest {

    private static final Stage PAXOS = Exercises.named("paxos-single").orElseThrow();

    @TempDir
    Path home;

    @Test
    void theScaffoldCompilesAndFailsWithAReplayOfTheRun() throws IOException {
        Workspace.Started started = Workspace.start(home.resolve("paxos"), PAXOS);
        Path root = started.workspace().root();
        assertThat(started.written()).contains("src/main/java/paxos/MyAcceptor.java", "src/main/java/paxos/MyProposer.java",
                "src/main/java/paxos/MyLearner.java", "src/main/java/paxos/Messages.java", "STAGE-SINGLE.md", Workspace.LIBRARY);
        assertThat(root.resolve("pom.xml")).content().contains("<artifactId>paxos</artifactId>");
        assertThat(started.workspace().track()).isEqualTo(Track.PAXOS);

        ExerciseCheck.Result result = ExerciseCheck.check(started.workspace(), PAXOS, options(1, "one-proposer"), new ProgressRecorder());

        assertThat(result.passed()).isFalse();
        ExerciseCheck.Failure failure = result.scenarios().get(0).failure();
        assertThat(failure.property()).isEqualTo("liveness");
        assertThat(result.reproduce(result.scenarios().get(0))).isEqualTo("dslab exercise check paxos-single --seed 1 --scenario one-proposer");
        assertThat(failure.replay()).isEqualTo(root.resolve("target/dslab-replays/paxos-single-one-proposer-seed1.html"));
        assertThat(failure.replay()).content().contains("<title>dslab Paxos failure replay: paxos-single one-proposer, seed 1: liveness</title>",
                "\"names\":[\"n0\",\"n1\",\"n2\",\"n3\"]", "booted", "prom none");

        // a Raft stage in this workspace is refused with what to do
        assertThatThrownBy(() -> Workspace.start(root, Exercises.named("raft-3a").orElseThrow()))
                .isInstanceOf(ExerciseException.class).hasMessageContaining("is a paxos workspace");
    }

    @Test
    void theReferenceAsTheLearnersCodePassesEveryScenario() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("paxos"), PAXOS).workspace();
        learnerCode(workspace, "");
        ProgressRecorder progress = new ProgressRecorder();

        ExerciseCheck.Result passed = ExerciseCheck.check(workspace, PAXOS, options(2, null), progress);

        assertThat(passed.passed()).as(passed.toString()).isTrue();
        assertThat(passed.scenarios()).hasSize(8).allSatisfy(s -> assertThat(s.passedSeeds()).isEqualTo(2));
        assertThat(progress.runs).hasSize(16).contains("Paxos hostile 2/2");
        assertThat(progress.compiledSources).isEqualTo(4);
    }

    private static ExerciseCheck.Options options(int seeds, String scenario) {
        return new ExerciseCheck.Options(seeds, 1, scenario, ExerciseCheck.Options.DEFAULT_RUN_TIMEOUT);
    }

    /** Replaces the skeleton's acceptor and proposer with the reference's, with {@code flaw} (a PaxosFlaw) if any. */
    private static void learnerCode(Workspace workspace, String flaw) throws IOException {
        String flaws = flaw.isEmpty() ? "java.util.EnumSet.noneOf(PaxosFlaw.class)" : "java.util.EnumSet.of(" + flaw + ")";
        Path sources = workspace.sources().resolve("paxos");
        Files.writeString(sources.resolve("MyAcceptor.java"), """
                package paxos;

                import dev.dslab.consensus.paxos.*;
                import dev.dslab.consensus.sim.NodeContext;

                public final class MyAcceptor implements PaxosNodes.AcceptorView {
                    private final PaxosNodes.AcceptorView node;

                    public MyAcceptor(int me) {
                        node = PaxosNodes.reference(%s).acceptor(me);
                    }

                    public void boot(NodeContext context) { node.boot(context); }
                    public void onMessage(int from, Object message) { node.onMessage(from, message); }
                    public void onTimer(Object tag) { node.onTimer(tag); }
                    public Ballot promised() { return node.promised(); }
                    public Ballot acceptedBallot() { return node.acceptedBallot(); }
                    public String acceptedValue() { return node.acceptedValue(); }
                }
                """.formatted(flaws));
        Files.writeString(sources.resolve("MyProposer.java"), """
                package paxos;

                import dev.dslab.consensus.paxos.*;
                import dev.dslab.consensus.sim.NodeContext;

                public final class MyProposer implements PaxosNodes.ProposerView {
                    private final PaxosNodes.ProposerView node;

                    public MyProposer(int me, int acceptors, String value) {
                        node = PaxosNodes.reference(%s).proposer(me, acceptors, value);
                    }

                    public void boot(NodeContext context) { node.boot(context); }
                    public void onMessage(int from, Object message) { node.onMessage(from, message); }
                    public void onTimer(Object tag) { node.onTimer(tag); }
                    public String learned() { return node.learned(); }
                }
                """.formatted(flaws));
    }
}
