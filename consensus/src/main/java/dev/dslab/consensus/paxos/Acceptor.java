package dev.dslab.consensus.paxos;

import dev.dslab.consensus.paxos.PaxosMessages.Accept;
import dev.dslab.consensus.paxos.PaxosMessages.Accepted;
import dev.dslab.consensus.paxos.PaxosMessages.Nack;
import dev.dslab.consensus.paxos.PaxosMessages.Prepare;
import dev.dslab.consensus.paxos.PaxosMessages.Promise;
import dev.dslab.consensus.sim.NodeContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A Paxos acceptor from Lamport, "Paxos Made Simple" (2001), section 2.2. It must remember its promise and
 * the proposal it accepted through crashes (section 2.5: "an acceptor must remember this information even
 * if it fails and then restarts"), so both are persisted before it answers.
 */
public final class Acceptor implements PaxosNodes.AcceptorView {
    private final Set<PaxosFlaw> flaws;
    private NodeContext context;
    private Ballot promised = Ballot.ZERO;
    private Ballot acceptedBallot = Ballot.ZERO;
    private String acceptedValue;

    Acceptor(Set<PaxosFlaw> flaws) {
        this.flaws = flaws;
    }

    /** The acceptor as the paper describes it, without flaws. */
    public static Acceptor reference() {
        return new Acceptor(java.util.EnumSet.noneOf(PaxosFlaw.class));
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        byte[] state = context.persister().readState();
        if (state.length > 0) {
            ByteBuffer in = ByteBuffer.wrap(state);
            promised = new Ballot(in.getInt(), in.getInt());
            acceptedBallot = new Ballot(in.getInt(), in.getInt());
            int length = in.getInt();
            if (length >= 0) {
                byte[] value = new byte[length];
                in.get(value);
                acceptedValue = new String(value, StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void onMessage(int from, Object message) {
        if (message instanceof Prepare prepare) {
            // Phase 1b: promise never to accept a proposal numbered less than n, and report the highest accepted
            if (prepare.ballot().equals(promised)) {
                // a duplicate of the prepare it answered: the same promise again (a refusal would make the proposer give up its ballot)
                context.send(from, new Promise(prepare.ballot(), acceptedBallot, acceptedValue));
            } else if (prepare.ballot().above(promised)) {
                promised = prepare.ballot();
                persist();
                context.note("promised " + promised + (acceptedValue == null ? "" : ", reporting accepted " + acceptedBallot + " = " + acceptedValue));
                context.send(from, new Promise(prepare.ballot(), acceptedBallot, acceptedValue));
            } else {
                context.send(from, new Nack(prepare.ballot(), promised));
            }
        } else if (message instanceof Accept accept) {
            // Phase 2b (P1a): accept unless a prepare request numbered greater than n has been answered
            if (!promised.above(accept.ballot()) || flaws.contains(PaxosFlaw.ACCEPT_BELOW_PROMISE)) {
                if (accept.ballot().above(promised)) {
                    promised = accept.ballot();
                }
                acceptedBallot = accept.ballot();
                acceptedValue = accept.value();
                persist();
                context.note("accepted " + acceptedBallot + " = " + acceptedValue);
                context.send(from, new Accepted(accept.ballot(), accept.value()));
            } else {
                context.send(from, new Nack(accept.ballot(), promised));
            }
        }
    }

    @Override
    public void onTimer(Object tag) {
    }

    private void persist() {
        if (flaws.contains(PaxosFlaw.ACCEPTOR_FORGETS)) {
            return;
        }
        byte[] value = acceptedValue == null ? new byte[0] : acceptedValue.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(20 + value.length);
        out.putInt(promised.round()).putInt(promised.proposer()).putInt(acceptedBallot.round()).putInt(acceptedBallot.proposer())
                .putInt(acceptedValue == null ? -1 : value.length).put(value);
        context.persister().saveState(out.array());
    }

    @Override
    public Ballot promised() {
        return promised;
    }

    @Override
    public Ballot acceptedBallot() {
        return acceptedBallot;
    }

    /** The value of the highest proposal accepted, null for none. */
    @Override
    public String acceptedValue() {
        return acceptedValue;
    }
}
