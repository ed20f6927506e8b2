package dev.dslab.consensus.paxos;

/** Classic Paxos bugs, one each, so the safety check can be shown to catch them. */
public enum PaxosFlaw {
    /** The acceptor accepts a proposal numbered below what it promised (breaks P1a). */
    ACCEPT_BELOW_PROMISE,
    /** The acceptor keeps its promise and accepted proposal in memory only: a restart forgets them. */
    ACCEPTOR_FORGETS,
    /** The proposer proposes its own value even when a promise reported an accepted one (breaks P2c). */
    PROPOSER_IGNORES_ACCEPTED,
    /**
     * The proposer adopts the first accepted value a promise reports, not the one with the highest ballot (breaks
     * P2c, section 2.2: "the value of the highest-numbered proposal among the responses").
     */
    ADOPTS_FIRST_REPORTED_VALUE,
    /** Every proposer numbers its ballots 1, 2, 3 ... without its id, so two proposers can use the same ballot (section 2.2). */
    BALLOTS_NOT_UNIQUE
}
