package dev.dslab.consensus.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Paxos playground as one-shot commands use it: replayed from the session file, checked by digest. */
class PaxosSessionsTest {
    @TempDir
    Path home;

    static final List<String> SCRIPT = List.of("propose p1 x", "step 4", "crash a3", "propose p2 y", "run 200ms",
            "partition a1,p1 a2,a3,p2", "restart a3", "heal", "run 1s");

    @Test
    void eachCommandReplaysTheSessionExactlyAndAppendsItself() throws Exception {
        new PaxosSessions(home).start(new PaxosOptions(3, 2, 1, "reliable"));
        for (String command : SCRIPT) {
            new PaxosSessions(home).apply(command);
        }
        PaxosPlayground direct = PaxosPlayground.start(new PaxosOptions(3, 2, 1, "reliable"));
        SCRIPT.forEach(direct::apply);
        assertThat(new PaxosSessions(home).read(PaxosPlayground::digest)).isEqualTo(direct.digest());
        assertThat(new PaxosSessions(home).state()).isEqualTo(direct.state());
        assertThat(Files.readString(home.resolve("session.json"))).contains("\"acceptors\" : 3").contains("\"command\" : \"partition a1,p1 a2,a3,p2\"");
    }

    @Test
    void oneValueIsChosenAndASecondProposerFindsItInItsPromises() {
        PaxosPlayground paxos = PaxosPlayground.start(new PaxosOptions(3, 2, 1, "reliable"));
        assertThat(paxos.apply("step")).contains("Nothing is left to happen");
        assertThat(paxos.apply("propose p1 x")).startsWith("p1 proposes 'x' with ballot 1.1")
                .contains("p1 -> a1  send #0 Prepare[ballot=1.1]").contains("p1  phase 1: prepare 1.1 for x");
        String run = paxos.apply("run 50ms");
        assertThat(run).contains("a1  promised 1.1").contains("p1  phase 2: accept 1.1 = x (own value")
                .containsPattern("CHOSEN 'x' under ballot 1.1: a majority \\(a\\d, a\\d\\) accepted it").contains("p1  learned x")
                .contains("Chosen: 'x' under ballot 1.1");
        String second = paxos.apply("propose p2 y") + paxos.apply("run 50ms");
        assertThat(second).contains("ballot 1.2").contains("reporting accepted 1.1 = x")
                .contains("p2  phase 2: accept 1.2 = x (reported accepted under 1.1)").contains("p2  learned x");
        String state = paxos.state();
        assertThat(state).contains("Paxos session: 3 acceptors, 2 proposers, seed 1, reliable network")
                .containsPattern("a1\\s+up\\s+1.2\\s+1.2 = x").containsPattern("p2\\s+up\\s+learned\\s+1.2\\s+y\\s+x")
                .contains("learned by p1, p2").contains("No messages in flight");
    }

    @Test
    void crashesKeepWhatWasPersistedAndAMinorityCannotChoose() {
        PaxosPlayground paxos = PaxosPlayground.start(new PaxosOptions(3, 1, 2, "reliable"));
        assertThat(paxos.apply("crash a2")).startsWith("a2 crashed").contains("its promise and accepted proposal");
        assertThat(paxos.apply("crash a3")).startsWith("a3 crashed");
        paxos.apply("propose p1 v");
        assertThat(paxos.apply("run 400ms")).contains("Chosen: nothing yet");
        assertThat(paxos.state()).containsPattern("p1\\s+up\\s+(1 \\(prepare\\)|waiting to retry)");
        assertThat(paxos.apply("restart a2")).startsWith("a2 restarted from its persister: promised none");
        assertThat(paxos.apply("run 400ms")).contains("Chosen: 'v'");
        assertThat(paxos.apply("crash a1")).contains("(21 B)");
        assertThat(paxos.apply("restart a1")).containsPattern("promised \\d+\\.1, accepted \\d+\\.1 = v");
        assertThat(paxos.apply("propose 1 w")).contains("p1 proposes 'w'");
        assertThat(paxos.apply("run 100ms")).contains("Chosen: 'v'").doesNotContain("CHOSEN 'w'");
    }

    @Test
    void badInputIsOneLineNamingWhatIsAllowed() {
        PaxosSessions sessions = new PaxosSessions(home);
        assertThatThrownBy(() -> sessions.apply("step")).isInstanceOf(PlaygroundException.class)
                .hasMessage("no Paxos session yet: 'paxos new --acceptors 3 --proposers 2 --seed 1' starts one");
        sessions.start(new PaxosOptions(3, 2, 1, "reliable"));
        assertThatThrownBy(() -> sessions.apply("crash a4")).isInstanceOf(BadCommandException.class)
                .hasMessage("no node 'a4': acceptors are a1 to a3, proposers p1 to p2");
        assertThatThrownBy(() -> sessions.apply("partition a1,a2 a2,p1")).hasMessageContaining("a2 is in two groups");
        assertThatThrownBy(() -> sessions.apply("partition a1,,a2")).hasMessageContaining("no node '' in 'a1,,a2'");
        assertThatThrownBy(() -> sessions.apply("propose a1 x")).hasMessage("a1 is an acceptor; proposals go to a proposer, p1 to p2");
        assertThatThrownBy(() -> sessions.apply("propose p1")).hasMessageContaining("expected propose <proposer> <value>");
        assertThatThrownBy(() -> sessions.apply("propose p1 <b>")).hasMessageContaining("a value is 1-32 letters");
        assertThatThrownBy(() -> sessions.apply("timeout p1")).hasMessageContaining("unknown paxos command 'timeout'");
        assertThatThrownBy(() -> new PaxosOptions(9, 2, 1, "reliable")).hasMessage("--acceptors is 1 to 7 (3 is the classic), got 9");
        assertThatThrownBy(() -> new PaxosOptions(3, 0, 1, "reliable")).hasMessage("--proposers is 1 to 5, got 0");
        assertThat(sessions.read(PaxosPlayground::commands)).isEmpty();
    }
}
