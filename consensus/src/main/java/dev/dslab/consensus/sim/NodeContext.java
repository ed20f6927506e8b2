package dev.dslab.consensus.sim;

import java.util.random.RandomGenerator;

/** What a node may use of the world: its identity, virtual time, the network, timers, storage, randomness. */
public interface NodeContext {

    /** This node's id, 0 to {@link #clusterSize()} - 1. */
    int id();

    int clusterSize();

    /** Virtual time in milliseconds since the run started. */
    long now();

    /** Hands a message to the network; it may arrive late, twice, out of order or not at all. */
    void send(int to, Object message);

    /** Fires {@link Node#onTimer} with {@code tag} after {@code delayMillis} of virtual time, unless cancelled or crashed. */
    Timer startTimer(long delayMillis, Object tag);

    /** The node's stable storage: the only state that survives a crash. */
    Persister persister();

    /** The simulation's seeded random source: nodes must take randomness from here to stay reproducible. */
    RandomGenerator random();

    /** Records a state change (role, term, ...) in the trace, so a replay shows why the node acted. */
    void note(String stateChange);
}
