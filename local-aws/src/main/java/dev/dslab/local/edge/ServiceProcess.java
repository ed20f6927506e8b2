package dev.dslab.local.edge;

/**
 * A process (or an embedded server) that a service runs, as `local status` lists it.
 *
 * @param name  what the learner reads, e.g. "dynalite" or "lambda dslab-ada-probe #1"
 * @param kind  "child" for a separate OS process, "embedded" for a server inside the daemon's JVM
 *              (its memory is counted in the daemon's)
 * @param port  the loopback port it listens on, 0 when it listens on none
 * @param pid   its OS process id (the daemon's pid for an embedded server)
 * @param state what it is doing, e.g. "running", "idle", "busy"
 */
public record ServiceProcess(String name, String kind, int port, long pid, String state) {

    public static final String CHILD = "child";
    public static final String EMBEDDED = "embedded";
}
