package dev.dslab.consensus.raft.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.harness.Cluster;
import dev.dslab.consensus.harness.Scenarios;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import org.junit.jupiter.api.Test;

class ReferenceRaftTest {

    private static Cluster cluster(int servers, long seed, boolean snapshots) {
        return new Cluster(ReferenceRaft.factory(), servers, seed, NetworkProfile.reliable(), snapshots, Trace.full());
    }

    @Test
    void fastBacktrackingSkipsAWholeTermPerRejection() {
        // MIT's backup test leaves followers 50 and more entries behind or divergent; backing up one entry per
        // round trip would take over 50 rejections per follower, skipping a term per rejection takes a few
        Cluster cluster = cluster(5, 3, false);
        Scenarios.named("backup").orElseThrow().script().accept(cluster);
        long rejections = cluster.simulation().trace().events().stream()
                .filter(e -> e.kind() == TraceEvent.Kind.SEND && e.detail() instanceof Messages.AppendEntriesReply r
                        && !r.success() && r.conflictIndex() > 0)
                .count();
        assertThat(rejections).isPositive().isLessThan(30);
    }

    @Test
    void termVoteAndLogSurviveARestartOfEveryServer() {
        Cluster cluster = cluster(3, 5, false);
        cluster.one("a", 3, false);
        cluster.one("b", 3, false);
        int[] terms = new int[3];
        int[] votes = new int[3];
        for (int i = 0; i < 3; i++) {
            Raft raft = cluster.simulation().node(i);
            terms[i] = raft.currentTerm();
            votes[i] = raft.view().votedFor();
        }
        for (int i = 0; i < 3; i++) {
            cluster.restart(i);
        }
        for (int i = 0; i < 3; i++) {
            Raft raft = cluster.simulation().node(i);
            assertThat(raft.currentTerm()).isEqualTo(terms[i]);
            assertThat(raft.view().votedFor()).isEqualTo(votes[i]);
            assertThat(raft.view().lastIndex()).isEqualTo(2);
            assertThat(raft.view().commandAt(2)).isEqualTo("b");
            assertThat(raft.view().commitIndex()).as("commitIndex is volatile (Figure 2)").isZero();
        }
        for (int i = 0; i < 3; i++) {
            cluster.connect(i);
        }
        assertThat(cluster.one("c", 3, true)).isEqualTo(3);
    }

    @Test
    void snapshotsTrimTheLogAndALaggingFollowerGetsInstallSnapshot() {
        Cluster cluster = cluster(3, 9, true);
        cluster.one("0", 3, false);
        int leader = cluster.checkOneLeader();
        int lagging = (leader + 1) % 3;
        cluster.disconnect(lagging);
        for (int i = 1; i <= 3 * Cluster.SNAPSHOT_INTERVAL; i++) {
            cluster.one(Integer.toString(i), 2, true);
        }
        Raft leaderRaft = cluster.simulation().node(leader);
        assertThat(leaderRaft.view().snapshotIndex()).isGreaterThanOrEqualTo(2 * Cluster.SNAPSHOT_INTERVAL);
        cluster.connect(lagging);
        cluster.one("last", 3, true);
        assertThat(cluster.simulation().trace().events()).anyMatch(e -> e.kind() == TraceEvent.Kind.DELIVER
                && e.node() == lagging && e.detail() instanceof Messages.InstallSnapshot);
        assertThat(cluster.simulation().node(lagging).view().snapshotIndex()).isPositive();
    }
}
