package dev.dslab.consensus.paxos;

import dev.dslab.consensus.paxos.PaxosMessages.Accept;
import dev.dslab.consensus.paxos.PaxosMessages.Accepted;
import dev.dslab.consensus.paxos.PaxosMessages.Nack;
import dev.dslab.consensus.paxos.PaxosMessages.Prepare;
import dev.dslab.consensus.paxos.PaxosMessages.Promise;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Timer;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Set;

/**
 * A Paxos proposer and learner ("Paxos Made Simple" sections 2.2-2.3): it proposes its own value unless a
 * promise reports an accepted one, and learns the value once a majority of acceptors accepted its proposal.
 * It persists the last round it used: a restarted proposer reusing a ballot with another value would break
 * the rule that a ballot has one value.
 */
public final class Proposer implements PaxosNodes.ProposerView {
    static final long RETRY_MIN_MILLIS = 50;
    static final long RETRY_SPREAD_MILLIS = 200;

    /** Where a proposer is in its current proposal, for views of the run. */
    public enum Phase { IDLE, WAITING, PREPARE, ACCEPT, LEARNED }

    private final int acceptors;
    private final int ballotOwner;
    private final Set<PaxosFlaw> flaws;
    private final boolean proposesAtBoot;
    private String value;
    private NodeContext context;
    private int round;
    private Ballot ballot = Ballot.ZERO;
    private int phase;
    private final BitSet promises = new BitSet();
    private final BitSet accepts = new BitSet();
    private Ballot highestAccepted = Ballot.ZERO;
    private String highestValue;
    private String learned;
    private String proposed;
    private Timer retry;

    Proposer(int acceptors, String value, Set<PaxosFlaw> flaws) {
        this(acceptors, -1, value, flaws);
    }

    private Proposer(int acceptors, int ballotOwner, String value, Set<PaxosFlaw> flaws) {
        this.acceptors = acceptors;
        this.ballotOwner = ballotOwner;
        this.value = value;
        this.flaws = flaws;
        this.proposesAtBoot = value != null;
    }

    /**
     * A proposer that waits for a client's {@link #propose(String)}, as the playground drives it; its ballots
     * carry {@code ballotOwner} (the proposer's number as a learner counts them, so ballot 2.1 is p1's round 2).
     */
    public static Proposer idle(int acceptors, int ballotOwner) {
        return new Proposer(acceptors, ballotOwner, null, java.util.EnumSet.noneOf(PaxosFlaw.class));
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        byte[] state = context.persister().readState();
        round = state.length == 0 ? 0 : ByteBuffer.wrap(state).getInt();
        if (proposesAtBoot) {
            retry = context.startTimer(context.random().nextLong(RETRY_MIN_MILLIS), "propose");
        }
    }

    @Override
    public void onTimer(Object tag) {
        if (phase != 3) {
            propose();
        }
    }

    /**
     * A client asks this proposer to get {@code value} chosen: it starts phase 1 with a new ballot now, and
     * retries until a majority accepts. The value chosen may be another one, reported by a promise (P2c).
     */
    public void propose(String value) {
        this.value = value;
        propose();
    }

    private void propose() {
        round++;
        context.persister().saveState(ByteBuffer.allocate(4).putInt(round).array());
        ballot = new Ballot(round, flaws.contains(PaxosFlaw.BALLOTS_NOT_UNIQUE) ? 0 : ballotOwner < 0 ? context.id() : ballotOwner);
        phase = 1;
        promises.clear();
        accepts.clear();
        highestAccepted = Ballot.ZERO;
        highestValue = null;
        proposed = null;
        context.note("phase 1: prepare " + ballot + " for " + value);
        for (int acceptor = 0; acceptor < acceptors; acceptor++) {
            context.send(acceptor, new Prepare(ballot));
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (retry != null) {
            retry.cancel();
        }
        retry = context.startTimer(RETRY_MIN_MILLIS + context.random().nextLong(RETRY_SPREAD_MILLIS), "propose");
    }

    @Override
    public void onMessage(int from, Object message) {
        if (message instanceof Promise promise && phase == 1 && promise.ballot().equals(ballot)) {
            promises.set(from);
            boolean adopt = flaws.contains(PaxosFlaw.ADOPTS_FIRST_REPORTED_VALUE) ? highestValue == null
                    : promise.acceptedBallot().above(highestAccepted);
            if (promise.acceptedValue() != null && adopt) {
                highestAccepted = promise.acceptedBallot();
                highestValue = promise.acceptedValue();
            }
            if (promises.cardinality() > acceptors / 2) {
                // Phase 2a: the value of the highest-numbered proposal among the responses, or any if none (P2c)
                boolean own = highestValue == null || flaws.contains(PaxosFlaw.PROPOSER_IGNORES_ACCEPTED);
                String proposal = own ? value : highestValue;
                phase = 2;
                proposed = proposal;
                context.note("phase 2: accept " + ballot + " = " + proposal
                        + (own ? (highestValue == null ? " (own value: no acceptor reported one)" : " (own value, ignoring " + highestValue + ")")
                        : " (reported accepted under " + highestAccepted + ")"));
                for (int acceptor = 0; acceptor < acceptors; acceptor++) {
                    context.send(acceptor, new Accept(ballot, proposal));
                }
            }
        } else if (message instanceof Accepted accepted && phase == 2 && accepted.ballot().equals(ballot)) {
            accepts.set(from);
            if (accepts.cardinality() > acceptors / 2) {
                learned = accepted.value();
                phase = 3;
                retry.cancel();
                context.note("learned " + learned);
            }
        } else if (message instanceof Nack nack && phase < 3 && nack.ballot().equals(ballot)) {
            // Retry above the ballot that beat ours, after a random pause so that duelling proposers settle
            round = Math.max(round, nack.promised().round());
            phase = 0;
            context.note("ballot " + ballot + " refused (promised " + nack.promised() + "): retrying later");
            scheduleRetry();
        }
    }

    public Phase phase() {
        if (value == null) {
            return Phase.IDLE;
        }
        return switch (phase) {
            case 0 -> Phase.WAITING;
            case 1 -> Phase.PREPARE;
            case 2 -> Phase.ACCEPT;
            default -> Phase.LEARNED;
        };
    }

    /** The current (or last) ballot, {@link Ballot#ZERO} before the first proposal. */
    public Ballot ballot() {
        return ballot;
    }

    /** The value a client asked for, null while idle. */
    public String value() {
        return value;
    }

    /** The value sent in phase 2 of the current ballot (own or reported), null before phase 2. */
    public String proposed() {
        return proposed;
    }

    public int promises() {
        return promises.cardinality();
    }

    public int accepts() {
        return accepts.cardinality();
    }

    @Override
    public String learned() {
        return learned;
    }
}
