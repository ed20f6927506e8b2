package dev.dslab.local.dynamodb;

import java.util.Random;

/**
 * A replication lag drawn from the log-normal distribution with the given median and 99th percentile:
 * mu = ln(median), sigma = (ln(p99) - mu) / z(0.99). Lags are right-skewed with a long tail, like network
 * and apply delays. A median of 0 means no lag at all.
 */
record LagDistribution(double medianMillis, double p99Millis) {

    /** The standard normal quantile of 0.99. */
    private static final double Z99 = 2.326347874040841;

    long drawNanos(Random random) {
        if (medianMillis == 0) {
            return 0;
        }
        double mu = Math.log(medianMillis);
        double sigma = (Math.log(p99Millis) - mu) / Z99;
        return Math.round(Math.exp(mu + sigma * random.nextGaussian()) * 1_000_000);
    }
}
