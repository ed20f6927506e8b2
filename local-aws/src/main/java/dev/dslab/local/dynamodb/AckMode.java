package dev.dslab.local.dynamodb;

import java.util.Locale;

/** How many replicas must have applied a write before the front acknowledges it. */
public enum AckMode {
    /** The leader alone: an acknowledged write that no follower has yet is lost if the leader crashes. */
    LEADER(0),
    /** The leader and one follower: a majority of three, as DynamoDB's Paxos groups acknowledge. */
    QUORUM(1),
    /** The leader and both followers. */
    ALL(2);

    private final int followers;

    AckMode(int followers) {
        this.followers = followers;
    }

    /** Followers that must have applied a write, besides the leader. */
    int followers() {
        return followers;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AckMode parse(String text) {
        for (AckMode mode : values()) {
            if (mode.label().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("ack must be one of leader, quorum, all (got '" + text + "')");
    }
}
