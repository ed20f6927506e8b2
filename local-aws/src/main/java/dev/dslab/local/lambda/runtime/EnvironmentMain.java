package dev.dslab.local.lambda.runtime;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;

import java.io.IOException;

/**
 * The main class of an execution environment's JVM: it ties the JVM's life to the daemon's, then runs
 * the AWS Lambda Java runtime interface client with the function's handler as its first argument.
 *
 * <p>The daemon keeps the write end of this JVM's stdin open for as long as it lives; the kernel closes
 * it when the daemon dies for whatever reason, kill -9 included, so end-of-file on stdin means the owner
 * is gone and the environment must go too. The class is copied out of the daemon's classpath into the
 * target's home, so it must stay self-contained (no nested or anonymous classes).
 */
public final class EnvironmentMain {

    /** Exit status of an environment whose daemon went away (128 + SIGHUP, as a shell would report). */
    static final int OWNER_GONE_STATUS = 129;

    private EnvironmentMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread ownerWatch = new Thread(EnvironmentMain::haltWhenOwnerGone, "dslab-owner-watch");
        ownerWatch.setDaemon(true);
        ownerWatch.start();
        AWSLambda.main(args);
    }

    private static void haltWhenOwnerGone() {
        try {
            while (System.in.read() >= 0) {
                // the daemon never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file
        }
        // halt, not exit: the function's shutdown hooks must not keep an orphan alive
        Runtime.getRuntime().halt(OWNER_GONE_STATUS);
    }
}
