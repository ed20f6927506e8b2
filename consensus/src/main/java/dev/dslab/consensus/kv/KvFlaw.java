package dev.dslab.consensus.kv;

/** Classic key-value service bugs, each of which the linearizability or append check must catch. */
public enum KvFlaw {
    /** Applies every committed request, retries and network duplicates included (no client table). */
    NO_DEDUP("no-dedup"),
    /**
     * A server that believes it leads answers gets from its own state without a log entry: a leader cut off
     * from the majority keeps believing it leads and serves stale values (Raft paper section 8).
     */
    LOCAL_READS("local-reads");

    private final String label;

    KvFlaw(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static KvFlaw parse(String label) {
        for (KvFlaw flaw : values()) {
            if (flaw.label.equals(label)) {
                return flaw;
            }
        }
        throw new IllegalArgumentException("unknown key-value flaw '" + label + "'; known: no-dedup, local-reads");
    }
}
