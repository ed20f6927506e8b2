package dev.dslab.shell.e2e;

import dev.dslab.consensus.playground.PaxosSessions;
import dev.dslab.shell.console.CommandLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Paxos playground's commands as a learner types them, each run as one-shot mode runs it: the session comes
 * back from $DSLAB_HOME/paxos/session.json by replay every time. Simulated time only.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaxosCommandsTest {

    static final Path home = TestHomes.create("dslab-paxos");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
    }

    @Autowired
    CommandLine commandLine;

    ShellRunner shell;

    @BeforeAll
    void runner() {
        shell = new ShellRunner(commandLine);
    }

    @AfterAll
    void deleteHome() {
        TestHomes.delete(home);
    }

    @Test
    @Order(1)
    void aSessionRunsCommandByCommandFromTheSessionFile() throws Exception {
        ShellRunner.Run none = shell.run("paxos step");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err().strip()).isEqualTo("dslab: no Paxos session yet: 'paxos new --acceptors 3 --proposers 2 --seed 1' starts one");

        assertThat(shell.run("paxos new --acceptors 3 --proposers 2 --seed 4").expectSuccess().out())
                .contains("New Paxos session: 3 acceptors (a1-a3), 2 proposers (p1-p2), seed 4, reliable network").contains("ACCEPTOR  STATUS");
        assertThat(shell.run("paxos propose p1 x").expectSuccess().out()).contains("p1 proposes 'x' with ballot 1.1");
        assertThat(shell.run("paxos step 3").expectSuccess().out()).contains("got #");
        assertThat(shell.run("paxos crash a3").expectSuccess().out()).startsWith("a3 crashed");
        assertThat(shell.run("paxos run 100ms").expectSuccess().out()).contains("Chosen: 'x' under ballot 1.1");
        assertThat(shell.run("paxos partition a1,p2 a2,p1").expectSuccess().out()).startsWith("Partitioned: {a1,p2} | {a2,p1}; a3 reach no one.");
        assertThat(shell.run("paxos restart a3").expectSuccess().out()).startsWith("a3 restarted from its persister");
        assertThat(shell.run("paxos heal").expectSuccess().out()).startsWith("Healed");
        assertThat(shell.run("paxos propose p2 y").expectSuccess().out()).contains("p2 proposes 'y'");
        assertThat(shell.run("paxos run 100ms").expectSuccess().out()).contains("p2  learned x");

        String state = shell.run("paxos state").expectSuccess().out();
        assertThat(state).contains("Paxos session: 3 acceptors, 2 proposers, seed 4").contains("9 commands")
                .contains("PROPOSER  STATUS  PHASE").contains("learned by p1, p2");
        assertThat(new PaxosSessions(home.resolve("paxos")).state()).isEqualTo(state);
    }

    @Test
    @Order(2)
    void exportWritesTheAnimatedPageAndTheTrace() throws Exception {
        Path page = home.resolve("paxos/session.html");
        assertThat(shell.run("paxos export --html").expectSuccess().out().strip()).isEqualTo("Wrote the session's animation: " + page);
        assertThat(Files.readString(page)).contains("Paxos playground").contains("propose p2 y");
        Path jsonl = home.resolve("paxos.jsonl");
        assertThat(shell.run("paxos export --jsonl --out " + jsonl).expectSuccess().out().strip()).isEqualTo("Wrote the session's trace: " + jsonl);
        assertThat(Files.readString(jsonl)).contains("Prepare[ballot=1.1]");
        ShellRunner.Run neither = shell.run("paxos export");
        assertThat(neither.exitCode()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void animateOutsideATerminalPrintsTheWholeDiagram() {
        String diagram = shell.run("paxos animate").expectSuccess().out();
        assertThat(diagram.lines().findFirst().orElseThrow()).isEqualTo("      ms     a1       a2       a3       p1       p2");
        assertThat(diagram).contains("p1: client: propose x -> ballot 1.1").contains("p1->a1 Prepare[ballot=1.1]")
                .contains("a3: crashed").contains("partition [a1, p2], [a2, p1]").contains("p2: learned x");
        assertThat(shell.run("paxos animate --last 3").expectSuccess().out().lines()).hasSize(4);
        ShellRunner.Run slow = shell.run("paxos animate --delay 9000");
        assertThat(slow.exitCode()).isEqualTo(2);
        assertThat(slow.err().strip()).isEqualTo("dslab: --delay is 10 to 5000 (milliseconds between frames), got 9000");
    }

    @Test
    @Order(4)
    void badInputIsOneLineWithExitCodeTwo() {
        assertBadInput("paxos crash a9", "no node 'a9': acceptors are a1 to a3, proposers p1 to p2");
        assertBadInput("paxos partition a1,a2 a2", "a2 is in two groups of 'a1,a2 a2'; a node is in one group");
        assertBadInput("paxos partition a1;a2", "no node 'a1;a2' in 'a1;a2': a partition is groups of node names separated by spaces, "
                + "e.g. 'paxos partition a1,a2,p1 a3,p2' (acceptors are a1 to a3, proposers p1 to p2)");
        assertBadInput("paxos propose a1 x", "a1 is an acceptor; proposals go to a proposer, p1 to p2");
        assertBadInput("paxos new --acceptors 8", "--acceptors is 1 to 7 (3 is the classic), got 8");
        assertThat(shell.run("paxos state").expectSuccess().out()).contains("9 commands");
    }

    private void assertBadInput(String line, String message) {
        ShellRunner.Run run = shell.run(line);
        assertThat(run.exitCode()).as(line).isEqualTo(2);
        assertThat(run.err().strip()).as(line).isEqualTo("dslab: " + message);
    }
}
