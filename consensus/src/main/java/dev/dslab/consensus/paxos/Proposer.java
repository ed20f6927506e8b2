package dev.dslab.consensus.paxos;

import dev.dslab.consensus.paxos.PaxosMessages.Accept;
import dev.dslab.consensus.paxos.PaxosMessages.Accepted;
import dev.dslab.consensus.paxos.PaxosMessages.Nack;
import dev.dslab.consensus.paxos.PaxosMessages.Prepare;
import dev.dslab.consensus.paxos.PaxosMessages.Promise;
import dev.dslab.consensus.sim.Node;
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
public final class Proposer implements Node {
    static final long RETRY_MIN_MILLIS = 50;
    static final long RETRY_SPREAD_MILLIS = 200;

    private final int acceptors;
    private final String value;
    private final Set<PaxosFlaw> flaws;
    private NodeContext context;
    private int round;
    private Ballot ballot = Ballot.ZERO;
    private int phase;
    private final BitSet promises = new BitSet();
    private final BitSet accepts = new BitSet();
    private Ballot highestAccepted = Ballot.ZERO;
    private String highestValue;
    private String learned;
    private Timer retry;

    Proposer(int acceptors, String value, Set<PaxosFlaw> flaws) {
        this.acceptors = acceptors;
        this.value = value;
        this.flaws = flaws;
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        byte[] state = context.persister().readState();
        round = state.length == 0 ? 0 : ByteBuffer.wrap(state).getInt();
        retry = context.startTimer(context.random().nextLong(RETRY_MIN_MILLIS), "propose");
    }

    @Override
    public void onTimer(Object tag) {
        if (learned == null) {
            propose();
        }
    }

    private void propose() {
        round++;
        context.persister().saveState(ByteBuffer.allocate(4).putInt(round).array());
        ballot = new Ballot(round, context.id());
        phase = 1;
        promises.clear();
        accepts.clear();
        highestAccepted = Ballot.ZERO;
        highestValue = null;
        context.note("proposing " + ballot);
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
            if (promise.acceptedValue() != null && promise.acceptedBallot().above(highestAccepted)) {
                highestAccepted = promise.acceptedBallot();
                highestValue = promise.acceptedValue();
            }
            if (promises.cardinality() > acceptors / 2) {
                // Phase 2a: the value of the highest-numbered proposal among the responses, or any if none (P2c)
                boolean own = highestValue == null || flaws.contains(PaxosFlaw.PROPOSER_IGNORES_ACCEPTED);
                String proposal = own ? value : highestValue;
                phase = 2;
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
            scheduleRetry();
        }
    }

    /** The value this proposer learned was chosen, null until it has. */
    public String learned() {
        return learned;
    }
}
