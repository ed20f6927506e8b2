package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import java.util.List;

/**
 * One broken session guarantee: which one, the client whose session it is, the key, what went wrong in a
 * sentence, and the operations involved (listed in the order the sentence names them).
 */
public record SessionViolation(Guarantee guarantee, int client, String key, String explanation,
                               List<Operation> operations) {

    public enum Guarantee {
        READ_YOUR_WRITES("read-your-writes"),
        MONOTONIC_READS("monotonic reads"),
        MONOTONIC_WRITES("monotonic writes");

        private final String label;

        Guarantee(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public SessionViolation {
        operations = List.copyOf(operations);
    }

    @Override
    public String toString() {
        var text = new StringBuilder(guarantee.toString()).append(" violated in client ").append(client)
                .append("'s session on key ").append(key).append(": ").append(explanation);
        for (Operation op : operations) {
            text.append("\n  ").append(op);
        }
        return text.toString();
    }
}
