package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Staleness of every acknowledged read of a history, with the aggregates an experiment charts.
 * {@code unexplainedReads} returned a value that no write (acknowledged or indeterminate) wrote and that
 * is not the initial value: staleness is undefined for them, and they are left out of every aggregate
 * (the linearizability checker rejects such a history anyway).
 */
public record StalenessReport(List<ReadStaleness> reads, List<Operation> unexplainedReads) {

    /** Reads whose time since the last acknowledged write fell in [{@code fromMillis}, {@code toMillis}). */
    public record Bucket(double fromMillis, double toMillis, int reads, int staleReads) {

        /** NaN when no read fell in the bucket, so a chart can leave it out instead of drawing a zero. */
        public double staleFraction() {
            return reads == 0 ? Double.NaN : (double) staleReads / reads;
        }
    }

    public StalenessReport {
        reads = List.copyOf(reads);
        unexplainedReads = List.copyOf(unexplainedReads);
    }

    public int readCount() {
        return reads.size();
    }

    public int staleCount() {
        return (int) reads.stream().filter(ReadStaleness::stale).count();
    }

    public List<ReadStaleness> staleReads() {
        return reads.stream().filter(ReadStaleness::stale).toList();
    }

    /** Stale reads over all explained reads; NaN when there is none. */
    public double staleFraction() {
        return reads.isEmpty() ? Double.NaN : (double) staleCount() / reads.size();
    }

    /**
     * Stale fraction of the reads invoked between {@code fromMillis} (inclusive) and {@code toMillis}
     * (exclusive) after the latest write acknowledged before them; NaN when no read falls there. Reads
     * before any acknowledged write fall in no range (they cannot be stale).
     */
    public double staleFraction(double fromMillis, double toMillis) {
        return bucket(fromMillis, toMillis).staleFraction();
    }

    public Bucket bucket(double fromMillis, double toMillis) {
        if (!(fromMillis < toMillis)) {
            throw new IllegalArgumentException("a bucket needs from < to, got [" + fromMillis + ", " + toMillis + ")");
        }
        int count = 0;
        int stale = 0;
        for (ReadStaleness read : reads) {
            if (read.millisSinceLastWrite().isEmpty()) {
                continue;
            }
            double since = read.millisSinceLastWrite().getAsDouble();
            if (since >= fromMillis && since < toMillis) {
                count++;
                if (read.stale()) {
                    stale++;
                }
            }
        }
        return new Bucket(fromMillis, toMillis, count, stale);
    }

    /**
     * Buckets between consecutive edges, e.g. {@code histogram(0, 10, 50, 100, Double.POSITIVE_INFINITY)}
     * gives [0, 10), [10, 50), [50, 100), [100, inf).
     */
    public List<Bucket> histogram(double... edgesMillis) {
        if (edgesMillis.length < 2) {
            throw new IllegalArgumentException("a histogram needs at least two edges, got " + edgesMillis.length);
        }
        List<Bucket> buckets = new ArrayList<>(edgesMillis.length - 1);
        for (int i = 1; i < edgesMillis.length; i++) {
            buckets.add(bucket(edgesMillis[i - 1], edgesMillis[i]));
        }
        return buckets;
    }

    /** The same report restricted to the reads tagged {@code mode} (null: the untagged ones). */
    public StalenessReport forMode(String mode) {
        return new StalenessReport(reads.stream().filter(r -> Objects.equals(r.mode(), mode)).toList(),
                unexplainedReads);
    }

    /** The tags that occur, sorted (the untagged reads are not listed). */
    public Set<String> modes() {
        Set<String> modes = new TreeSet<>();
        reads.stream().map(ReadStaleness::mode).filter(Objects::nonNull).forEach(modes::add);
        return modes;
    }

    public int maxVersionsBehind() {
        return reads.stream().mapToInt(ReadStaleness::versionsBehind).max().orElse(0);
    }

    public double maxMillisBehind() {
        return reads.stream().mapToDouble(ReadStaleness::millisBehind).max().orElse(0);
    }
}
