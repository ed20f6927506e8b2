package dev.dslab.consensus.harness;

import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.List;
import java.util.function.Consumer;

/** Runs scenarios against a Raft implementation, each on a seed; a run is a pure function of the seed. */
public final class Harness {
    static final int TRACE_KEPT = 400;
    static final int EXCERPT_LINES = 25;

    private Harness() {
    }

    public static Outcome run(RaftFactory factory, Scenario scenario, long seed) {
        return run(factory, scenario, seed, Cluster.STEP_BUDGET);
    }

    /** @param stepBudget simulator steps after which the run fails (see {@link Cluster#STEP_BUDGET}) */
    public static Outcome run(RaftFactory factory, Scenario scenario, long seed, long stepBudget) {
        return run(factory, scenario, seed, stepBudget, Trace.keepingLast(TRACE_KEPT));
    }

    /** Records into {@code trace}: {@link Trace#full()} to keep the whole run for a replay. */
    public static Outcome run(RaftFactory factory, Scenario scenario, long seed, long stepBudget, Trace trace) {
        return run(factory, scenario, seed, stepBudget, trace, sim -> { });
    }

    /** @param watch given the run's simulation before its first step (a failure replay watches every step) */
    public static Outcome run(RaftFactory factory, Scenario scenario, long seed, long stepBudget, Trace trace,
                              Consumer<Simulation<Raft>> watch) {
        long started = System.nanoTime();
        NetworkProfile profile = scenario.reliable() ? NetworkProfile.reliable() : NetworkProfile.unreliable();
        Cluster cluster = null;
        String property = null;
        String message = null;
        try {
            cluster = new Cluster(factory, scenario.servers(), seed, profile, scenario.snapshots(), trace, stepBudget);
            watch.accept(cluster.simulation());
            scenario.script().accept(cluster);
        } catch (HarnessFailure failure) {
            property = failure.property();
            message = failure.getMessage();
        } catch (NodeFailure failure) {
            // the tester's own checks run inside a node's apply callback: report them as themselves
            if (failure.getCause() instanceof HarnessFailure harness) {
                property = harness.property();
                message = harness.getMessage() + " (found at " + failure.time() + " ms in n" + failure.node() + "'s step)";
            } else {
                property = "node failure";
                message = failure.getMessage();
            }
        }
        long simulated = cluster == null ? 0 : cluster.simulation().now();
        List<String> excerpt = property == null ? List.of() : trace.lastLines(EXCERPT_LINES);
        return new Outcome(scenario, seed, property, message, excerpt, simulated, trace.size(), System.nanoTime() - started);
    }
}
