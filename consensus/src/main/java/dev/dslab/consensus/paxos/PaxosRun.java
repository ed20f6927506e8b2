package dev.dslab.consensus.paxos;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One single-decree Paxos run under test, what {@link PaxosCheck} and the {@link PaxosScenarios} script:
 * acceptors 0 to a-1 and proposers a to a+p-1, proposer n proposing "v" + n, with safety checked after every
 * step. A value is chosen when a majority of acceptors accepted it under one ballot ("Paxos Made Simple"
 * section 2.1), at any moment, so an acceptor that later forgets is still counted. Checked: a ballot carries
 * one value; at most one value is chosen; only a proposed value is chosen; a proposer learns only the chosen value.
 */
public final class PaxosRun {
    /** The reference needs a few thousand steps per run; far more means a storm of messages or timers. */
    public static final long STEP_BUDGET = 1_000_000;

    private final Simulation<Node> sim;
    private final int acceptors;

    public PaxosRun(PaxosNodes nodes, int acceptors, int proposers, long seed, NetworkProfile profile, Trace trace) {
        this.acceptors = acceptors;
        this.sim = new Simulation<>(seed, acceptors + proposers,
                id -> id < acceptors ? nodes.acceptor(id) : nodes.proposer(id, acceptors, value(id)), profile, trace);
        sim.addListener(new Safety(sim, acceptors));
        long[] steps = {0};
        sim.addListener(node -> {
            if (++steps[0] > STEP_BUDGET) {
                throw new HarnessFailure("step budget", "over " + STEP_BUDGET + " simulator steps by " + sim.now()
                        + " ms: the nodes send messages or set timers without end");
            }
        });
    }

    /** The value proposer {@code id} proposes. */
    public static String value(int id) {
        return "v" + id;
    }

    /** Boots every node. */
    public void start() {
        sim.start();
    }

    public Simulation<Node> simulation() {
        return sim;
    }

    public int acceptors() {
        return acceptors;
    }

    public int proposers() {
        return sim.size() - acceptors;
    }

    /** The running acceptor {@code id}, null while it is crashed. */
    public PaxosNodes.AcceptorView acceptor(int id) {
        return (PaxosNodes.AcceptorView) sim.node(id);
    }

    public PaxosNodes.ProposerView proposer(int id) {
        return (PaxosNodes.ProposerView) sim.node(id);
    }

    /**
     * Runs until {@code until} ms of virtual time: every 100-500 ms a random node may crash (30 %) or restart
     * (25 %), the network may split at random (15 %) or heal (15 %); actions not {@code allowed} are skipped.
     */
    public void chaos(long until, boolean crashes, boolean partitions) {
        int n = sim.size();
        while (sim.now() < until) {
            sim.runFor(100 + sim.random().nextInt(400));
            int action = sim.random().nextInt(100);
            int node = sim.random().nextInt(n);
            if (action < 30) {
                if (crashes) {
                    sim.crash(node);
                }
            } else if (action < 55) {
                if (!sim.isUp(node)) {
                    sim.restart(node);
                }
            } else if (action < 70) {
                int[] side = sim.random().ints(n, 0, 2).toArray();
                if (partitions) {
                    sim.partition(IntStream.range(0, n).filter(i -> side[i] == 0).toArray(), IntStream.range(0, n).filter(i -> side[i] == 1).toArray());
                }
            } else if (action < 85) {
                sim.heal();
            }
        }
    }

    /** A calm world: the network healed and reliable, every acceptor up. */
    public void calm() {
        sim.heal();
        sim.profile(NetworkProfile.reliable());
        for (int i = 0; i < acceptors; i++) {
            if (!sim.isUp(i)) {
                sim.restart(i);
            }
        }
    }

    /**
     * Liveness where Paxos promises it, one proposer at a time on a calm network: every proposer is stopped, then
     * each is restarted alone (from what it persisted) and must learn the chosen value within {@code millis}.
     */
    public void eachProposerAloneLearns(long millis) {
        calm();
        for (int p = acceptors; p < sim.size(); p++) {
            if (sim.isUp(p)) {
                sim.crash(p);
            }
        }
        for (int p = acceptors; p < sim.size(); p++) {
            sim.restart(p);
            int proposer = p;
            if (!sim.runUntil(() -> proposer(proposer).learned() != null, millis)) {
                throw new HarnessFailure("liveness", "n" + p + ", the only proposer running on a calm network with every acceptor up, "
                        + "learned nothing within " + millis / 1000.0 + " s");
            }
            sim.crash(p);
        }
    }

    /** Every proposer up at once on a calm network must learn within {@code millis} (the reference backs off at random). */
    public void everyProposerLearns(long millis) {
        calm();
        for (int i = acceptors; i < sim.size(); i++) {
            if (!sim.isUp(i)) {
                sim.restart(i);
            }
        }
        boolean learned = sim.runUntil(() -> IntStream.range(acceptors, sim.size()).allMatch(i -> proposer(i).learned() != null), millis);
        if (!learned) {
            throw new HarnessFailure("liveness", "not every proposer learned a value within " + millis / 1000
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
                        if (!proposed(value)) {
                            throw new HarnessFailure("only a proposed value is chosen", "'" + value + "' was chosen under ballot " + ballot
                                    + " but no proposer proposed it (they propose v<their id>)");
                        }
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

        private boolean proposed(String value) {
            return IntStream.range(acceptors, sim.size()).anyMatch(id -> value(id).equals(value));
        }
    }
}
