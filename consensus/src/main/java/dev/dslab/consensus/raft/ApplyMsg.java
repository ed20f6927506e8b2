package dev.dslab.consensus.raft;

/** What a peer hands to its service: a committed command, or a snapshot received from the leader. */
public sealed interface ApplyMsg {

    int index();

    /** The command committed at {@code index}. */
    record Command(int index, String command) implements ApplyMsg {
    }

    /** A snapshot through {@code index} (whose entry had {@code term}) the service must install. */
    record Snapshot(int index, int term, byte[] data) implements ApplyMsg {
        @Override
        public String toString() {
            return "Snapshot[index=" + index + ", term=" + term + ", " + data.length + " B]";
        }
    }
}
