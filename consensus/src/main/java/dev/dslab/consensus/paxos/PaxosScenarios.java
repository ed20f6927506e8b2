package dev.dslab.consensus.paxos;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
                    }),
            new Scenario("stale-accept", "n3's Accepts to acceptors 0 and 1 are held back by the network; n4 gets promises "
                    + "from both at a higher ballot, then n3's old Accepts arrive before n4's: each must be refused (P1a); "
                    + "then each proposer alone learns the chosen value", 3, 2, false, PaxosScenarios::staleAccept),
            new Scenario("highest-ballot-adoption", "acceptor 0 accepted n3's value alone, n4's value is chosen at acceptors "
                    + "1 and 2 under a higher ballot; n5 prepares at acceptors 0 and 1 and hears acceptor 0's promise first: "
                    + "it must propose n4's value, the highest-numbered one reported (P2c)", 3, 3, false,
                    PaxosScenarios::highestBallotAdoption));

    /** How long a proposer alone on a calm network gets for one phase of a targeted scenario. */
    static final long PHASE_MILLIS = 2_000;

    private PaxosScenarios() {
    }

    /**
     * The stale Accept of "Paxos Made Simple" 2.2's P1a: n3 completes phase 1 at acceptors 0 and 1 (its link to 2 is
     * cut), the network holds back what it sends them next (its Accepts) and n3 crashes; n4, alone and also cut from
     * acceptor 2, gets promises from 0 and 1 at a ballot above n3's, and the network holds back its Accepts; then n3's
     * old Accepts arrive, then n4's. An acceptor that accepts n3's ballot below its promise gets n3's value chosen, and
     * n4's right after (whether it compares with its promise or only with what it accepted).
     */
    static void staleAccept(PaxosRun run) {
        Simulation<Node> sim = run.simulation();
        int first = 3;
        int second = 4;
        sim.crash(second);
        sim.cut(first, 2);
        await(run, () -> promisedAny(run, 0) && promisedAny(run, 1), PHASE_MILLIS,
                "n3, the only proposer, on a calm network, got no promise from acceptors 0 and 1 within 2 s (their promised() stayed Ballot.ZERO)");
        sim.hold(first, 0);
        sim.hold(first, 1);
        await(run, () -> !sim.held(first, 0).isEmpty() && !sim.held(first, 1).isEmpty(), PHASE_MILLIS,
                "n3, promised by acceptors 0 and 1 (a majority of 3), sent them no Accept within 2 s");
        sim.crash(first);
        Ballot before0 = run.acceptor(0).promised();
        Ballot before1 = run.acceptor(1).promised();
        sim.cut(second, 2);
        sim.restart(second);
        await(run, () -> !Objects.equals(run.acceptor(0).promised(), before0) && !Objects.equals(run.acceptor(1).promised(), before1),
                ALONE_MILLIS, "n4, the only proposer running, on a calm network, got no promise above n3's from acceptors 0 and 1 within 5 s");
        sim.hold(second, 0);
        sim.hold(second, 1);
        await(run, () -> !sim.held(second, 0).isEmpty() && !sim.held(second, 1).isEmpty(), PHASE_MILLIS,
                "n4, promised by acceptors 0 and 1 (a majority of 3), sent them no Accept within 2 s");
        sim.release(first, 0, false);
        sim.release(first, 1, false);
        sim.runUntil(() -> sim.inFlight().stream().noneMatch(m -> m.from() == first), PHASE_MILLIS);
        sim.release(second, 0, false);
        sim.release(second, 1, false);
        await(run, () -> run.proposer(second).learned() != null, ALONE_MILLIS,
                "n4, the only proposer running, on a calm network, learned nothing within 5 s of its Accepts arriving");
        run.eachProposerAloneLearns(ALONE_MILLIS);
    }

    /**
     * P2c's "highest-numbered proposal among the responses": n3, cut from acceptor 2 and then from 1, gets its value
     * accepted at acceptor 0 alone; n4, cut from 0, gets its own value chosen at 1 and 2 under a higher ballot (1
     * promised n3's); n5, cut from 2, prepares at 0 and 1 while the network holds back what 1 sends n5 until 0's
     * promise for n5's current ballot has arrived. A proposer that takes the first reported value, or its own,
     * gets a second value chosen at 0 and 1.
     */
    static void highestBallotAdoption(PaxosRun run) {
        Simulation<Node> sim = run.simulation();
        int first = 3;
        int second = 4;
        int third = 5;
        sim.crash(second);
        sim.crash(third);
        sim.cut(first, 2);
        await(run, () -> promisedAny(run, 0) && promisedAny(run, 1), PHASE_MILLIS,
                "n3, the only proposer, on a calm network, got no promise from acceptors 0 and 1 within 2 s (their promised() stayed Ballot.ZERO)");
        sim.cut(first, 1);
        await(run, () -> run.acceptor(0).acceptedValue() != null, PHASE_MILLIS,
                "acceptor 0 accepted nothing within 2 s of promising n3 (with acceptor 1, a majority of 3)");
        sim.crash(first);
        sim.cut(second, 0);
        sim.restart(second);
        await(run, () -> run.proposer(second).learned() != null, ALONE_MILLIS,
                "n4, the only proposer running, on a calm network with acceptors 1 and 2 (a majority of 3), learned nothing within 5 s");
        sim.crash(second);
        sim.cut(third, 2);
        sim.hold(1, third);
        sim.restart(third);
        Ballot accepted0 = run.acceptor(0).acceptedBallot();
        Ballot accepted1 = run.acceptor(1).acceptedBallot();
        Ballot releasedFor = null;
        long deadline = sim.now() + ALONE_MILLIS;
        while (Objects.equals(run.acceptor(0).acceptedBallot(), accepted0) && Objects.equals(run.acceptor(1).acceptedBallot(), accepted1)) {
            // n5 alone: once 0 and 1 promised one ballot (n5's) and 0's promise has arrived, let 1's promise follow it
            Ballot promised = run.acceptor(1).promised();
            if (Objects.equals(run.acceptor(0).promised(), promised) && !Objects.equals(promised, releasedFor)
                    && sim.inFlight().stream().noneMatch(m -> m.from() == 0 && m.to() == third)) {
                releasedFor = promised;
                sim.release(1, third, true);
            }
            if (sim.now() > deadline || !sim.step()) {
                throw new HarnessFailure("liveness", "n5, the only proposer running, on a calm network with acceptors 0 and 1 "
                        + "(a majority of 3), got no Accept to either within 5 s");
            }
        }
        sim.release(1, third, false);
        await(run, () -> run.proposer(third).learned() != null, ALONE_MILLIS,
                "n5, the only proposer running, on a calm network, learned nothing within 5 s of its Accepts");
        run.eachProposerAloneLearns(ALONE_MILLIS);
    }

    private static boolean promisedAny(PaxosRun run, int acceptor) {
        Ballot promised = run.acceptor(acceptor).promised();
        return promised != null && !promised.equals(Ballot.ZERO);
    }

    private static void await(PaxosRun run, BooleanSupplier condition, long millis, String failure) {
        if (!run.simulation().runUntil(condition, millis)) {
            throw new HarnessFailure("liveness", failure);
        }
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
