package dev.dslab.consensus.exercise;

/**
 * A scenario as an exercise check lists and reports it, whatever the protocol: the Raft harness's (part 3A to 3D)
 * or single-decree Paxos's (part Paxos). The check's JVM finds the runnable scenario by its name.
 */
public record StageScenario(String part, String name, String description) {
    @Override
    public String toString() {
        return part + " " + name;
    }
}
