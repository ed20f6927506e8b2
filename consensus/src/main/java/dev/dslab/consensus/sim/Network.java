package dev.dslab.consensus.sim;

import java.util.Arrays;

/**
 * Which nodes can reach which: a node can be disconnected as a whole (labrpc's disconnect) and any directed
 * link can be cut, so arbitrary and asymmetric partitions are possible, or held (its messages kept back until a
 * scenario releases them, so that one arrives after others it would have beaten). Checked when a message is sent and
 * again when it would be delivered, as labrpc drops a reply whose server was disconnected meanwhile.
 */
public final class Network {
    private final int size;
    private final boolean[] connected;
    private final boolean[][] cut;
    private final boolean[][] held;
    private NetworkProfile profile;

    Network(int size, NetworkProfile profile) {
        this.size = size;
        this.connected = new boolean[size];
        this.cut = new boolean[size][size];
        this.held = new boolean[size][size];
        this.profile = profile;
        Arrays.fill(connected, true);
    }

    public NetworkProfile profile() {
        return profile;
    }

    void profile(NetworkProfile profile) {
        this.profile = profile;
    }

    public boolean isConnected(int node) {
        return connected[node];
    }

    /** Whether a message from {@code from} to {@code to} would get through now (loss aside). */
    public boolean canReach(int from, int to) {
        return connected[from] && connected[to] && !cut[from][to];
    }

    /** Whether messages from {@code from} to {@code to} are held back now (neither delivered nor lost). */
    public boolean isHeld(int from, int to) {
        return held[from][to];
    }

    void hold(int from, int to, boolean isHeld) {
        held[check(from)][check(to)] = isHeld;
    }

    void connect(int node, boolean up) {
        connected[check(node)] = up;
    }

    void cut(int from, int to, boolean isCut) {
        cut[check(from)][check(to)] = isCut;
    }

    /** Only nodes in the same group reach each other; a node in no group is cut off from everyone. */
    void partition(int[][] groups) {
        int[] groupOf = new int[size];
        Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups.length; g++) {
            for (int node : groups[g]) {
                if (groupOf[check(node)] != -1) {
                    throw new IllegalArgumentException("node " + node + " is in two groups of the partition");
                }
                groupOf[node] = g;
            }
        }
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                cut[a][b] = a != b && (groupOf[a] == -1 || groupOf[a] != groupOf[b]);
            }
        }
    }

    /** Every node connected, every link up, nothing held back. */
    void heal() {
        Arrays.fill(connected, true);
        for (boolean[] row : cut) {
            Arrays.fill(row, false);
        }
        for (boolean[] row : held) {
            Arrays.fill(row, false);
        }
    }

    private int check(int node) {
        if (node < 0 || node >= size) {
            throw new IllegalArgumentException("node ids are 0 to " + (size - 1) + ", got " + node);
        }
        return node;
    }
}
