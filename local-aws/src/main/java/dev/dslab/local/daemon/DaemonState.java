package dev.dslab.local.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/**
 * The state file of a ready daemon: how to reach it and which child processes it started, so that the
 * next start can end leftovers of a daemon that was killed -9 before its children noticed.
 *
 * @param pid        the daemon's process id
 * @param edgePort   the edge's loopback port
 * @param readyAt    epoch milliseconds when the daemon became ready
 * @param children   the child processes it started
 */
public record DaemonState(long pid, int edgePort, long readyAt, List<Child> children) {

    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * @param marker a string of the child's command line that only this target's children contain: a
     *               recycled pid of another program is never killed
     */
    public record Child(String name, int port, long pid, String marker) {
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Optional<DaemonState> read(DaemonFiles files) {
        return files.readIfExists(files.state()).flatMap(json -> {
            try {
                return Optional.of(JSON.readValue(json, DaemonState.class));
            } catch (JsonProcessingException corrupt) {
                return Optional.empty();
            }
        });
    }
}
