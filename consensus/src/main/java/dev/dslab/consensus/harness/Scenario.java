package dev.dslab.consensus.harness;

import java.util.function.Consumer;

/**
 * One test of a Raft implementation, modelled on a MIT 6.5840 Lab 3 test: a cluster of {@code servers} on a
 * reliable or unreliable network, with or without snapshots, and a script that drives it and checks outcomes.
 *
 * @param stage the lab part it belongs to: 3A election, 3B log, 3C persistence, 3D snapshots
 */
public record Scenario(String name, String stage, String description, int servers, boolean reliable, boolean snapshots,
                       Consumer<Cluster> script) {

    @Override
    public String toString() {
        return stage + " " + name;
    }
}
