package dev.dslab.consensus.playground;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code raft/session.json}: a session as the options it started from and the commands applied since, each with
 * the trace's length and digest after it, so a replay can say which command no longer gives the same run.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record SessionFile(int format, int nodes, long seed, String network, List<Applied> commands) {
    static final int FORMAT = 1;

    record Applied(String command, long events, String digest) {
    }

    SessionOptions options() {
        return new SessionOptions(nodes, seed, network);
    }

    static SessionFile of(Playground playground, List<Applied> commands) {
        SessionOptions o = playground.options();
        return new SessionFile(FORMAT, o.nodes(), o.seed(), o.network(), List.copyOf(commands));
    }
}
