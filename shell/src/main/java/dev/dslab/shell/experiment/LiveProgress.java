package dev.dslab.shell.experiment;

import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A run's progress on one line: phase, done/total and elapsed time. On a terminal the line is redrawn in
 * place a few times a second; elsewhere (a pipe, a log) a plain line is printed when the phase changes and
 * every few seconds, so the output stays readable.
 */
final class LiveProgress implements Progress, AutoCloseable {

    private static final Duration TERMINAL_REDRAW = Duration.ofMillis(250);
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private String phase = "starting";
    private long done;
    private long total;
    private int drawnWidth;
    private boolean changed = true;
    private long lastPlainNanos;

    LiveProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = (terminal ? TERMINAL_REDRAW : Duration.ofSeconds(1)).toMillis();
        ticker.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void update(String phase, long done, long total) {
        if (!stage(phase).equals(stage(this.phase))) {
            changed = true;
        }
        this.phase = phase;
        this.done = done;
        this.total = total;
    }

    @Override
    public synchronized void note(String line) {
        clear();
        out.println("  " + line);
        out.flush();
        changed = true;
    }

    private synchronized void tick() {
        if (terminal) {
            String line = line();
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            out.flush();
            drawnWidth = line.length();
        } else if (changed || System.nanoTime() - lastPlainNanos >= PLAIN_EVERY.toNanos()) {
            out.println(line());
            out.flush();
            lastPlainNanos = System.nanoTime();
        }
        changed = false;
    }

    /** A phase without its figures ("clients (120 operations)" is stage "clients"): a new stage earns a plain line at once. */
    private static String stage(String phase) {
        return phase.replaceAll("\\([^)]*\\)|[0-9.,/%]+", "").strip();
    }

    private String line() {
        String counts = total > 0 ? "  " + Numbers.format(done) + "/" + Numbers.format(total)
                : done > 0 ? "  " + Numbers.format(done) : "";
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return "  " + phase + counts + String.format(Locale.ROOT, "  %.1f s", seconds);
    }

    private void clear() {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            clear();
            out.flush();
        }
    }
}
