package dev.dslab.consensus.paxos;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Single-decree Paxos under the hostile network: acceptors 0 to a-1 and proposers a to a+p-1, each proposer
 * with its own value; ten simulated seconds of crashes, restarts and random partitions on a lossy,
 * duplicating, reordering network; then everything healed and restarted until every proposer has learned.
 * Safety is checked after every step: a ballot carries one value, at most one value is chosen (accepted by
 * a majority under one ballot, at any time), and a proposer learns only the chosen value.
 */
public final class PaxosCheck {
    static final long CHAOS_MILLIS = 10_000;
    static final long SETTLE_MILLIS = 60_000;

    private PaxosCheck() {
    }

    /** The outcome of one run; a failure names the seed, the property and the last events. */
    public record Result(long seed, String property, String message, List<String> excerpt, long events) {
        public boolean passed() {
            return property == null;
        }

        public String report() {
            if (passed()) {
                return "PASS paxos seed " + seed + ", " + events + " events";
            }
            return "FAIL paxos seed " + seed + "\n  property: " + property + "\n  " + message + "\n  last events:\n    "
                    + String.join("\n    ", excerpt) + "\n";
        }
    }

    public static Result run(long seed, int acceptors, int proposers, Set<PaxosFlaw> flaws) {
        return run(seed, acceptors, proposers, PaxosNodes.reference(flaws));
    }

    /** Checks any implementation: proposer n proposes "v" + n; node ids are acceptors first, then proposers. */
    public static Result run(long seed, int acceptors, int proposers, PaxosNodes nodes) {
        Trace trace = Trace.keepingLast(400);
        Simulation<Node> sim = new Simulation<>(seed, acceptors + proposers,
                id -> id < acceptors ? nodes.acceptor(id) : nodes.proposer(id, acceptors, "v" + id),
                NetworkProfile.unreliable().withLongReordering(), trace);
        sim.addListener(new Safety(sim, acceptors));
        try {
            sim.start();
            chaos(sim);
            settle(sim, acceptors);
        } catch (HarnessFailure failure) {
            return new Result(seed, failure.property(), failure.getMessage(), trace.lastLines(25), trace.size());
        } catch (NodeFailure failure) {
            return new Result(seed, "node failure", failure.getMessage(), trace.lastLines(25), trace.size());
        }
        return new Result(seed, null, null, List.of(), trace.size());
    }

    public static Result run(long seed, int acceptors, int proposers) {
        return run(seed, acceptors, proposers, EnumSet.noneOf(PaxosFlaw.class));
    }

    /** {@code PaxosCheck [seeds] [acceptors] [proposers] [flaw]}: runs seeds 1 to N and prints failures and totals. */
    public static void main(String[] args) {
        try {
            int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
            int acceptors = args.length > 1 ? Integer.parseInt(args[1]) : 3;
            int proposers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
            Set<PaxosFlaw> flaws = args.length > 3 ? EnumSet.of(PaxosFlaw.valueOf(args[3].toUpperCase(java.util.Locale.ROOT).replace('-', '_')))
                    : EnumSet.noneOf(PaxosFlaw.class);
            if (seeds < 1 || acceptors < 1 || proposers < 1) {
                throw new IllegalArgumentException("counts are at least 1");
            }
            System.out.println("Paxos: " + acceptors + " acceptors, " + proposers + " proposers, flaws " + flaws + ", seeds 1-" + seeds);
            long started = System.nanoTime();
            int failed = 0;
            long events = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                Result result = run(seed, acceptors, proposers, flaws);
                events += result.events();
                if (!result.passed()) {
                    failed++;
                    if (failed <= 3) {
                        System.out.println(result.report());
                    }
                }
            }
            System.out.printf("%d passed, %d failed%n%d events in %.1f s of wall time%n", seeds - failed, failed, events,
                    (System.nanoTime() - started) / 1e9);
            System.exit(failed == 0 ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: PaxosCheck [seeds] [acceptors] [proposers] [flaw: "
                    + java.util.Arrays.toString(PaxosFlaw.values()).toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "]: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void chaos(Simulation<Node> sim) {
        int n = sim.size();
        while (sim.now() < CHAOS_MILLIS) {
            sim.runFor(100 + sim.random().nextInt(400));
            int action = sim.random().nextInt(100);
            int node = sim.random().nextInt(n);
            if (action < 30) {
                sim.crash(node);
            } else if (action < 55) {
                if (!sim.isUp(node)) {
                    sim.restart(node);
                }
            } else if (action < 70) {
                int[] side = sim.random().ints(n, 0, 2).toArray();
                sim.partition(java.util.stream.IntStream.range(0, n).filter(i -> side[i] == 0).toArray(),
                        java.util.stream.IntStream.range(0, n).filter(i -> side[i] == 1).toArray());
            } else if (action < 85) {
                sim.heal();
            }
        }
    }

    private static void settle(Simulation<Node> sim, int acceptors) {
        sim.heal();
        sim.profile(NetworkProfile.reliable());
        for (int i = 0; i < sim.size(); i++) {
            if (!sim.isUp(i)) {
                sim.restart(i);
            }
        }
        boolean learned = sim.runUntil(() -> {
            for (int i = acceptors; i < sim.size(); i++) {
                if (((PaxosNodes.ProposerView) sim.node(i)).learned() == null) {
                    return false;
                }
            }
            return true;
        }, SETTLE_MILLIS);
        if (!learned) {
            throw new HarnessFailure("liveness", "not every proposer learned a value within " + SETTLE_MILLIS / 1000
                    + " s of a healed, reliable network");
        }
    }

    /** The safety properties, checked on the node that acted after every step. */
    private static final class Safety implements Simulation.StepListener {
        private final Simulation<Node> sim;
        private final int acceptors;
        private final Map<Ballot, String> valueOf = new HashMap<>();
        private final Map<Ballot, BitSet> acceptedBy = new HashMap<>();
        private Ballot chosenBallot;
        private String chosen;

        Safety(Simulation<Node> sim, int acceptors) {
            this.sim = sim;
            this.acceptors = acceptors;
        }

        @Override
        public void afterStep(int node) {
            if (node < 0 || !sim.isUp(node)) {
                return;
            }
            if (node < acceptors) {
                PaxosNodes.AcceptorView acceptor = (PaxosNodes.AcceptorView) sim.node(node);
                if (acceptor.acceptedValue() == null) {
                    return;
                }
                Ballot ballot = acceptor.acceptedBallot();
                String value = acceptor.acceptedValue();
                String earlier = valueOf.putIfAbsent(ballot, value);
                if (earlier != null && !earlier.equals(value)) {
                    throw new HarnessFailure("one value per ballot", "ballot " + ballot + " carried '" + earlier + "' and '" + value + "'");
                }
                BitSet by = acceptedBy.computeIfAbsent(ballot, b -> new BitSet());
                by.set(node);
                if (by.cardinality() > acceptors / 2) {
                    if (chosen == null) {
                        chosen = value;
                        chosenBallot = ballot;
                    } else if (!chosen.equals(value)) {
                        throw new HarnessFailure("one value chosen", "'" + chosen + "' was chosen under ballot " + chosenBallot
                                + ", then '" + value + "' under ballot " + ballot + " (acceptors " + by + ")");
                    }
                }
            } else {
                String learned = ((PaxosNodes.ProposerView) sim.node(node)).learned();
                if (learned != null && !learned.equals(chosen)) {
                    throw new HarnessFailure("learn only the chosen value", "n" + node + " learned '" + learned + "' but the chosen value is "
                            + (chosen == null ? "none yet" : "'" + chosen + "'"));
                }
            }
        }
    }
}
