package dev.dslab.consensus.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's path end to end, as {@code exercise start} and {@code check} run it: a scaffolded workspace,
 * the learner's code compiled by the JDK's compiler and run in a child JVM. The "learner's code" here is the
 * reference (or a flawed reference) behind the skeleton's class name.
 */
class ExerciseCheckTest {

    private static final Stage RAFT_3A = Exercises.named("raft-3a").orElseThrow();

    @TempDir
    Path home;

    @Test
    void theScaffoldCompilesAndFailsTheStageUntilTheLearnerWritesIt() throws IOException {
        Workspace.Started started = Workspace.start(home.resolve("raft"), RAFT_3A);
        assertThat(started.created()).isTrue();
        Path root = started.workspace().root();
        assertThat(root.resolve("STAGE-3A.md")).content().contains("Figure 2", "RequestVote", "5.2");
        assertThat(root.resolve("pom.xml")).content().contains("lib/dslab-consensus.jar");
        assertThat(root.resolve(Workspace.LIBRARY)).isNotEmptyFile();
        assertThat(Files.getPosixFilePermissions(root.resolve(Workspace.LIBRARY)))
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);

        ExerciseCheck.Result result = ExerciseCheck.check(started.workspace(), RAFT_3A, options(1, "initial-election"), new ProgressRecorder());

        assertThat(result.passed()).isFalse();
        ExerciseCheck.ScenarioResult failed = result.scenarios().get(0);
        assertThat(failed.failure().seed()).isEqualTo(1);
        assertThat(failed.failure().property()).isNotBlank();
        assertThat(result.reproduce(failed)).isEqualTo("dslab exercise check raft-3a --seed 1 --scenario initial-election");
    }

    @Test
    void theReferenceAsTheLearnersCodePassesRaft3a() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("raft"), RAFT_3A).workspace();
        learnerCode(workspace, "ReferenceRaft.factory()");
        ProgressRecorder progress = new ProgressRecorder();

        ExerciseCheck.Result result = ExerciseCheck.check(workspace, RAFT_3A, options(2, null), progress);

        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.scenarios()).extracting(s -> s.scenario().name())
                .containsExactly("initial-election", "re-election", "many-elections");
        assertThat(result.scenarios()).allSatisfy(s -> assertThat(s.passedSeeds()).isEqualTo(2));
        assertThat(progress.runs).hasSize(6);
        assertThat(progress.compiledSources).isEqualTo(2);
    }

    @Test
    void aFlawedPeerFailsWithItsSeedPropertyAndTrace() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("raft"), RAFT_3A).workspace();
        learnerCode(workspace, "ReferenceRaft.withFlaws(Flaw.VOTE_TWICE)");

        ExerciseCheck.Result result = ExerciseCheck.check(workspace, RAFT_3A,
                new ExerciseCheck.Options(5, 1, "many-elections", ExerciseCheck.Options.DEFAULT_RUN_TIMEOUT), new ProgressRecorder());

        assertThat(result.passed()).isFalse();
        ExerciseCheck.ScenarioResult failed = result.scenarios().get(0);
        assertThat(failed.failure().property()).isEqualTo("election safety");
        assertThat(failed.failure().excerpt()).isNotEmpty();
        assertThat(result.reproduce(failed)).startsWith("dslab exercise check raft-3a --seed " + failed.failure().seed()
                + " --scenario many-elections");

        // the failing run, replayed as an HTML page in the workspace: the same events, up to the violation
        Path replay = failed.failure().replay();
        assertThat(replay).isEqualTo(workspace.root().resolve("target/dslab-replays/raft-3a-many-elections-seed"
                + failed.failure().seed() + ".html"));
        String html = Files.readString(replay);
        assertThat(html).contains("<title>dslab Raft failure replay: raft-3a many-elections, seed " + failed.failure().seed()
                + ": election safety</title>", "\"names\":[\"n0\",\"n1\",\"n2\"", "RequestVote", "Run it again: ")
                .doesNotContain("this rerun ended otherwise").doesNotContainPattern("(src|href)\\s*=");
        String lastEvent = failed.failure().excerpt().get(failed.failure().excerpt().size() - 1);
        String detail = lastEvent.replaceFirst("^\\s*\\d+ ms  \\S+\\s+(n\\d+( (->|<-) n\\d+ #\\d+)?|\\*)\\s+", "");
        assertThat(detail).isNotBlank().isNotEqualTo(lastEvent);
        assertThat(html).contains(detail.replace("<", "\\u003c"));
        assertThat(Files.size(replay)).isLessThan(2_000_000);
    }

    @Test
    void aCompileErrorIsOneLineWithFileAndLine() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("raft"), RAFT_3A).workspace();
        Path peer = workspace.sources().resolve("raft/MyRaft.java");
        List<String> lines = new ArrayList<>(Files.readAllLines(peer));
        int at = lines.indexOf("    public MyRaft(int me, ApplyChannel applyCh) {") + 1;
        lines.add(at, "        int broken = \"not a number\";");
        Files.write(peer, lines);

        assertThatThrownBy(() -> ExerciseCheck.check(workspace, RAFT_3A, options(1, null), new ProgressRecorder()))
                .isInstanceOfSatisfying(ExerciseCheck.CompileException.class, e -> assertThat(e.errors())
                        .containsExactly("src/main/java/raft/MyRaft.java:" + (at + 1)
                                + ": incompatible types: java.lang.String cannot be converted to int"));
    }

    @Test
    void aPeerThatLoopsForeverIsKilledAndTheCheckGoesOn() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("raft"), RAFT_3A).workspace();
        learnerCode(workspace, "(id, channel) -> id == 2 ? loop() : ReferenceRaft.factory().create(id, channel)");
        ProgressRecorder progress = new ProgressRecorder();

        ExerciseCheck.Result result = ExerciseCheck.check(workspace, RAFT_3A,
                new ExerciseCheck.Options(1, 1, null, Duration.ofSeconds(2)), progress);

        assertThat(result.scenarios()).hasSize(3);
        assertThat(result.scenarios()).allSatisfy(s -> {
            assertThat(s.failure().property()).isEqualTo("wall-clock timeout");
            assertThat(s.failure().message()).contains("did not finish within 2 s", "infinite loop");
        });
    }

    @Test
    void aPeerThatThrowsFailsTheRunNamingItsFileAndLine() throws IOException {
        Workspace workspace = Workspace.start(home.resolve("raft"), RAFT_3A).workspace();
        learnerCode(workspace, "(id, channel) -> id == 1 ? thrower(ReferenceRaft.factory().create(id, channel)) "
                + ": ReferenceRaft.factory().create(id, channel)");

        ExerciseCheck.Result result = ExerciseCheck.check(workspace, RAFT_3A, options(1, "initial-election"), new ProgressRecorder());

        ExerciseCheck.Failure failure = result.scenarios().get(0).failure();
        assertThat(failure.property()).isEqualTo("node failure");
        assertThat(failure.message()).contains("node 1 threw java.lang.IllegalStateException: a learner's bug",
                "at raft.MyRaft", "(MyRaft.java:");
    }

    private static ExerciseCheck.Options options(int seeds, String scenario) {
        return new ExerciseCheck.Options(seeds, 1, scenario, ExerciseCheck.Options.DEFAULT_RUN_TIMEOUT);
    }

    /** Replaces the skeleton with a peer made by {@code factory}, an expression over the reference. */
    private static void learnerCode(Workspace workspace, String factory) throws IOException {
        Files.writeString(workspace.sources().resolve("raft/MyRaft.java"), """
                package raft;

                import dev.dslab.consensus.raft.*;
                import dev.dslab.consensus.raft.reference.*;
                import dev.dslab.consensus.sim.NodeContext;

                public final class MyRaft implements Raft {
                    private final Raft peer;

                    public MyRaft(int me, ApplyChannel applyCh) {
                        RaftFactory factory = %s;
                        peer = factory.create(me, applyCh);
                    }

                    /** Throws on its first message: a bug in the learner's code. */
                    static Raft thrower(Raft peer) {
                        return new Raft() {
                            public void boot(NodeContext context) { peer.boot(context); }
                            public void onMessage(int from, Object message) { throw new IllegalStateException("a learner's bug"); }
                            public void onTimer(Object tag) { peer.onTimer(tag); }
                            public Proposal start(String command) { return peer.start(command); }
                            public int currentTerm() { return peer.currentTerm(); }
                            public boolean isLeader() { return peer.isLeader(); }
                            public void snapshot(int index, byte[] snapshot) { peer.snapshot(index, snapshot); }
                            public RaftView view() { return peer.view(); }
                        };
                    }

                    static Raft loop() {
                        while (true) {
                            Thread.onSpinWait();
                        }
                    }

                    public void boot(NodeContext context) { peer.boot(context); }
                    public void onMessage(int from, Object message) { peer.onMessage(from, message); }
                    public void onTimer(Object tag) { peer.onTimer(tag); }
                    public Proposal start(String command) { return peer.start(command); }
                    public int currentTerm() { return peer.currentTerm(); }
                    public boolean isLeader() { return peer.isLeader(); }
                    public void snapshot(int index, byte[] snapshot) { peer.snapshot(index, snapshot); }
                    public RaftView view() { return peer.view(); }
                }
                """.formatted(factory));
    }
}
