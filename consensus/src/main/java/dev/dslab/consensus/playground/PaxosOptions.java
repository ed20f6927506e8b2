package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.NetworkProfile;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a Paxos playground session is built from, besides its commands. Acceptors are a1..aN and proposers
 * p1..pM, as a learner types them; the simulator numbers the acceptors 0..N-1 and the proposers after them.
 *
 * @param network {@code reliable} (1-5 ms, nothing lost) or {@code unreliable} (MIT labrpc's: 0-26 ms, 10 % lost, 5 % duplicated)
 */
public record PaxosOptions(int acceptors, int proposers, long seed, String network) {
    public static final int MAX_ACCEPTORS = 7;
    public static final int MAX_PROPOSERS = 5;

    public PaxosOptions {
        if (acceptors < 1 || acceptors > MAX_ACCEPTORS) {
            throw new BadCommandException("--acceptors is 1 to " + MAX_ACCEPTORS + " (3 is the classic), got " + acceptors);
        }
        if (proposers < 1 || proposers > MAX_PROPOSERS) {
            throw new BadCommandException("--proposers is 1 to " + MAX_PROPOSERS + ", got " + proposers);
        }
        if (!SessionOptions.NETWORKS.contains(network)) {
            throw new BadCommandException("--network is one of " + String.join(", ", SessionOptions.NETWORKS) + "; got '" + network + "'");
        }
    }

    public int nodes() {
        return acceptors + proposers;
    }

    NetworkProfile profile() {
        return network.equals("reliable") ? NetworkProfile.reliable() : NetworkProfile.unreliable();
    }

    /** a1..aN then p1..pM, by simulator id. */
    List<String> names() {
        return IntStream.range(0, nodes()).mapToObj(this::name).toList();
    }

    String name(int simulatorId) {
        return simulatorId < acceptors ? "a" + (simulatorId + 1) : "p" + (simulatorId - acceptors + 1);
    }

    /** What node names exist, for messages saying what is allowed. */
    String allowed() {
        return "acceptors are a1" + (acceptors > 1 ? " to a" + acceptors : "") + ", proposers p1" + (proposers > 1 ? " to p" + proposers : "");
    }

    /** A node as a learner names it (a2, p1) to its simulator id. */
    int node(String text) {
        String name = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (name.matches("[ap]\\d{1,2}")) {
            int number = Integer.parseInt(name.substring(1));
            if (name.charAt(0) == 'a' && number >= 1 && number <= acceptors) {
                return number - 1;
            }
            if (name.charAt(0) == 'p' && number >= 1 && number <= proposers) {
                return acceptors + number - 1;
            }
        }
        throw new BadCommandException("no node '" + text + "': " + allowed());
    }
}
