package dev.dslab.consensus.kv;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs key-value scenarios on a Raft implementation, each on a seed; a run is a pure function of the seed. */
public final class KvHarness {
    static final int TRACE_KEPT = 400;
    static final int EXCERPT_LINES = 25;

    private KvHarness() {
    }

    /**
     * The result of one scenario on one seed, with the figures the bench prints.
     *
     * @param clientOps  operations the clerks completed
     * @param checkTime  what the linearizability check took
     */
    public record Outcome(KvScenario scenario, long seed, String property, String message, List<String> excerpt,
                          long simulatedMillis, long events, int clientOps, int checkedOps, Duration checkTime,
                          int raftStateBytes, int snapshotBytes, long wallNanos) {

        public boolean passed() {
            return property == null;
        }

        public String report() {
            if (passed()) {
                return String.format("PASS %-44s seed %-5d %5.1f s simulated, %5d ops, %6d events, check %5.1f ms, %6.1f ms",
                        scenario, seed, simulatedMillis / 1000.0, clientOps, events, checkTime.toNanos() / 1e6, wallNanos / 1e6);
            }
            StringBuilder text = new StringBuilder();
            text.append("FAIL ").append(scenario).append(" seed ").append(seed).append(" at ").append(simulatedMillis)
                    .append(" ms\n  property: ").append(property).append("\n  ").append(message.replace("\n", "\n  "))
                    .append("\n  last events:\n");
            for (String line : excerpt) {
                text.append("    ").append(line).append('\n');
            }
            return text.toString();
        }
    }

    public static Outcome run(RaftFactory raft, Set<KvFlaw> flaws, KvScenario scenario, long seed) {
        return run(raft, flaws, scenario, seed, Trace.keepingLast(TRACE_KEPT));
    }

    /** Records into {@code trace}: {@link Trace#full()} keeps the whole run for a replay. */
    public static Outcome run(RaftFactory raft, Set<KvFlaw> flaws, KvScenario scenario, long seed, Trace trace) {
        long started = System.nanoTime();
        NetworkProfile profile = scenario.reliable() ? NetworkProfile.reliable() : NetworkProfile.unreliable();
        Set<String> appendKeys = new HashSet<>(KvWorkloads.APPEND_KEYS);
        KvCluster cluster = null;
        String property = null;
        String message = null;
        try {
            cluster = new KvCluster(raft, flaws, scenario.servers(), scenario.clerks(), seed, profile, scenario.maxRaftState(),
                    appendKeys, trace);
            scenario.script().accept(cluster);
        } catch (HarnessFailure failure) {
            property = failure.property();
            message = failure.getMessage();
        } catch (NodeFailure failure) {
            property = "node failure";
            message = failure.getMessage();
        }
        long simulated = cluster == null ? 0 : cluster.simulation().now();
        int ops = cluster == null ? 0 : cluster.history().completed();
        int[] sizes = cluster == null ? new int[2] : cluster.persistedSizes();
        return new Outcome(scenario, seed, property, message, property == null ? List.of() : trace.lastLines(EXCERPT_LINES),
                simulated, trace.count(TraceEvent.Kind.DELIVER), ops, cluster == null ? 0 : cluster.checkedOperations(),
                cluster == null ? Duration.ZERO : cluster.checkTime(), sizes[0], sizes[1], System.nanoTime() - started);
    }
}
