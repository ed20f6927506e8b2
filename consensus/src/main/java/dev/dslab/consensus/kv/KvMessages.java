package dev.dslab.consensus.kv;

/** What clerks and servers say to each other; Raft's own messages pass alongside untouched. */
public final class KvMessages {
    private KvMessages() {
    }

    /** A clerk's request, resent with the same sequence number until answered. */
    public record Request(KvOp op) {
    }

    /** The server's answer to request {@code seq} of {@code client}. */
    public record Reply(String client, long seq, KvResult result) {
    }
}
