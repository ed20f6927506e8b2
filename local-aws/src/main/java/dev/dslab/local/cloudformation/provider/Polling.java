package dev.dslab.local.cloudformation.provider;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a resource to reach a state, as CloudFormation's handlers poll the service (e.g. until ACTIVE). */
final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Polling() {
    }

    static void until(String what, Duration timeout, Callable<Boolean> reached) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.call()) {
            if (System.nanoTime() > deadline) {
                throw new ProviderException(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
