package dev.dslab.consensus.paxos;

import dev.dslab.consensus.harness.HarnessFailure;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.NodeFailure;
import dev.dslab.consensus.sim.Trace;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Single-decree Paxos under the hostile network: acceptors 0 to a-1 and proposers a to a+p-1, each proposer
 * with its own value; ten simulated seconds of crashes, restarts and random partitions on a lossy,
 * duplicating, reordering network; then everything healed and restarted until every proposer has learned.
 * Safety is checked after every step ({@link PaxosRun}): a ballot carries one value, at most one value is
 * chosen (accepted by a majority under one ballot, at any time), and a proposer learns only the chosen value.
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
        PaxosRun run = new PaxosRun(nodes, acceptors, proposers, seed, NetworkProfile.unreliable().withLongReordering(), trace);
        try {
            run.start();
            run.chaos(CHAOS_MILLIS, true, true);
            run.everyProposerLearns(SETTLE_MILLIS);
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
}
