package dev.dslab.shell.experiment;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while a command runs interrupts the command's thread instead of ending the JVM (one-shot) or being
 * swallowed by the prompt (interactive): a running experiment then stops its clients and keeps what it
 * recorded. The previous handler (the JVM's, or JLine's) is put back on close.
 */
public final class CtrlC implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private CtrlC(SignalHandler previous) {
        this.previous = previous;
    }

    public static CtrlC interruptsCurrentThread() {
        Thread command = Thread.currentThread();
        try {
            return new CtrlC(Signal.handle(INT, signal -> command.interrupt()));
        } catch (IllegalArgumentException signalsReservedByTheJvm) {
            // -Xrs or a platform without SIGINT: the run can still be stopped by its time limit
            return new CtrlC(null);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(INT, previous);
        }
    }
}
