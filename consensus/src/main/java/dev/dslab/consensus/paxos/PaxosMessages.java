package dev.dslab.consensus.paxos;

/** Single-decree Paxos's messages ("Paxos Made Simple" section 2.2), immutable: the network may duplicate them. */
final class PaxosMessages {
    private PaxosMessages() {
    }

    /** Phase 1a. */
    record Prepare(Ballot ballot) {
    }

    /** Phase 1b: the promise, with the highest-numbered proposal this acceptor accepted (value null: none). */
    record Promise(Ballot ballot, Ballot acceptedBallot, String acceptedValue) {
    }

    /** Phase 2a. */
    record Accept(Ballot ballot, String value) {
    }

    /** Phase 2b. */
    record Accepted(Ballot ballot, String value) {
    }

    /** The acceptor promised a higher ballot: the proposer should retry above it (an optimization the paper suggests). */
    record Nack(Ballot ballot, Ballot promised) {
    }
}
