package dev.dslab.scenarios.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a workload's clients, one thread each, until a duration has passed or the run is interrupted.
 * Each client gets its own Random derived from the run's seed and its id, so a run with the same seed
 * issues the same operations (their interleaving is up to the target, as in any real system).
 */
public final class Clients {

    /** One client's loop: called repeatedly until the workload ends. */
    @FunctionalInterface
    public interface Step {
        void next(int client, Random random) throws Exception;
    }

    private Clients() {
    }

    /**
     * @throws InterruptedException when the calling thread is interrupted; the clients are stopped first
     * @throws ExperimentException  when a client failed in a way the experiment did not handle
     */
    public static void run(RunContext context, String name, int count, Duration duration, Step step) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            int client = id;
            Random random = new Random(context.seed() * 1_000_003L + name.hashCode() * 31L + client);
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted() && failure.get() == null) {
                        step.next(client, random);
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                } catch (Throwable unexpected) {
                    failure.compareAndSet(null, unexpected);
                }
            }, context.experiment() + "-" + name + "-" + client);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException interrupted) {
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                thread.join(5_000);
            }
            throw interrupted;
        }
        Throwable failed = failure.get();
        if (failed != null) {
            throw new ExperimentException(name + " client failed: " + failed.getMessage(), failed);
        }
    }
}
