package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.NetworkProfile;
import java.util.List;

/**
 * What a playground session is built from, besides its commands: the cluster size, the seed and the network.
 *
 * @param network {@code reliable} (1-5 ms, nothing lost) or {@code unreliable} (MIT labrpc's: 0-26 ms, 10 % lost, 5 % duplicated)
 */
public record SessionOptions(int nodes, long seed, String network) {
    public static final int MAX_NODES = 9;
    public static final List<String> NETWORKS = List.of("reliable", "unreliable");

    public SessionOptions {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new BadCommandException("--nodes is 1 to " + MAX_NODES + " (5 is the classic cluster), got " + nodes);
        }
        if (!NETWORKS.contains(network)) {
            throw new BadCommandException("--network is one of " + String.join(", ", NETWORKS) + "; got '" + network + "'");
        }
    }

    NetworkProfile profile() {
        return network.equals("reliable") ? NetworkProfile.reliable() : NetworkProfile.unreliable();
    }
}
