package dev.dslab.consensus.playground;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Raft playground's sessions ({@code $DSLAB_HOME/raft/session.json}): a {@link Playground} rebuilt by
 * replay for every command (see {@link Sessions}).
 */
public final class RaftSessions extends Sessions<SessionOptions, Playground> {

    /** Raft's options and words. */
    static final SessionKind<SessionOptions, Playground> KIND = new SessionKind<>() {
        @Override
        public String title() {
            return "Raft";
        }

        @Override
        public String word() {
            return "raft";
        }

        @Override
        public String example() {
            return "raft new --nodes 5 --seed 1";
        }

        @Override
        public Playground start(SessionOptions options) {
            return Playground.start(options);
        }

        @Override
        public Map<String, Object> fields(SessionOptions options) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("nodes", options.nodes());
            fields.put("seed", options.seed());
            fields.put("network", options.network());
            return fields;
        }

        @Override
        public SessionOptions options(JsonNode file) {
            if (!file.path("nodes").isInt() || !file.path("seed").canConvertToLong() || !file.path("network").isTextual()) {
                throw new BadCommandException("nodes, seed and network are missing or not values");
            }
            return new SessionOptions(file.get("nodes").asInt(), file.get("seed").asLong(), file.get("network").asText());
        }

        @Override
        public String started(SessionOptions options, Playground playground) {
            return String.format("New Raft session: %d nodes (n1-n%d), seed %d, %s network. Every node booted as a follower; "
                            + "the first election timer to fire starts an election.%n%s",
                    options.nodes(), options.nodes(), options.seed(), options.network(), playground.state());
        }
    };

    public RaftSessions(Path directory) {
        super(directory, KIND);
    }
}
