package dev.dslab.consensus.sim;

import java.util.Arrays;

/**
 * A node's stable storage, as MIT 6.5840's Persister: a state blob and a snapshot blob, each written whole.
 * Bytes rather than objects so that nothing but what the node chose to encode survives a crash. Writes are
 * atomic and durable as soon as the call returns.
 */
public final class Persister {
    private static final byte[] EMPTY = new byte[0];

    private byte[] state = EMPTY;
    private byte[] snapshot = EMPTY;

    /** Saves the state and the snapshot together (one atomic write, as Raft needs when it trims its log). */
    public void save(byte[] state, byte[] snapshot) {
        this.state = state.clone();
        this.snapshot = snapshot == null ? EMPTY : snapshot.clone();
    }

    /** Saves the state, keeping the snapshot. */
    public void saveState(byte[] state) {
        this.state = state.clone();
    }

    public byte[] readState() {
        return state.clone();
    }

    public byte[] readSnapshot() {
        return snapshot.clone();
    }

    public int stateSize() {
        return state.length;
    }

    public int snapshotSize() {
        return snapshot.length;
    }

    @Override
    public String toString() {
        return "Persister[state " + state.length + " B, snapshot " + snapshot.length + " B, state hash "
                + Arrays.hashCode(state) + "]";
    }
}
