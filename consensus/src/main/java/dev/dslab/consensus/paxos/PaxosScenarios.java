package dev.dslab.consensus.paxos;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The scenarios of the {@code paxos-single} exercise, run against any implementation through {@link PaxosNodes}.
 * Safety ({@link PaxosRun}) is checked after every step of every scenario, whatever the network does; liveness
 * only where Paxos promises it: a calm network with one proposer running ("Paxos Made Simple" section 2.4: two
 * proposers can keep preempting each other, so progress needs a single distinguished proposer).
 */
public final class PaxosScenarios {
    static final long CHAOS_MILLIS = 10_000;
    static final long ALONE_MILLIS = 5_000;

    /**
     * @param script drives the run after its nodes boot; it fails by throwing {@link HarnessFailure}
     */
    public record Scenario(String name, String description, int acceptors, int proposers, boolean lossy, Consumer<PaxosRun> script) {
        @Override
        public String toString() {
            return "Paxos " + name;
        }
    }

    /** One run of a scenario on a seed. */
    public record Outcome(String property, String message, List<String> excerpt, long simulatedMillis, long events) {
        public boolean passed() {
            return property == null;
        }
    }

    private static final List<Scenario> ALL = List.of(
            new Scenario("one-proposer", "one proposer on a calm network: its value is chosen and it learns it within 2 s", 3, 1, false,
                    run -> {
                        if (!run.simulation().runUntil(() -> run.proposer(3).learned() != null, 2_000)) {
                            throw new HarnessFailure("liveness", "n3, the only proposer, on a reliable network with every acceptor up, "
                                    + "learned nothing within 2 s");
                        }
                    }),
            new Scenario("duelling-proposers", "three proposers at once on a calm network for 3 s: at most one value chosen; "
                    + "then each proposer, running alone, learns it", 3, 3, false, run -> {
                        run.simulation().runFor(3_000);
                        run.eachProposerAloneLearns(ALONE_MILLIS);
                    }),
            new Scenario("lossy-network", "messages dropped (10 %), duplicated (5 %) and held back up to 2 s for 10 s; then each "
                    + "proposer alone learns the chosen value", 3, 2, true, run -> {
                        run.simulation().runFor(CHAOS_MILLIS);
                        run.eachProposerAloneLearns(ALONE_MILLIS);
                    }),
            new Scenario("partitions", "5 acceptors and 3 proposers split at random on the lossy network for 10 s; then each "
                    + "proposer alone learns the chosen value", 5, 3, true, run -> {
                        run.chaos(CHAOS_MILLIS, false, true);
                        run.eachProposerAloneLearns(ALONE_MILLIS);
                    }),
            new Scenario("crash-restart", "acceptors and proposers crash and restart with only what they persisted, for 10 s; then "
                    + "each proposer alone learns the chosen value", 3, 2, false, run -> {
                        run.chaos(CHAOS_MILLIS, true, false);
                        run.eachProposerAloneLearns(ALONE_MILLIS);
                    }),
            new Scenario("hostile", "all of it at once for 10 s: lossy network, partitions, crashes and restarts; then each "
                    + "proposer alone learns the chosen value", 5, 3, true, run -> {
                        run.chaos(CHAOS_MILLIS, true, true);
                        run.eachProposerAloneLearns(ALONE_MILLIS);
                    }));

    private PaxosScenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static Outcome run(PaxosNodes nodes, Scenario scenario, long seed) {
        return run(nodes, scenario, seed, Trace.keepingLast(400), sim -> { });
    }

    /** @param watch given the run's simulation before its nodes boot (a failure replay watches every step) */
    public static Outcome run(PaxosNodes nodes, Scenario scenario, long seed, Trace trace, Consumer<Simulation<Node>> watch) {
        NetworkProfile profile = scenario.lossy() ? NetworkProfile.unreliable().withLongReordering() : NetworkProfile.reliable();
        PaxosRun run = new PaxosRun(nodes, scenario.acceptors(), scenario.proposers(), seed, profile, trace);
        String property = null;
        String message = null;
        try {
            watch.accept(run.simulation());
            run.start();
            scenario.script().accept(run);
        } catch (HarnessFailure failure) {
            property = failure.property();
            message = failure.getMessage();
        } catch (NodeFailure failure) {
            property = "node failure";
            message = failure.getMessage();
        }
        List<String> excerpt = property == null ? List.of() : trace.lastLines(25);
        return new Outcome(property, message, excerpt, run.simulation().now(), trace.size());
    }
}
