package dev.dslab.shell.target;

import java.io.PrintWriter;
import java.util.Optional;

/** A place where sandboxes live: the embedded local target now; LocalStack and a real account later. */
public interface Target {

    String name();

    /** Makes the target reachable (the local target starts its daemon if needed) and says how to reach it. */
    TargetConnection connect(PrintWriter progress);

    /** How to reach the target if it is reachable now, without starting anything. */
    Optional<TargetConnection> ifReachable();

    /** How the target will be reached once it runs (for `sandbox env` before `sandbox up`). */
    TargetConnection plannedConnection();
}
