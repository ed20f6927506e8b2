package dev.dslab.consensus.exercise;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference's source for a stage. Paxos: the reference acceptor, proposer (which also learns), ballot and
 * messages, whole. Raft: the reference Raft's source, cut to a stage: its fields, the {@code // ---- name ----} sections the stage
 * lists (3A: election; 3B adds replication; ...) and its RaftView, then its message types. The whole file when a section is
 * not found, so a renamed section never hides the answer.
 */
public final class Solution {
    private static final String SECTION = "    // ---- ";

    private Solution() {
    }

    public static String of(Stage stage) {
        if (stage.track() == Track.PAXOS) {
            StringBuilder text = new StringBuilder();
            for (String file : new String[] {"Acceptor.java", "Proposer.java", "Ballot.java", "PaxosMessages.java"}) {
                text.append(text.length() == 0 ? "" : "\n").append("// ---- ").append(file).append(", the reference (dev.dslab.consensus.paxos) ----\n\n")
                        .append(Workspace.resource("solution/paxos/" + file));
            }
            return text.toString();
        }
        String reference = Workspace.resource("solution/ReferenceRaft.java");
        String messages = Workspace.resource("solution/Messages.java");
        return "// ---- ReferenceRaft.java, the parts that solve " + stage.id() + " ----\n\n" + cut(reference, stage.solution())
                + "\n// ---- Messages.java ----\n\n" + messages;
    }

    static String cut(String source, List<String> wanted) {
        StringBuilder kept = new StringBuilder();
        List<String> found = new ArrayList<>();
        boolean keep = true;
        for (String line : source.split("\n", -1)) {
            if (line.startsWith(SECTION)) {
                String name = line.substring(SECTION.length()).replaceAll("-+\\s*$", "").strip();
                // the RaftView section holds what the harness reads, the helpers and the class's closing brace
                keep = wanted.contains(name) || name.equals("RaftView");
                if (keep) {
                    found.add(name);
                } else {
                    kept.append(SECTION).append(name).append(": not needed for this stage ----\n\n");
                }
            }
            if (keep) {
                kept.append(line).append('\n');
            }
        }
        if (!found.containsAll(wanted)) {
            return source;
        }
        return kept.toString().stripTrailing() + "\n";
    }
}
