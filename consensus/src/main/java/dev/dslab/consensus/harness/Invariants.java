package dev.dslab.consensus.harness;

import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftView;
import dev.dslab.consensus.raft.Role;
import dev.dslab.consensus.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Raft paper's safety properties (Figure 3), checked on the node that acted after every simulator step.
 * State machine safety is checked where commands are applied ({@link Cluster}); the others here:
 * <ul>
 * <li>Election safety: at most one leader per term, over the whole run (crashes included).</li>
 * <li>Log matching: an (index, term) pair names one entry: one command after one previous term, whichever node
 * holds it and whenever, so logs sharing an entry share the whole prefix.</li>
 * <li>Leader completeness: a leader of term T holds every entry committed in a term before T.</li>
 * </ul>
 */
final class Invariants implements Simulation.StepListener {
    private record Seen(String command, int previousTerm, int node) {
    }

    private record Committed(int index, int entryTerm, int commitTerm) {
    }

    private final Simulation<Raft> sim;
    private final Map<Integer, Integer> leaderOfTerm = new HashMap<>();
    private final Set<Long> leadersChecked = new HashSet<>();
    private final Map<Long, Seen> entries = new HashMap<>();
    private final List<Committed> committed = new ArrayList<>(List.of(new Committed(0, 0, 0)));
    private final int[][] mirror;
    private final int[] mirrorLast;

    Invariants(Simulation<Raft> sim) {
        this.sim = sim;
        this.mirror = new int[sim.size()][16];
        this.mirrorLast = new int[sim.size()];
    }

    @Override
    public void afterStep(int node) {
        if (node < 0 || !sim.isUp(node)) {
            return;
        }
        RaftView view = sim.node(node).view();
        if (view.role() == Role.LEADER) {
            checkElectionSafety(node, view);
            recordCommits(view);
            checkLeaderCompleteness(node, view);
        }
        checkLogMatching(node, view);
    }

    private void checkElectionSafety(int node, RaftView view) {
        Integer other = leaderOfTerm.putIfAbsent(view.term(), node);
        if (other != null && other != node) {
            throw new HarnessFailure("election safety", "term " + view.term() + " has two leaders: n" + other + " and n" + node);
        }
    }

    /** The first leader seen with a commit index covering an entry committed it, in its term. */
    private void recordCommits(RaftView view) {
        for (int index = committed.size(); index <= view.commitIndex(); index++) {
            int entryTerm = index >= view.snapshotIndex() ? view.termAt(index) : -1;
            committed.add(new Committed(index, entryTerm, view.term()));
        }
    }

    private void checkLeaderCompleteness(int node, RaftView view) {
        if (!leadersChecked.add(((long) view.term() << 32) | node)) {
            return; // a leader's log only grows during its term, so checking it once when it takes office suffices
        }
        for (Committed entry : committed.subList(1, committed.size())) {
            if (entry.commitTerm() >= view.term() || entry.index() <= view.snapshotIndex() || entry.entryTerm() < 0) {
                continue;
            }
            if (entry.index() > view.lastIndex() || view.termAt(entry.index()) != entry.entryTerm()) {
                throw new HarnessFailure("leader completeness", "n" + node + " leads term " + view.term()
                        + " without entry " + entry.index() + " (term " + entry.entryTerm() + ") committed in term "
                        + entry.commitTerm() + "; its log ends at " + view.lastIndex());
            }
        }
    }

    private void checkLogMatching(int node, RaftView view) {
        int from = view.snapshotIndex() + 1;
        int last = view.lastIndex();
        int firstChanged = last + 1;
        for (int index = from; index <= last; index++) {
            if (index > mirrorLast[node] || mirror[node][index] != view.termAt(index)) {
                firstChanged = index;
                break;
            }
        }
        if (mirror[node].length <= last) {
            mirror[node] = java.util.Arrays.copyOf(mirror[node], Math.max(last + 1, mirror[node].length * 2));
        }
        for (int index = firstChanged; index <= last; index++) {
            int term = view.termAt(index);
            int previousTerm = view.termAt(index - 1);
            String command = view.commandAt(index);
            Seen seen = entries.putIfAbsent(((long) index << 32) | term, new Seen(command, previousTerm, node));
            if (seen != null && (seen.previousTerm() != previousTerm || !Objects.equals(seen.command(), command))) {
                throw new HarnessFailure("log matching", "n" + node + " has entry " + index + " of term " + term
                        + " = '" + command + "' after an entry of term " + previousTerm + ", but n" + seen.node()
                        + " had entry " + index + " of term " + term + " = '" + seen.command() + "' after term "
                        + seen.previousTerm());
            }
            mirror[node][index] = term;
        }
        mirrorLast[node] = last;
    }
}
