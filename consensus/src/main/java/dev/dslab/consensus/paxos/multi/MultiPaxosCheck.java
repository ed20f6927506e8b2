package dev.dslab.consensus.paxos.multi;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.paxos.Ballot;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Entry;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Multi-Paxos under the hostile network: ten simulated seconds of client commands sent to whichever node is asked
 * (only a leader takes them), crashes, restarts and random partitions on a lossy, duplicating, reordering network;
 * then everything healed and restarted, one last command, and every node must learn every slot through it.
 * Checked after every step: a (slot, ballot) carries one value, at most one value is chosen per slot (accepted by a
 * majority under one ballot, at any time), and a node learns only a slot's chosen value.
 */
public final class MultiPaxosCheck {
    static final long CHAOS_MILLIS = 10_000;
    static final long SETTLE_MILLIS = 60_000;

    private MultiPaxosCheck() {
    }

    /** The outcome of one run; a failure names the seed, the property and the last events. */
    public record Result(long seed, String property, String message, List<String> excerpt, long events, int slots) {
        public boolean passed() {
            return property == null;
        }

        public String report() {
            if (passed()) {
                return "PASS multi-paxos seed " + seed + ", " + slots + " slots chosen, " + events + " events";
            }
            return "FAIL multi-paxos seed " + seed + "\n  property: " + property + "\n  " + message + "\n  last events:\n    "
                    + String.join("\n    ", excerpt) + "\n";
        }
    }

    public static Result run(long seed, int nodes, Set<MultiPaxosFlaw> flaws) {
        Trace trace = Trace.keepingLast(400);
        Simulation<MultiPaxos> sim = new Simulation<>(seed, nodes, id -> new MultiPaxos(flaws),
                NetworkProfile.unreliable().withLongReordering(), trace);
        Safety safety = new Safety(sim);
        sim.addListener(safety);
        try {
            sim.start();
            chaos(sim);
            settle(sim);
        } catch (HarnessFailure failure) {
            return new Result(seed, failure.property(), failure.getMessage(), trace.lastLines(25), trace.size(), safety.chosen.size());
        } catch (NodeFailure failure) {
            return new Result(seed, "node failure", failure.getMessage(), trace.lastLines(25), trace.size(), safety.chosen.size());
        }
        return new Result(seed, null, null, List.of(), trace.size(), safety.chosen.size());
    }

    public static Result run(long seed, int nodes) {
        return run(seed, nodes, EnumSet.noneOf(MultiPaxosFlaw.class));
    }

    /** {@code MultiPaxosCheck [seeds] [nodes] [flaw]}: runs seeds 1 to N and prints failures and totals. */
    public static void main(String[] args) {
        try {
            int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
            int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
            Set<MultiPaxosFlaw> flaws = args.length > 2
                    ? EnumSet.of(MultiPaxosFlaw.valueOf(args[2].toUpperCase(java.util.Locale.ROOT).replace('-', '_')))
                    : EnumSet.noneOf(MultiPaxosFlaw.class);
            if (seeds < 1 || nodes < 1) {
                throw new IllegalArgumentException("counts are at least 1");
            }
            System.out.println("Multi-Paxos: " + nodes + " nodes, flaws " + flaws + ", seeds 1-" + seeds);
            long started = System.nanoTime();
            int failed = 0;
            long events = 0;
            long slots = 0;
            for (long seed = 1; seed <= seeds; seed++) {
                Result result = run(seed, nodes, flaws);
                events += result.events();
                slots += result.slots();
                if (!result.passed() && ++failed <= 3) {
                    System.out.println(result.report());
                }
            }
            System.out.printf("%d passed, %d failed%n%d slots chosen, %d events in %.1f s of wall time%n", seeds - failed, failed, slots, events,
                    (System.nanoTime() - started) / 1e9);
            System.exit(failed == 0 ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: MultiPaxosCheck [seeds] [nodes] [flaw: "
                    + java.util.Arrays.toString(MultiPaxosFlaw.values()).toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "]: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void chaos(Simulation<MultiPaxos> sim) {
        int n = sim.size();
        int[] command = {0};
        while (sim.now() < CHAOS_MILLIS) {
            sim.runFor(100 + sim.random().nextInt(400));
            for (int i = 0; i < 3; i++) {
                int node = sim.random().nextInt(n);
                sim.call(node, "submit c" + command[0], p -> p.submit("c" + command[0]));
                command[0]++;
            }
            int action = sim.random().nextInt(100);
            int node = sim.random().nextInt(n);
            if (action < 20) {
                sim.crash(node);
            } else if (action < 45) {
                if (!sim.isUp(node)) {
                    sim.restart(node);
                }
            } else if (action < 60) {
                int[] side = sim.random().ints(n, 0, 2).toArray();
                sim.partition(IntStream.range(0, n).filter(i -> side[i] == 0).toArray(), IntStream.range(0, n).filter(i -> side[i] == 1).toArray());
            } else if (action < 80) {
                sim.heal();
            }
        }
    }

    private static void settle(Simulation<MultiPaxos> sim) {
        sim.heal();
        sim.profile(NetworkProfile.reliable());
        for (int i = 0; i < sim.size(); i++) {
            if (!sim.isUp(i)) {
                sim.restart(i);
            }
        }
        long deadline = sim.now() + SETTLE_MILLIS;
        // a client retries with whichever node leads now until some node learned its command: a stale leader may take it and lose it
        while (IntStream.range(0, sim.size()).noneMatch(i -> sim.node(i).learned().containsValue("final"))) {
            if (sim.now() >= deadline) {
                throw new HarnessFailure("liveness", "the last command was not chosen within " + SETTLE_MILLIS / 1000
                        + " s of a healed, reliable network");
            }
            int leader = leader(sim);
            if (leader >= 0) {
                sim.call(leader, "submit final", p -> p.submit("final"));
            }
            sim.runUntil(() -> IntStream.range(0, sim.size()).anyMatch(i -> sim.node(i).learned().containsValue("final")), 500);
        }
        boolean learned = sim.runUntil(() -> IntStream.range(0, sim.size()).allMatch(i -> {
            MultiPaxos node = sim.node(i);
            return node.learned().containsValue("final") && node.firstUnlearned() > java.util.Collections.max(node.learned().keySet());
        }), deadline - sim.now());
        if (!learned) {
            throw new HarnessFailure("liveness", "not every node learned every slot through the last command within " + SETTLE_MILLIS / 1000
                    + " s of a healed, reliable network: " + String.join("; ", IntStream.range(0, sim.size())
                    .mapToObj(i -> "n" + i + " " + sim.node(i).describe()).toList()));
        }
    }

    private static int leader(Simulation<MultiPaxos> sim) {
        int best = -1;
        for (int i = 0; i < sim.size(); i++) {
            MultiPaxos node = sim.node(i);
            if (node != null && node.isLeader() && (best < 0 || node.ballot().above(sim.node(best).ballot()))) {
                best = i;
            }
        }
        return best;
    }

    /** The safety properties, checked on the node that acted after every step. */
    private static final class Safety implements Simulation.StepListener {
        private record Key(int slot, Ballot ballot) {
        }

        private final Simulation<MultiPaxos> sim;
        private final Map<Key, String> valueOf = new HashMap<>();
        private final Map<Key, BitSet> acceptedBy = new HashMap<>();
        private final Map<Integer, String> chosen = new HashMap<>();

        Safety(Simulation<MultiPaxos> sim) {
            this.sim = sim;
        }

        @Override
        public void afterStep(int node) {
            if (node < 0 || !sim.isUp(node)) {
                return;
            }
            MultiPaxos paxos = sim.node(node);
            for (Entry entry : paxos.acceptedEntries().values()) {
                Key key = new Key(entry.slot(), entry.ballot());
                String earlier = valueOf.putIfAbsent(key, entry.value());
                if (earlier != null && !earlier.equals(entry.value())) {
                    throw new HarnessFailure("one value per ballot", "slot " + entry.slot() + " ballot " + entry.ballot() + " carried '" + earlier
                            + "' and '" + entry.value() + "'");
                }
                BitSet by = acceptedBy.computeIfAbsent(key, k -> new BitSet());
                by.set(node);
                if (by.cardinality() > sim.size() / 2) {
                    String was = chosen.putIfAbsent(entry.slot(), entry.value());
                    if (was != null && !was.equals(entry.value())) {
                        throw new HarnessFailure("one value chosen per slot", "slot " + entry.slot() + " chose '" + was + "', then '" + entry.value()
                                + "' under ballot " + entry.ballot() + " (acceptors " + by + ")");
                    }
                }
            }
            for (var learned : paxos.learned().entrySet()) {
                String value = chosen.get(learned.getKey());
                if (!learned.getValue().equals(value)) {
                    throw new HarnessFailure("learn only the chosen value", "n" + node + " learned '" + learned.getValue() + "' in slot "
                            + learned.getKey() + " but the chosen value is " + (value == null ? "none yet" : "'" + value + "'"));
                }
            }
        }
    }
}
