package dev.dslab.consensus.exercise;

import dev.dslab.consensus.harness.Scenarios;
import dev.dslab.consensus.paxos.PaxosScenarios;
import java.util.List;
import java.util.Locale;

/**
 * What a protocol's exercises share: the workspace directory they live in (one per protocol, so a learner's Raft
 * and Paxos never mix), the skeleton written into it, the classes the harness creates, and its scenarios.
 */
public enum Track {
    RAFT("raft/MyRaft.java (the TODOs of the stage)", "raft.reference.ReferenceRaft",
            List.of(new Skeleton("MyRaft.java.txt", "raft/MyRaft.java"), new Skeleton("Messages.java.txt", "raft/Messages.java"))),
    PAXOS("paxos/MyAcceptor.java, MyProposer.java and MyLearner.java (the TODOs)", "paxos.Acceptor and paxos.Proposer",
            List.of(new Skeleton("paxos/MyAcceptor.java.txt", "paxos/MyAcceptor.java"),
                    new Skeleton("paxos/MyProposer.java.txt", "paxos/MyProposer.java"),
                    new Skeleton("paxos/MyLearner.java.txt", "paxos/MyLearner.java"),
                    new Skeleton("paxos/Messages.java.txt", "paxos/Messages.java")));

    /** A skeleton file: the resource beside {@link Workspace} and where it goes under src/main/java. */
    public record Skeleton(String resource, String source) {
    }

    private final String edit;
    private final String reference;
    private final List<Skeleton> skeleton;

    Track(String edit, String reference, List<Skeleton> skeleton) {
        this.edit = edit;
        this.reference = reference;
        this.skeleton = skeleton;
    }

    /** The word for it: the workspace's directory under --dir and the marker's exercise. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the learner fills in, under src/main/java. */
    public String edit() {
        return edit;
    }

    /** Where the reference is in the API jar (dev.dslab.consensus.). */
    public String reference() {
        return reference;
    }

    public List<Skeleton> skeleton() {
        return skeleton;
    }

    /** The scenarios of the given harness parts (Raft: 3A..3D; Paxos: the one part, Paxos), in the harness's order. */
    public List<StageScenario> scenarios(List<String> parts) {
        return switch (this) {
            case RAFT -> Scenarios.all().stream().filter(s -> parts.contains(s.stage()))
                    .map(s -> new StageScenario(s.stage(), s.name(), s.description())).toList();
            case PAXOS -> parts.contains("Paxos")
                    ? PaxosScenarios.all().stream().map(s -> new StageScenario("Paxos", s.name(), s.description())).toList() : List.of();
        };
    }

    static Track of(String word) {
        for (Track track : values()) {
            if (track.word().equals(word)) {
                return track;
            }
        }
        throw new ExerciseException("unknown exercise '" + word + "' in the workspace's " + Workspace.MARKER + "; known: raft, paxos");
    }
}
