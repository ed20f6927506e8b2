package dev.dslab.scenarios.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Runs a workload's clients, one thread each, until a duration has passed or the run is interrupted, and
 * reports progress (milliseconds elapsed of the total, operations so far) four times a second.
 * Each client gets its own Random derived from the run's seed and its id, so a run with the same seed
 * issues the same operations (their interleaving is up to the target, as in any real system).
 */
public final class Clients {

    /** One client's loop: called repeatedly until the workload ends or it returns false (this client is done). */
    @FunctionalInterface
    public interface Step {
        boolean next(int client, Random random) throws Exception;
    }

    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private Clients() {
    }

    /**
     * @throws InterruptedException when the calling thread is interrupted; the clients are stopped first
     * @throws ExperimentException  when a client failed in a way the experiment did not handle
     */
    public static void run(RunContext context, String name, int count, Duration duration, Step step) throws InterruptedException {
        run(context, name, count, duration, null, step);
    }

    /** How far a workload of a known size is: {@code done} of {@code total} {@code units} (e.g. "increments"). */
    public record Measure(String units, LongSupplier done, long total) {
    }

    /**
     * As {@link #run(RunContext, String, int, Duration, Step)} for a workload of a known size: progress then
     * counts its units instead of elapsed time.
     */
    public static void run(RunContext context, String name, int count, Duration duration, Measure measure, Step step)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            int client = id;
            Random random = new Random(context.seed() * 1_000_003L + name.hashCode() * 31L + client);
            Thread thread = new Thread(() -> {
                try {
                    boolean more = true;
                    while (more && System.nanoTime() < end && !Thread.currentThread().isInterrupted() && failure.get() == null) {
                        more = step.next(client, random);
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
        long started = System.nanoTime();
        long totalMillis = duration.toMillis();
        int operationsBefore = context.history().count();
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    thread.join(PROGRESS_INTERVAL_MILLIS);
                    int operations = context.history().count() - operationsBefore;
                    if (measure != null) {
                        context.progress().update(name + " (" + measure.units() + ")", Math.min(measure.done().getAsLong(), measure.total()),
                                measure.total());
                    } else {
                        long elapsed = Math.min(totalMillis, (System.nanoTime() - started) / 1_000_000);
                        context.progress().update(name + " (" + operations + " operations, ms)", elapsed, totalMillis);
                    }
                }
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
