package dev.dslab.local.kinesis;

/**
 * A token bucket refilled continuously at {@code perSecond}, holding at most {@code capacity}. Not thread
 * safe: a shard's buckets are used under that shard's lock.
 */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double level;
    private long refilledAt;

    /** A bucket that starts full. */
    TokenBucket(double perSecond, double capacity, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = capacity;
        this.level = capacity;
        this.refilledAt = now;
    }

    double level(long now) {
        refill(now);
        return level;
    }

    /**
     * Whether {@code cost} fits now. A cost above the capacity fits a full bucket (it then runs into debt),
     * so one item larger than the burst is never refused for good.
     */
    boolean fits(double cost, long now) {
        refill(now);
        return level >= Math.min(cost, capacity);
    }

    /** Takes {@code cost}, possibly below zero: a debt repaid by the refill before anything fits again. */
    void take(double cost, long now) {
        refill(now);
        level -= cost;
    }

    /** Gives back what {@link #take} took for work that did not happen. */
    void giveBack(double cost) {
        level = Math.min(capacity, level + cost);
    }

    private void refill(long now) {
        if (now > refilledAt) {
            level = Math.min(capacity, level + (now - refilledAt) * perNano);
            refilledAt = now;
        }
    }
}
