package dev.dslab.local;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What a running local target reports about itself: the daemon and every process its services run.
 *
 * @param pid          the daemon's process id
 * @param edgePort     the edge's loopback port
 * @param uptimeMillis time since the daemon became ready
 * @param components   the daemon first, then each emulator and service process
 */
public record LocalTargetStatus(long pid, int edgePort, long uptimeMillis, List<Component> components) {

    public LocalTargetStatus {
        components = List.copyOf(components);
    }

    /** The endpoint every AWS client of this target uses. */
    public URI edge() {
        return URI.create("http://127.0.0.1:" + edgePort);
    }

    /** Resident memory of all processes of the target (embedded servers are inside the daemon's). */
    public long totalRssBytes() {
        return components.stream().map(Component::rssBytes).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    /**
     * One component of the target.
     *
     * @param name     e.g. "daemon", "dynalite", "kinesis-local", "s3proxy"
     * @param kind     "daemon", "child" (its own OS process) or "embedded" (inside the daemon's JVM)
     * @param port     its loopback port, 0 when none
     * @param pid      its process id (the daemon's for an embedded component)
     * @param rssBytes resident memory, null for an embedded component (counted in the daemon) or when
     *                 the OS does not tell
     * @param state    "running", "exited", or what the owning service reports
     */
    public record Component(String name, String kind, int port, long pid, Long rssBytes, String state) {
    }
}
