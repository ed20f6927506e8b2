package dev.dslab.consensus.kv;

/**
 * The service's answer to one request.
 *
 * @param value a get's value (null when the key is absent); for other kinds null
 */
public record KvResult(Status status, String value) {

    public enum Status {
        /** Applied (a get found the key, a put, append or compare-and-set took effect). */
        OK,
        /** A get or compare-and-set on a key that does not exist; nothing changed. */
        NO_KEY,
        /** A compare-and-set found another value; nothing changed. */
        MISMATCH,
        /** This server does not lead: the request was not put in its log (try another server). */
        WRONG_LEADER,
        /**
         * This server put the request in its log but lost leadership before it committed: it may still commit
         * under the next leader, or never. Retrying with the same sequence number is safe (deduplication).
         */
        LOST
    }

    public static final KvResult OK = new KvResult(Status.OK, null);
    public static final KvResult WRONG_LEADER = new KvResult(Status.WRONG_LEADER, null);
    public static final KvResult LOST = new KvResult(Status.LOST, null);

    /** Whether the request reached a final answer (applied, or definitely rejected by the state machine). */
    public boolean decided() {
        return status != Status.WRONG_LEADER && status != Status.LOST;
    }
}
