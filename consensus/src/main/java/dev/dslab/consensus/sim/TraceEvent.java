package dev.dslab.consensus.sim;

/**
 * One thing that happened in a run. {@code detail} is the message, timer tag or description, rendered only
 * when the line is asked for (messages are immutable, so rendering later shows what was sent).
 *
 * @param step      position in the run, from 0
 * @param time      virtual time in milliseconds
 * @param node      the node it happened at (the sender for SEND and DROP), -1 for the whole cluster
 * @param peer      the other end of a message, else -1
 * @param messageId pairs a SEND with its DELIVER, DUPLICATE and DROP events, else -1
 */
public record TraceEvent(long step, long time, Kind kind, int node, int peer, long messageId, Object detail) {

    public enum Kind {
        SEND, DELIVER, DUPLICATE, DROP, TIMER, STATE, CLIENT, CRASH, RESTART, NETWORK
    }

    public String line() {
        String where = switch (kind) {
            case SEND, DELIVER, DUPLICATE, DROP -> "n" + node + (kind == Kind.DELIVER || kind == Kind.DUPLICATE ? " <- n" : " -> n") + peer
                    + " #" + messageId;
            default -> node < 0 ? "*" : "n" + node;
        };
        return String.format("%8d ms  %-9s %-14s %s", time, kind, where, detail);
    }

    /** The event as one JSON object, for replays and animations. */
    public String json() {
        return "{\"step\":" + step + ",\"time\":" + time + ",\"kind\":\"" + kind + "\",\"node\":" + node
                + ",\"peer\":" + peer + ",\"message\":" + messageId + ",\"detail\":\"" + escape(String.valueOf(detail)) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return line();
    }
}
