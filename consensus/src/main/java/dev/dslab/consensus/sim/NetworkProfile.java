package dev.dslab.consensus.sim;

/**
 * How hostile the network is to each message, decided independently per message from the run's random source.
 * The unreliable figures are MIT 6.5840's labrpc ({@code labrpc.go}: 0-26 ms delay, 10 % of requests and of
 * replies lost, with long reordering 600 in 900 replies held back 200 ms + up to 2 s); dslab adds duplicates,
 * which labrpc never makes but real networks and retrying clients do. labrpc holds back only replies; here any
 * message may be held back, with a chance chosen so that a request and its reply are held back in labrpc's
 * proportion (a round trip escapes with probability 1/3 in both).
 *
 * @param minDelayMillis   smallest delivery delay
 * @param maxDelayMillis   largest ordinary delivery delay (inclusive)
 * @param dropRate         chance a message is lost
 * @param duplicateRate    chance a delivered message is delivered a second time, with its own delay
 * @param longDelayRate    chance a message is held back much longer than others (long reordering)
 * @param longDelayMillis  extra delay of a held-back message: longDelayMillis + random up to longDelaySpreadMillis
 */
public record NetworkProfile(String name, int minDelayMillis, int maxDelayMillis, double dropRate, double duplicateRate,
                             double longDelayRate, int longDelayMillis, int longDelaySpreadMillis) {

    public NetworkProfile {
        if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
            throw new IllegalArgumentException("delays must satisfy 0 <= min <= max, got " + minDelayMillis + ".." + maxDelayMillis);
        }
        for (double rate : new double[] {dropRate, duplicateRate, longDelayRate}) {
            if (rate < 0 || rate > 1) {
                throw new IllegalArgumentException("rates are between 0 and 1, got " + rate);
            }
        }
    }

    /** Every message arrives once within a few milliseconds, in no guaranteed order. */
    public static NetworkProfile reliable() {
        return new NetworkProfile("reliable", 1, 5, 0, 0, 0, 0, 0);
    }

    /** labrpc's unreliable network plus duplicates. */
    public static NetworkProfile unreliable() {
        return new NetworkProfile("unreliable", 0, 26, 0.10, 0.05, 0, 0, 0);
    }

    /** This profile with labrpc's long reordering: 2 in 3 round trips held back 200 ms plus up to 2 s. */
    public NetworkProfile withLongReordering() {
        return new NetworkProfile(name + "+long-reordering", minDelayMillis, maxDelayMillis, dropRate, duplicateRate,
                1 - Math.sqrt(1 - 600.0 / 900), 200, 2000);
    }
}
