package dev.dslab.consensus.playground;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Paxos playground's sessions ({@code $DSLAB_HOME/paxos/session.json}): a {@link PaxosPlayground} rebuilt
 * by replay for every command (see {@link Sessions}).
 */
public final class PaxosSessions extends Sessions<PaxosOptions, PaxosPlayground> {

    static final SessionKind<PaxosOptions, PaxosPlayground> KIND = new SessionKind<>() {
        @Override
        public String title() {
            return "Paxos";
        }

        @Override
        public String word() {
            return "paxos";
        }

        @Override
        public String example() {
            return "paxos new --acceptors 3 --proposers 2 --seed 1";
        }

        @Override
        public PaxosPlayground start(PaxosOptions options) {
            return PaxosPlayground.start(options);
        }

        @Override
        public Map<String, Object> fields(PaxosOptions options) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("acceptors", options.acceptors());
            fields.put("proposers", options.proposers());
            fields.put("seed", options.seed());
            fields.put("network", options.network());
            return fields;
        }

        @Override
        public PaxosOptions options(JsonNode file) {
            if (!file.path("acceptors").isInt() || !file.path("proposers").isInt() || !file.path("seed").canConvertToLong()
                    || !file.path("network").isTextual()) {
                throw new BadCommandException("acceptors, proposers, seed and network are missing or not values");
            }
            return new PaxosOptions(file.get("acceptors").asInt(), file.get("proposers").asInt(), file.get("seed").asLong(),
                    file.get("network").asText());
        }

        @Override
        public String started(PaxosOptions options, PaxosPlayground playground) {
            return String.format("New Paxos session: %d acceptors (%s), %d proposers (%s), seed %d, %s network. Proposers are idle until "
                            + "a client proposes: 'paxos propose p1 x'.%n%s",
                    options.acceptors(), range("a", options.acceptors()), options.proposers(), range("p", options.proposers()),
                    options.seed(), options.network(), playground.state());
        }
    };

    public PaxosSessions(Path directory) {
        super(directory, KIND);
    }

    private static String range(String prefix, int n) {
        return n == 1 ? prefix + "1" : prefix + "1-" + prefix + n;
    }
}
