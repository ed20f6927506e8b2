package dev.dslab.consensus.raft.reference;

/**
 * Classic Raft bugs the reference can be built with, one rule of the paper broken each, so the harness can be
 * shown to catch them (and a learner shown what each looks like in a trace).
 */
public enum Flaw {
    /** Grants a vote to any up-to-date candidate, ignoring votedFor (breaks Figure 2 RequestVote rule 2). */
    VOTE_TWICE,
    /** Commits an entry of an earlier term once a majority stores it (the Figure 8 bug, section 5.4.2). */
    COMMIT_PREVIOUS_TERM_BY_COUNTING,
    /** Overwrites a conflicting entry but keeps the entries after it (breaks AppendEntries rule 3, section 5.3). */
    KEEP_CONFLICTING_SUFFIX,
    /** Persists the log but not currentTerm and votedFor (breaks Figure 2 "Persistent state on all servers"). */
    FORGET_TERM_AND_VOTE,
    /** Applies entries as soon as they are in the log, before they are committed (breaks "Rules for Servers"). */
    APPLY_BEFORE_COMMIT
}
