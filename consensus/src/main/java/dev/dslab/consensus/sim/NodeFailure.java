package dev.dslab.consensus.sim;

/** A node's handler threw: the run cannot go on, and the seed and time say how to get here again. */
public final class NodeFailure extends RuntimeException {
    private final int node;
    private final long time;
    private final long seed;

    NodeFailure(int node, long time, long seed, String during, Throwable cause) {
        super("node " + node + " threw " + cause + " during " + during + " at " + time + " ms (seed " + seed + ")", cause);
        this.node = node;
        this.time = time;
        this.seed = seed;
    }

    public int node() {
        return node;
    }

    public long time() {
        return time;
    }

    public long seed() {
        return seed;
    }
}
