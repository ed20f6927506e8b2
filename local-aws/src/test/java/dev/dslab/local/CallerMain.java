package dev.dslab.local;

import java.nio.file.Path;

/** A stand-in for a one-shot `dslab` command: ensures the target runs, reports it, then waits to be killed. */
public final class CallerMain {

    private CallerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalTargetStatus status = new LocalTargetClient(Path.of(args[0])).ensureRunning(0);
        System.out.println("ready " + status.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
