package dev.dslab.shell.e2e;

import dev.dslab.consensus.playground.RaftSessions;
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
 * The Raft playground's commands as a learner types them: each command is run the way one-shot mode runs it
 * and keeps nothing in memory, so the session must come back from $DSLAB_HOME/raft/session.json by replay every
 * time. Simulated time only: no target, no network.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RaftCommandsTest {

    static final Path home = TestHomes.create("dslab-raft");

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
    void withoutASessionACommandSaysToStartOne() {
        ShellRunner.Run step = shell.run("raft step 3");
        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.err().strip()).isEqualTo("dslab: no Raft session yet: 'raft new --nodes 5 --seed 1' starts one");
    }

    @Test
    @Order(2)
    void theIssuesSessionRunsCommandByCommandFromTheSessionFile() throws Exception {
        String created = shell.run("raft new --nodes 5 --seed 1").expectSuccess().out();
        assertThat(created).contains("New Raft session: 5 nodes (n1-n5), seed 1, reliable network").contains("election-timeout at");

        String step = shell.run("raft step 3").expectSuccess().out();
        assertThat(step).contains("timer election-timeout fired").contains("is now candidate term 1").contains("send #0 RequestVote");
        String run = shell.run("raft run 800ms").expectSuccess().out();
        assertThat(run).contains("is now leader term 1").contains("Ran 800 ms of virtual time").contains("Leader: n");
        assertThat(shell.run("raft client put x 1").expectSuccess().out()).contains("'put x 1' went to n").contains("index 1");
        assertThat(shell.run("raft run 50ms").expectSuccess().out()).contains("COMMITTED 'put x 1' at index 1 (term 1)");
        assertThat(shell.run("raft partition 1,2 3,4,5").expectSuccess().out()).startsWith("Partitioned: {1,2} | {3,4,5}.");
        assertThat(shell.run("raft crash 3").expectSuccess().out()).startsWith("n3 crashed");
        assertThat(shell.run("raft timeout 2").expectSuccess().out()).contains("n2  is now candidate term 2").contains("dropped");
        assertThat(shell.run("raft restart 3").expectSuccess().out()).startsWith("n3 restarted from its persister");
        assertThat(shell.run("raft heal").expectSuccess().out()).startsWith("Healed");

        String state = shell.run("raft state").expectSuccess().out();
        assertThat(state).contains("Raft session: 5 nodes, seed 1, reliable network").contains("9 commands")
                .contains("NODE  STATUS").contains("1:1 put x 1").containsPattern("committed at \\d+ ms");
        // what a new process would rebuild from the file alone is what the commands showed
        assertThat(new RaftSessions(home.resolve("raft")).state()).isEqualTo(state);
        assertThat(Files.readString(home.resolve("raft/session.json"))).contains("\"command\" : \"client put x 1\"")
                .contains("\"digest\"");
    }

    @Test
    @Order(3)
    void exportWritesTheAnimatedPageAndTheTrace() throws Exception {
        String html = shell.run("raft export --html").expectSuccess().out();
        Path page = home.resolve("raft/session.html");
        assertThat(html.strip()).isEqualTo("Wrote the session's animation: " + page);
        assertThat(Files.readString(page)).contains("data-rendered").contains("client put x 1");
        Path jsonl = home.resolve("trace.jsonl");
        assertThat(shell.run("raft export --jsonl --out " + jsonl).expectSuccess().out().strip()).isEqualTo("Wrote the session's trace: " + jsonl);
        assertThat(Files.readAllLines(jsonl)).first().asString().startsWith("{\"step\":0,\"time\":0,\"kind\":\"RESTART\"");
        String diagram = shell.run("raft animate").expectSuccess().out();
        assertThat(diagram.lines().findFirst().orElseThrow()).isEqualTo("      ms     n1       n2       n3       n4       n5");
        assertThat(diagram).contains("RequestVote[term=1").contains(": leader term 1").contains("partition [1, 2], [3, 4, 5]")
                .contains("n3: crashed");
        ShellRunner.Run neither = shell.run("raft export");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("say which format");
    }

    @Test
    @Order(4)
    void badInputIsOneLineWithExitCodeTwo() {
        assertBadInput("raft partition 1,2 9", "no node '9' in '1,2 9': a partition is groups of node ids separated by spaces, "
                + "e.g. 'raft partition 1,2 3,4,5' (ids 1 to 5)");
        assertBadInput("raft crash 6", "no node '6': node ids are 1 to 5");
        assertBadInput("raft run 800", "a duration is a whole number with ms or s, e.g. 800ms or 2s; got '800'");
        assertBadInput("raft step many", "step's N (events) is 1 to 10000, got 'many'");
        assertBadInput("raft new --nodes 12", "--nodes is 1 to 9 (5 is the classic cluster), got 12");
        assertBadInput("raft new --network lossy", "--network is one of reliable, unreliable; got 'lossy'");
        assertBadInput("raft client put x", "expected client put <key> <value> [--to <node>], e.g. 'raft client put x 1'; got 'put x'");
        // none of them touched the session
        assertThat(shell.run("raft state").expectSuccess().out()).contains("9 commands");
    }

    @Test
    @Order(5)
    void alignedTimersForceASplitVote() {
        shell.run("raft new --nodes 3 --seed 1").expectSuccess();

        assertThat(shell.run("raft align-timers 1,2,3").expectSuccess().out()).contains("Fired the election timers of n1, n2, n3 together at 0 ms");
        assertThat(shell.run("raft run 1s").expectSuccess().out())
                .contains("NO LEADER in term 1: split vote: candidates n1, n2, n3 each voted for itself and none reached 2 of 3 votes")
                .containsPattern("Leader: n\\d \\(term [2-9]\\)");
        assertBadInput("raft align-timers 2", "align-timers needs two or more nodes (comma-separated, e.g. 1,2,3); for one, 'raft timeout 2'");
    }

    private void assertBadInput(String line, String message) {
        ShellRunner.Run run = shell.run(line);
        assertThat(run.exitCode()).as(line).isEqualTo(2);
        assertThat(run.err().strip()).as(line).isEqualTo("dslab: " + message);
    }
}
