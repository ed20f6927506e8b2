package dev.dslab.scenarios.election;

import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.HashMap;
import java.util.Map;

/**
 * One trial of the Raft paper's election benchmark (section 9.3) in the deterministic simulator: a cluster of the
 * reference Raft boots within {@link #BOOT_SPREAD_MILLIS} (a cluster started together), elects a leader, settles,
 * and then the leader is crashed at a uniformly random point of its heartbeat interval, which is half the minimum
 * election timeout, as in the paper. The trial measures the time until a new leader, and how many terms that
 * took: every term after the crashed leader's that elected nobody was a split vote (or, on a lossy network, an
 * election whose votes were lost). The same seed gives the same trial.
 */
final class ElectionTrial {

    static final long BOOT_SPREAD_MILLIS = 10;

    /** A timeout range, in milliseconds, as the paper writes it: 150-300. */
    record Range(long min, long max) {
        String label() {
            return min + "-" + max;
        }

        long heartbeat() {
            return Math.max(1, min / 2);
        }
    }

    /** One-way message delay, uniform in [min, max] ms, with a chance of loss. */
    record Network(String label, int min, int max) {
        NetworkProfile profile(double loss) {
            return new NetworkProfile(label, min, max, loss, 0, 0, 0, 0);
        }
    }

    /**
     * @param coldStartMillis      time from the first boot to the first leader; -1 when none came within the give-up time
     * @param takeoverMillis       time from the leader's crash to a new leader; -1 when none came (or no first leader)
     * @param failedElections      terms after the crashed leader's that elected nobody
     * @param newLeader            the new leader (1-based), 0 when none
     * @param newTerm              its term (or the highest term reached without one)
     * @param twoLeadersInOneTerm  a term in which two nodes led: election safety broken
     */
    record Result(long coldStartMillis, long takeoverMillis, int failedElections, int newLeader, int newTerm,
                  boolean twoLeadersInOneTerm) {
        boolean elected() {
            return takeoverMillis >= 0;
        }
    }

    private ElectionTrial() {
    }

    static Result run(Range range, Network network, int nodes, double loss, long giveUpMillis, long seed) {
        RaftFactory factory = ReferenceRaft.factory(new ReferenceRaft.Timing(range.min(), range.max(), range.heartbeat()));
        Simulation<Raft> sim = new Simulation<>(seed, nodes, id -> factory.create(id, applied -> {
        }), network.profile(loss), Trace.keepingLast(1));
        Map<Integer, Integer> leaderOfTerm = new HashMap<>();
        boolean[] unsafe = new boolean[1];
        sim.addListener(node -> {
            Raft raft = node < 0 ? null : sim.node(node);
            if (raft != null && raft.isLeader()) {
                Integer earlier = leaderOfTerm.putIfAbsent(raft.currentTerm(), node);
                unsafe[0] |= earlier != null && earlier != node;
            }
        });
        for (int i = 0; i < nodes; i++) {
            int node = i;
            sim.schedule(sim.random().nextInt((int) BOOT_SPREAD_MILLIS + 1), () -> sim.restart(node));
        }
        if (!sim.runUntil(() -> leader(sim) >= 0, giveUpMillis)) {
            return new Result(-1, -1, 0, 0, highestTerm(sim), unsafe[0]);
        }
        long coldStart = sim.now();
        // every follower hears the leader before the crash; then the crash lands anywhere in a heartbeat interval
        sim.runFor(range.max() + network.max() * 2L);
        sim.runFor(sim.random().nextLong(range.heartbeat()));
        int crashed = leader(sim);
        if (crashed < 0 && !sim.runUntil(() -> leader(sim) >= 0, giveUpMillis)) {
            return new Result(coldStart, -1, 0, 0, highestTerm(sim), unsafe[0]);
        }
        crashed = leader(sim);
        int crashedTerm = sim.node(crashed).currentTerm();
        long crashedAt = sim.now();
        sim.crash(crashed);
        boolean elected = sim.runUntil(() -> leader(sim) >= 0, giveUpMillis);
        int leader = leader(sim);
        int term = elected ? sim.node(leader).currentTerm() : highestTerm(sim);
        int failed = Math.max(0, term - crashedTerm - (elected ? 1 : 0));
        return new Result(coldStart, elected ? sim.now() - crashedAt : -1, failed, elected ? leader + 1 : 0, term, unsafe[0]);
    }

    /** The up node that leads in the highest term, -1 for none. */
    private static int leader(Simulation<Raft> sim) {
        int best = -1;
        for (int i = 0; i < sim.size(); i++) {
            Raft node = sim.node(i);
            if (node != null && node.isLeader() && (best < 0 || node.currentTerm() > sim.node(best).currentTerm())) {
                best = i;
            }
        }
        return best;
    }

    private static int highestTerm(Simulation<Raft> sim) {
        int term = 0;
        for (int i = 0; i < sim.size(); i++) {
            Raft node = sim.node(i);
            if (node != null) {
                term = Math.max(term, node.currentTerm());
            }
        }
        return term;
    }
}
