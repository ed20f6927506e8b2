package dev.dslab.consensus.paxos;

import dev.dslab.consensus.sim.Node;
import java.util.Set;

/**
 * How {@link PaxosCheck} makes the nodes it runs, so that any single-decree Paxos implementation can be checked,
 * not only the reference: its messages are its own, the check reads only what these views expose.
 */
public interface PaxosNodes {

    /** What the safety check reads of an acceptor after each of its steps. */
    interface AcceptorView extends Node {
        Ballot promised();

        Ballot acceptedBallot();

        /** The value of the highest-numbered proposal accepted, null for none. */
        String acceptedValue();
    }

    /** What the check reads of a proposer (which also learns). */
    interface ProposerView extends Node {
        /** The value this proposer learned was chosen, null until it has. */
        String learned();
    }

    /** A fresh acceptor, at every boot of node {@code id}. */
    AcceptorView acceptor(int id);

    /** A fresh proposer that proposes {@code value} on its own, at every boot; acceptors are nodes 0 to acceptors - 1. */
    ProposerView proposer(int id, int acceptors, String value);

    /** The reference acceptors and proposers, with the given flaws. */
    static PaxosNodes reference(Set<PaxosFlaw> flaws) {
        return new PaxosNodes() {
            @Override
            public AcceptorView acceptor(int id) {
                return new Acceptor(flaws);
            }

            @Override
            public ProposerView proposer(int id, int acceptors, String value) {
                return new Proposer(acceptors, value, flaws);
            }
        };
    }
}
