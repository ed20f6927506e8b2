package dev.dslab.local.dynamodb;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Striped item locks. A write holds its items' locks exclusively from the leader's decision until every
 * replica due by then has applied it; an eventually consistent item read holds them shared. So a read
 * never sees a write half-replicated, and with lag 0 every history is linearizable. Several items are
 * locked in stripe order, so two multi-item writes cannot deadlock.
 */
final class KeyLocks {

    private static final int STRIPES = 4096;
    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Holds the locks of some items until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held write(Collection<String> itemIds) {
        return lock(itemIds, true);
    }

    Held read(Collection<String> itemIds) {
        return lock(itemIds, false);
    }

    private Held lock(Collection<String> itemIds, boolean exclusive) {
        TreeSet<Integer> indexes = new TreeSet<>();
        itemIds.forEach(id -> indexes.add(Math.floorMod(id.hashCode(), STRIPES)));
        Lock[] locks = new Lock[indexes.size()];
        int i = 0;
        for (int index : indexes) {
            locks[i++] = exclusive ? stripes[index].writeLock() : stripes[index].readLock();
        }
        for (Lock lock : locks) {
            lock.lock();
        }
        return () -> {
            for (int j = locks.length - 1; j >= 0; j--) {
                locks[j].unlock();
            }
        };
    }
}
