package dev.dslab.local.s3;

import java.util.Random;

/**
 * A log-normal lag, fixed by its median and 99th percentile, drawn from a seeded generator so that a run
 * can be repeated. Draws are cut at {@link #horizonNanos()} (five times the p99) so the front can forget
 * a mutation once no read can miss it any more.
 */
final class LagDistribution {

    /** The 0.99 quantile of the standard normal distribution. */
    private static final double Z_99 = 2.3263478740408408;

    private final double mu;
    private final double sigma;
    private final long horizonNanos;
    private final Random random;

    LagDistribution(long medianMillis, long p99Millis, long seed) {
        this.mu = Math.log(medianMillis * 1e6);
        this.sigma = (Math.log(p99Millis) - Math.log(medianMillis)) / Z_99;
        this.horizonNanos = p99Millis * 5_000_000L;
        this.random = new Random(seed);
    }

    /** One lag in nanoseconds. */
    synchronized long drawNanos() {
        return Math.min(horizonNanos, (long) Math.exp(mu + sigma * random.nextGaussian()));
    }

    /** The longest lag a draw can give: older mutations are visible to every read. */
    long horizonNanos() {
        return horizonNanos;
    }
}
