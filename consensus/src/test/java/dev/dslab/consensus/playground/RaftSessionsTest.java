package dev.dslab.consensus.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground session as one-shot commands use it: every command replays the file, applies itself and
 * appends itself, and the replay must give the same run, checked by digest.
 */
class RaftSessionsTest {
    @TempDir
    Path home;

    private static final List<String> SCRIPT = List.of("step 3", "run 800ms", "partition 1,2 3,4,5", "run 1s", "crash 3",
            "timeout 2", "client put x 1", "heal", "restart 3", "run 2s");

    @Test
    void eachCommandReplaysTheSessionExactlyAndAppendsItself() throws Exception {
        RaftSessions sessions = new RaftSessions(home);
        sessions.start(new SessionOptions(5, 1, "reliable"));
        for (String command : SCRIPT) {
            new RaftSessions(home).apply(command); // a fresh instance each time, as a new process would be
        }
        Playground direct = Playground.start(new SessionOptions(5, 1, "reliable"));
        for (String command : SCRIPT) {
            direct.apply(PlaygroundCommand.parse(command, 5));
        }
        String replayed = new RaftSessions(home).read(Playground::digest);
        assertThat(replayed).isEqualTo(direct.digest());
        assertThat(new RaftSessions(home).read(Playground::trace)).hasSize(direct.trace().size());
        assertThat(new RaftSessions(home).read(Playground::state)).isEqualTo(direct.state());
        assertThat(Files.readString(home.resolve("session.json"))).contains("\"command\" : \"partition 1,2 3,4,5\"");
        assertThat(home.toFile().list()).containsExactlyInAnyOrder("session.json", "session.lock");
    }

    @Test
    void aSessionThatNoLongerReplaysTheSameIsRefusedNamingTheCommand() throws Exception {
        RaftSessions sessions = new RaftSessions(home);
        sessions.start(new SessionOptions(3, 7, "unreliable"));
        sessions.apply("run 500ms");
        sessions.apply("step 2");
        Path file = home.resolve("session.json");
        String json = Files.readString(file);
        String secondDigest = json.substring(json.lastIndexOf("\"digest\" : \"") + 12, json.lastIndexOf("\""));
        Files.writeString(file, json.replace(secondDigest, "0".repeat(64)));
        assertThatThrownBy(() -> sessions.apply("step 1")).isInstanceOf(PlaygroundException.class)
                .hasMessageContaining("diverged at command 2 ('step 2')");
    }

    @Test
    void commandsWithoutASessionSayHowToStartOne() {
        assertThatThrownBy(() -> new RaftSessions(home).apply("step 3")).isInstanceOf(PlaygroundException.class)
                .hasMessage("no Raft session yet: 'raft new --nodes 5 --seed 1' starts one");
    }

    @Test
    void badInputIsOneLineNamingWhatIsAllowed() {
        RaftSessions sessions = new RaftSessions(home);
        sessions.start(new SessionOptions(5, 1, "reliable"));
        assertThatThrownBy(() -> sessions.apply("partition 1,2 9")).isInstanceOf(BadCommandException.class)
                .hasMessageContaining("no node '9'").hasMessageContaining("ids 1 to 5");
        assertThatThrownBy(() -> sessions.apply("partition 1,2 2,3")).hasMessageContaining("node 2 is in two groups");
        assertThatThrownBy(() -> sessions.apply("crash 0")).hasMessage("no node '0': node ids are 1 to 5");
        assertThatThrownBy(() -> sessions.apply("run 800")).hasMessageContaining("e.g. 800ms or 2s");
        assertThatThrownBy(() -> sessions.apply("run 2m")).hasMessageContaining("e.g. 800ms or 2s");
        assertThatThrownBy(() -> sessions.apply("step 0")).hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> sessions.apply("client put x")).hasMessageContaining("client put <key> <value>");
        assertThatThrownBy(() -> new SessionOptions(12, 1, "reliable")).hasMessageContaining("--nodes is 1 to 9");
        assertThatThrownBy(() -> new SessionOptions(5, 1, "lossy")).hasMessageContaining("reliable, unreliable");
        assertThat(sessions.read(Playground::commands)).isEmpty();
    }

    @Test
    void aClientCommandGoesToTheLeaderAndIsReportedWhenItCommits() {
        Playground playground = Playground.start(new SessionOptions(5, 1, "reliable"));
        assertThat(playground.apply(new PlaygroundCommand.ClientPut("x", "1", 0))).startsWith("No node believes it is the leader now");
        assertThat(playground.apply(new PlaygroundCommand.Run(1000))).contains("is now leader term 1").contains("Leader: n");
        String put = playground.apply(new PlaygroundCommand.ClientPut("x", "1", 0));
        assertThat(put).contains("'put x 1' went to n").contains("index 1 of its log");
        assertThat(playground.apply(new PlaygroundCommand.Run(50))).containsPattern("COMMITTED 'put x 1' at index 1 \\(term 1\\), \\d+ ms after");
        assertThat(playground.state()).contains("1:1 put x 1").containsPattern("committed at \\d+ ms");
    }

    @Test
    void aForcedTimeoutStartsAnElectionNowAndStepsPrintEveryEvent() {
        Playground playground = Playground.start(new SessionOptions(3, 1, "reliable"));
        String timeout = playground.apply(new PlaygroundCommand.Timeout(2));
        assertThat(timeout).contains("n2  timer election-timeout fired").contains("n2  is now candidate term 1")
                .contains("n2 -> n1  send").contains("RequestVote[term=1, candidateId=2");
        assertThat(playground.state()).contains("Messages in flight (2)");
        String step = playground.apply(new PlaygroundCommand.Step(1));
        assertThat(step).contains(" got #").contains("n2");
        String crash = playground.apply(new PlaygroundCommand.Crash(2));
        assertThat(crash).startsWith("n2 crashed");
        assertThat(playground.apply(new PlaygroundCommand.Timeout(2))).isEqualTo("n2 is down; 'raft restart 2' boots it.\n");
        assertThat(playground.state()).containsPattern("n2\\s+down");
    }
}
