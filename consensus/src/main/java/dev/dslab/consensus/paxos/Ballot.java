package dev.dslab.consensus.paxos;

/**
 * A proposal number: a round, made unique by the proposer's id ("Paxos Made Simple" section 2.2: "different
 * proposers choose their numbers from disjoint sets").
 */
public record Ballot(int round, int proposer) implements Comparable<Ballot> {
    /** Lower than any real ballot: what an acceptor has promised or accepted before anything. */
    public static final Ballot ZERO = new Ballot(0, -1);

    @Override
    public int compareTo(Ballot other) {
        int byRound = Integer.compare(round, other.round);
        return byRound != 0 ? byRound : Integer.compare(proposer, other.proposer);
    }

    public boolean above(Ballot other) {
        return compareTo(other) > 0;
    }

    public boolean below(Ballot other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return proposer < 0 ? "none" : round + "." + proposer;
    }
}
