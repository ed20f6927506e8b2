package dev.dslab.consensus.sim;

/**
 * A process the simulator runs: it only reacts to being booted, to messages and to its own timers, always on
 * the simulator's single thread, so a run is a deterministic function of the seed.
 *
 * <p>The simulator creates a fresh instance at every boot: a crash loses every field, and only what the node
 * saved in {@link NodeContext#persister()} survives a restart.
 */
public interface Node {

    /** The node starts (first boot or restart after a crash); read persisted state here, start timers. */
    void boot(NodeContext context);

    /**
     * A message from another node. Messages are delivered late, out of order, twice or never; they must be
     * immutable because a duplicate delivers the same object again.
     */
    void onMessage(int from, Object message);

    /** A timer this node started and did not cancel has expired; {@code tag} is what it was started with. */
    void onTimer(Object tag);
}
