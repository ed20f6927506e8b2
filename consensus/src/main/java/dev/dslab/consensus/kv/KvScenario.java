package dev.dslab.consensus.kv;

import java.util.function.Consumer;

/**
 * One test of a key-value service on Raft, modelled on a MIT 6.5840 Lab 4 test.
 *
 * @param part         4A (the service) or 4B (with snapshots)
 * @param maxRaftState snapshot threshold in bytes of persisted Raft state, -1 for none
 */
public record KvScenario(String name, String part, String description, int servers, int clerks, boolean reliable,
                         int maxRaftState, Consumer<KvCluster> script) {

    @Override
    public String toString() {
        return part + " " + name;
    }
}
