package dev.dslab.consensus.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.consensus.sim.TraceEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 'raft align-timers': election timers fired together make candidates of one term that each vote for themselves,
 * so the term ends without a leader (Raft paper 5.2), deterministically; the next, randomized, election succeeds.
 */
class AlignTimersTest {

    @Test
    void threeNodesTimingOutTogetherSplitTheVoteAndTheNextTermElectsALeader() {
        Playground playground = Playground.start(new SessionOptions(3, 1, "reliable"));

        String aligned = playground.apply(PlaygroundCommand.parse("align-timers 1,2,3", 3));
        String run = playground.apply(PlaygroundCommand.parse("run 2s", 3));

        assertThat(aligned).contains("Fired the election timers of n1, n2, n3 together at 0 ms");
        assertThat(states(playground, "candidate term 1")).isEqualTo(3);
        assertThat(states(playground, "leader term 1")).isZero();
        assertThat(run).contains("NO LEADER in term 1: split vote: candidates n1, n2, n3 each voted for itself and none reached 2 of 3 votes");
        assertThat(run).containsPattern("Leader: n\\d \\(term [2-9]\\)");
    }

    @Test
    void alignedAtALaterTimeAfterTheLeaderCrashedTheTwoSurvivorsSplitTheVote() {
        Playground playground = Playground.start(new SessionOptions(3, 4, "reliable"));
        Matcher leader = Pattern.compile("Leader: n(\\d) \\(term (\\d+)\\)").matcher(playground.apply(PlaygroundCommand.parse("run 1s", 3)));
        assertThat(leader.find()).isTrue();
        int crashed = Integer.parseInt(leader.group(1));
        int term = Integer.parseInt(leader.group(2));
        List<Integer> survivors = java.util.stream.IntStream.rangeClosed(1, 3).filter(id -> id != crashed).boxed().toList();
        playground.apply(PlaygroundCommand.parse("crash " + crashed, 3));

        String aligned = playground.apply(PlaygroundCommand.parse("align-timers " + survivors.get(0) + "," + survivors.get(1) + " at 1050ms", 3));
        String run = playground.apply(PlaygroundCommand.parse("run 1s", 3));

        assertThat(aligned).contains("now fire together at 1050 ms");
        assertThat(run).containsPattern("1050 ms  n" + survivors.get(0) + " +is now candidate term " + (term + 1))
                .containsPattern("1050 ms  n" + survivors.get(1) + " +is now candidate term " + (term + 1))
                .contains("NO LEADER in term " + (term + 1) + ": split vote");
        assertThat(states(playground, "leader term " + (term + 1))).isZero();
    }

    @Test
    void theLeaderHasNoElectionTimerToAlign() {
        Playground playground = Playground.start(new SessionOptions(3, 1, "reliable"));
        String run = playground.apply(PlaygroundCommand.parse("run 1s", 3));
        Matcher leader = Pattern.compile("Leader: n(\\d)").matcher(run);
        assertThat(leader.find()).isTrue();

        String aligned = playground.apply(PlaygroundCommand.parse("align-timers 1,2,3", 3));

        assertThat(aligned).contains("Left out: n" + leader.group(1) + " is the leader (no election timer)");
    }

    @Test
    void badInputSaysWhatIsAllowed() {
        assertThatThrownBy(() -> PlaygroundCommand.parse("align-timers 2", 3)).hasMessageContaining("two or more nodes");
        assertThatThrownBy(() -> PlaygroundCommand.parse("align-timers 1,1", 3)).hasMessageContaining("node 1 is listed twice");
        assertThatThrownBy(() -> PlaygroundCommand.parse("align-timers 1,4", 3)).hasMessage("no node '4': node ids are 1 to 3");
        assertThatThrownBy(() -> PlaygroundCommand.parse("align-timers 1,2 at 5", 3)).hasMessageContaining("e.g. 1200ms or 3s");
        assertThatThrownBy(() -> PlaygroundCommand.parse("align-timers 1,2 when 5ms", 3)).hasMessageContaining("usage: raft align-timers");
        Playground playground = Playground.start(new SessionOptions(3, 1, "reliable"));
        playground.apply(PlaygroundCommand.parse("run 100ms", 3));
        assertThatThrownBy(() -> playground.apply(PlaygroundCommand.parse("align-timers 1,2 at 50ms", 3)))
                .isInstanceOf(BadCommandException.class).hasMessageContaining("from now (100 ms)");
        assertThat(PlaygroundCommand.parse("align-timers 3,1 at 2s", 3).text()).isEqualTo("align-timers 3,1 at 2000ms");
    }

    private static long states(Playground playground, String state) {
        return playground.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.STATE && String.valueOf(e.detail()).equals(state)).count();
    }
}
