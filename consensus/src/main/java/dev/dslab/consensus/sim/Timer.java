package dev.dslab.consensus.sim;

/** A pending timer of a node. */
public interface Timer {

    /** The timer will not fire; cancelling a fired or cancelled timer does nothing. */
    void cancel();
}
