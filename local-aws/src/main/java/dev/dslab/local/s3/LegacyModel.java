package dev.dslab.local.s3;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pre-December-2020 S3 model, per key. Every successful mutation is remembered with the time it was
 * acknowledged and the state before it (S3Proxy's own GET answer, taken just before). A read draws a lag L
 * and sees the key as a replica L behind would: mutations acknowledged less than L ago are invisible to it,
 * except the read-after-write consistent ones, PUTs of new keys. A new key loses that guarantee when a
 * GET or HEAD found it missing shortly before (the negative lookup of the 2019 Developer Guide) or when
 * the key was changed within the horizon. Listings have no such guarantee: they miss recent new keys too.
 *
 * <p>Memory is bounded: objects larger than {@link #MAX_KEPT_BODY} bytes, or arriving while
 * {@link #MAX_KEPT_BYTES} are held, are read-after-write consistent (no earlier state is kept for them);
 * entries are forgotten once older than the lag horizon.
 */
final class LegacyModel {

    static final int MAX_KEPT_BODY = 1 << 20;
    static final long MAX_KEPT_BYTES = 64L << 20;
    private static final int LOCK_STRIPES = 64;

    private record Mutation(long atNanos, StoredResponse before, boolean consistent) {
    }

    /** One key's recent past: guarded by its own monitor. */
    private static final class History {
        final Deque<Mutation> mutations = new ArrayDeque<>();
        long negativeLookupNanos = Long.MIN_VALUE;
    }

    private final LagDistribution lag;
    private final Map<String, NavigableMap<String, History>> buckets = new ConcurrentHashMap<>();
    private final ReentrantLock[] mutationLocks = new ReentrantLock[LOCK_STRIPES];
    private final AtomicLong keptBytes = new AtomicLong();
    private final AtomicLong recordsSinceSweep = new AtomicLong();

    LegacyModel(LagDistribution lag) {
        this.lag = lag;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            mutationLocks[i] = new ReentrantLock();
        }
    }

    /** Mutations of one key run one at a time, so the state taken before one is the state it replaced. */
    ReentrantLock mutationLock(String bucket, String key) {
        return mutationLocks[Math.floorMod((bucket + '/' + key).hashCode(), LOCK_STRIPES)];
    }

    /** Whether a state before a mutation of this size can be kept. */
    boolean canKeep(long bodyBytes) {
        return bodyBytes <= MAX_KEPT_BODY && keptBytes.get() + bodyBytes <= MAX_KEPT_BYTES;
    }

    /**
     * Records an acknowledged mutation.
     *
     * @param before the key's state just before it, or empty when it was not kept (the mutation is then
     *               visible at once)
     */
    void mutated(String bucket, String key, Optional<StoredResponse> before) {
        long now = System.nanoTime();
        History history = history(bucket, key);
        synchronized (history) {
            forgetOld(history, now);
            boolean newKey = before.isPresent() && !before.get().exists();
            boolean lookedUpMissing = history.negativeLookupNanos != Long.MIN_VALUE
                    && now - history.negativeLookupNanos <= lag.horizonNanos();
            boolean consistent = before.isEmpty() || newKey && !lookedUpMissing && history.mutations.isEmpty();
            history.mutations.addLast(new Mutation(now, before.orElse(null), consistent));
            before.ifPresent(state -> keptBytes.addAndGet(state.weight()));
        }
        sweepEveryThousandRecords(now);
    }

    private void sweepEveryThousandRecords(long now) {
        if (recordsSinceSweep.incrementAndGet() % 1_000 == 0) {
            sweep(now);
        }
    }

    /** Records that a GET or HEAD answered 404 for the key. */
    void lookedUpMissing(String bucket, String key) {
        long now = System.nanoTime();
        History history = history(bucket, key);
        synchronized (history) {
            history.negativeLookupNanos = now;
        }
        sweepEveryThousandRecords(now);
    }

    /** What one read sees of the key: empty = the current state (forward), else the state to answer. */
    Optional<StoredResponse> read(String bucket, String key) {
        NavigableMap<String, History> keys = buckets.get(bucket);
        History history = keys == null ? null : keys.get(key);
        if (history == null) {
            return Optional.empty();
        }
        return seenState(history, System.nanoTime(), lag.drawNanos(), true);
    }

    /**
     * What one listing sees: for every key under the prefix whose recent mutations this listing misses,
     * the state it sees instead. One lag is drawn for the whole listing: it is a view of the bucket as a
     * replica that far behind holds it.
     */
    Map<String, StoredResponse> listing(String bucket, String prefix) {
        NavigableMap<String, History> keys = buckets.get(bucket);
        Map<String, StoredResponse> seen = new LinkedHashMap<>();
        if (keys == null) {
            return seen;
        }
        long now = System.nanoTime();
        long lagNanos = lag.drawNanos();
        NavigableMap<String, History> range = prefix.isEmpty() ? keys : keys.tailMap(prefix, true);
        for (Map.Entry<String, History> entry : range.entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            seenState(entry.getValue(), now, lagNanos, false).ifPresent(state -> seen.put(entry.getKey(), state));
        }
        return seen;
    }

    /**
     * @param readAfterWrite whether the read-after-write guarantee of new keys applies: it does to GET and
     *                       HEAD, not to listings ("A process writes a new object to Amazon S3 and
     *                       immediately lists keys within its bucket. Until the change is fully propagated,
     *                       the object might not appear in the list.", S3 Developer Guide, 2019)
     */
    private Optional<StoredResponse> seenState(History history, long now, long lagNanos, boolean readAfterWrite) {
        synchronized (history) {
            forgetOld(history, now);
            Mutation earliestMissed = null;
            for (Iterator<Mutation> newestFirst = history.mutations.descendingIterator(); newestFirst.hasNext(); ) {
                Mutation mutation = newestFirst.next();
                if (readAfterWrite && mutation.consistent() || now - mutation.atNanos() >= lagNanos) {
                    break;
                }
                earliestMissed = mutation;
            }
            return earliestMissed == null ? Optional.empty() : Optional.of(earliestMissed.before());
        }
    }

    private History history(String bucket, String key) {
        return buckets.computeIfAbsent(bucket, name -> new ConcurrentSkipListMap<>()).computeIfAbsent(key, name -> new History());
    }

    /** Drops mutations every read sees anyway (older than the horizon). Caller holds the history's monitor. */
    private void forgetOld(History history, long now) {
        while (!history.mutations.isEmpty() && now - history.mutations.peekFirst().atNanos() > lag.horizonNanos()) {
            Mutation old = history.mutations.removeFirst();
            if (old.before() != null) {
                keptBytes.addAndGet(-old.before().weight());
            }
        }
    }

    /** Forgets keys with nothing left to remember, so the maps stay as small as the recent traffic. */
    private void sweep(long now) {
        for (NavigableMap<String, History> keys : buckets.values()) {
            keys.entrySet().removeIf(entry -> {
                History history = entry.getValue();
                synchronized (history) {
                    forgetOld(history, now);
                    return history.mutations.isEmpty() && (history.negativeLookupNanos == Long.MIN_VALUE
                            || now - history.negativeLookupNanos > lag.horizonNanos());
                }
            });
        }
    }
}
