package dev.dslab.shell.exercise;

import dev.dslab.shell.console.CommandLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exercise commands as a learner types them, in the shell's Spring context with a temporary home: start,
 * check (the reference behind the skeleton's class passes raft-3a; a flawed one fails with seed, property and the
 * command that replays it), progress in the learner store, graded hints, and the solution behind a confirmation.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExerciseCommandsTest {

    static final Path home = temporaryDirectory("dslab-exercise-home");
    static final Path work = temporaryDirectory("dslab-exercise-work");

    @Autowired
    CommandLine commandLine;

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "ada");
    }

    @AfterAll
    void deleteDirectories() throws IOException {
        for (Path directory : new Path[] {home, work}) {
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aLearnersPathThroughRaft3a() throws IOException {
        assertThat(run("exercise list", "").out).contains("raft-3a", "raft-3d", "not checked", "leader election");

        Run started = run("exercise start raft-3a --dir " + work, "");
        assertThat(started.code).as(started.toString()).isZero();
        Path workspace = work.resolve("raft");
        assertThat(started.out).contains("Created " + workspace, "wrote src/main/java/raft/MyRaft.java", "STAGE-3A.md");

        learnerCode(workspace, "ReferenceRaft.factory()");
        Run passed = run("exercise check raft-3a --dir " + work + " --seeds 2", "");
        assertThat(passed.code).as(passed.toString()).isZero();
        assertThat(passed.out).contains("compiled 2 source files", "PASS 3A initial-election", "2/2 seeds",
                "PASSED raft-3a: every scenario on 2 seeds");
        assertThat(run("exercise list", "").out).containsPattern("raft-3a +3 +passed .*, 2 seeds");

        learnerCode(workspace, "ReferenceRaft.withFlaws(Flaw.VOTE_TWICE)");
        Run failed = run("exercise check raft-3a --dir " + workspace + " --seeds 5 --scenario many-elections", "");
        assertThat(failed.code).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out).contains("FAIL 3A many-elections seed", "property: election safety", "last events:",
                "reproduce: dslab exercise check raft-3a --seed ", "replay: " + workspace.resolve("target/dslab-replays/raft-3a-many-elections-seed"));
        assertThat(failed.err).contains("raft-3a: 1 of 1 scenarios failed");

        Run next = run("exercise start raft-3b --dir " + work, "");
        assertThat(next.out).contains("Added raft-3b to " + workspace, "kept  src/main/java/raft/MyRaft.java (yours)", "STAGE-3B.md");
        assertThat(workspace.resolve("src/main/java/raft/MyRaft.java")).content().contains("Flaw.VOTE_TWICE");
    }

    @Test
    void paxosSingleHasItsOwnWorkspaceBesideRaft() {
        Run started = run("exercise start paxos-single --dir " + work, "");
        assertThat(started.code).as(started.toString()).isZero();
        Path workspace = work.resolve("paxos");
        assertThat(started.out).contains("Created " + workspace, "wrote src/main/java/paxos/MyAcceptor.java", "STAGE-SINGLE.md",
                "fill in src/main/java/paxos/MyAcceptor.java, MyProposer.java and MyLearner.java");

        Run failed = run("exercise check paxos-single --dir " + work + " --seeds 1 --scenario one-proposer", "");
        assertThat(failed.code).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out).contains("Checking paxos-single in " + workspace, "compiled 4 source files", "FAIL Paxos one-proposer",
                "property: liveness", "reproduce: dslab exercise check paxos-single --seed 1 --scenario one-proposer --dir " + work,
                "replay: " + workspace.resolve("target/dslab-replays/paxos-single-one-proposer-seed1.html"));
        assertThat(run("exercise list", "").out).containsPattern("paxos-single +8 +failing: one-proposer seed 1: liveness");

        assertThat(run("exercise hint paxos-single", "").out).contains("Hint 1 of 5 for paxos-single:", "acceptor");
        assertThat(run("exercise solution paxos-single --yes", "").out).contains("public final class Acceptor", "paxos.Acceptor and paxos.Proposer");
    }

    @Test
    void hintsAreGradedAndTheSolutionNeedsAYes() {
        assertThat(run("exercise hint raft-3c", "").out).contains("Hint 1 of 4 for raft-3c:", "persister");
        assertThat(run("exercise hint raft-3c", "").out).contains("Hint 2 of 4 for raft-3c:");

        Run declined = run("exercise solution raft-3c", "n\n");
        assertThat(declined.out).contains("Not shown.").doesNotContain("class ReferenceRaft");
        assertThat(run("exercise list", "").out).containsPattern("raft-3c .* 2/4\\s");

        Run shown = run("exercise solution raft-3c --yes", "");
        assertThat(shown.out).contains("class ReferenceRaft", "private void persist()", "private void startElection()")
                .doesNotContain("private void onInstallSnapshot");
        assertThat(run("exercise list", "").out).contains("2/4, solution seen");
    }

    @Test
    void badInputIsOneLineWithWhatIsAllowed() {
        Run unknown = run("exercise check raft-9z", "");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).contains("no exercise 'raft-9z'; stages: raft-3a, raft-3b, raft-3c, raft-3d");
        Run nowhere = run("exercise check raft-3a --dir " + home.resolve("nothing-here"), "");
        assertThat(nowhere.code).isEqualTo(1);
        assertThat(nowhere.err).contains("no exercise workspace at").doesNotContain("Exception");
    }

    private static void learnerCode(Path workspace, String factory) throws IOException {
        Files.writeString(workspace.resolve("src/main/java/raft/MyRaft.java"), """
                package raft;

                import dev.dslab.consensus.raft.*;
                import dev.dslab.consensus.raft.reference.*;
                import dev.dslab.consensus.sim.NodeContext;

                public final class MyRaft implements Raft {
                    private final Raft peer;

                    public MyRaft(int me, ApplyChannel applyCh) {
                        peer = %s.create(me, applyCh);
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

    record Run(int code, String out, String err) {
    }

    private Run run(String line, String stdin) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = commandLine.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
