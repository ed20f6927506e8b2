package dev.dslab.consensus.raft;

public enum Role {
    FOLLOWER, CANDIDATE, LEADER
}
