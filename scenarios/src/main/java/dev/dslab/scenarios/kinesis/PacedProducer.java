package dev.dslab.scenarios.kinesis;

import dev.dslab.scenarios.engine.ExperimentException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A background writer that makes one put per tick at a steady rate, numbering them 0, 1, 2 ..., until it is
 * stopped. A put that falls behind is caught up, but never more than one second's worth at once, so a stalled
 * stream is not answered with a burst. An unexpected failure of a put stops the writer and is rethrown to the
 * experiment by {@link #check()}.
 */
final class PacedProducer implements AutoCloseable {

    private static final long STOP_WAIT_MILLIS = 10_000;

    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean producing = true;

    private PacedProducer(String name, int perSecond, IntConsumer put) {
        long interval = 1_000_000_000L / perSecond;
        thread = new Thread(() -> {
            long next = System.nanoTime();
            int number = 0;
            try {
                while (producing) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    next = Math.max(next + interval, System.nanoTime() - 1_000_000_000L);
                    put.accept(number++);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException unexpected) {
                failure.set(unexpected);
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts writing {@code perSecond} puts a second; {@code put} is called with the put's number. */
    static PacedProducer start(String name, int perSecond, IntConsumer put) {
        PacedProducer producer = new PacedProducer(name, perSecond, put);
        producer.thread.start();
        return producer;
    }

    /** Fails the run if a put failed unexpectedly. */
    void check() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw new ExperimentException("the producer failed: " + failed.getMessage(), failed);
        }
    }

    /** Lets the put in progress finish, then fails the run if a put failed. */
    void stop() throws InterruptedException {
        producing = false;
        thread.join(STOP_WAIT_MILLIS);
        check();
    }

    /** Stops at once, abandoning a put in progress (a run that failed). */
    @Override
    public void close() {
        producing = false;
        thread.interrupt();
    }
}
