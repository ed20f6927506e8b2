package dev.dslab.consensus.paxos.multi;

import dev.dslab.consensus.paxos.Ballot;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Accept;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Accepted;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Commit;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Entry;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Heartbeat;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.HeartbeatReply;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Nack;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Prepare;
import dev.dslab.consensus.paxos.multi.MultiPaxosMessages.Promise;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeContext;
import dev.dslab.consensus.sim.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Multi-Paxos with a distinguished leader ("Paxos Made Simple", section 3): every node is an acceptor, a learner
 * and a would-be leader of a replicated log of slots. A leader runs phase 1 once for all slots from the first it
 * has not learned (one Prepare, one Promise carrying what each acceptor accepted in those slots), then phase 2 per
 * slot: first the open slots, each with the value of the highest ballot any promise reported (P2c, slot by slot)
 * or a no-op for a gap nobody accepted anything in (section 3: "fill the gaps ... with no-op commands"), then each
 * client command in the next slot. A node that hears no leader for an election timeout takes over with a higher
 * ballot. Acceptors persist their promise and every accepted proposal; a node persists the last round it used.
 */
public final class MultiPaxos implements Node {
    public static final String NO_OP = "no-op";
    static final long HEARTBEAT_MILLIS = 50;
    static final long ELECTION_MIN_MILLIS = 200;
    static final long ELECTION_SPREAD_MILLIS = 200;
    private static final int COMMITS_PER_REPLY = 32;

    private final Set<MultiPaxosFlaw> flaws;
    private NodeContext context;
    private int majority;

    // acceptor (persisted)
    private Ballot promised = Ballot.ZERO;
    private final TreeMap<Integer, Entry> accepted = new TreeMap<>();
    // would-be leader (round persisted)
    private int round;
    private Ballot ballot = Ballot.ZERO;
    private boolean leading;
    private boolean prepared;
    private final BitSet promises = new BitSet();
    private final Map<Integer, Entry> reported = new HashMap<>();
    private int nextSlot;
    private final TreeMap<Integer, String> proposals = new TreeMap<>();
    private final Map<Integer, BitSet> accepts = new HashMap<>();
    private final List<String> waiting = new ArrayList<>();
    // learner
    private final TreeMap<Integer, String> learned = new TreeMap<>();
    private int firstUnlearned;
    private Ballot leaderSeen = Ballot.ZERO;
    private Timer election;

    public MultiPaxos(Set<MultiPaxosFlaw> flaws) {
        this.flaws = flaws;
    }

    public static MultiPaxos reference() {
        return new MultiPaxos(EnumSet.noneOf(MultiPaxosFlaw.class));
    }

    @Override
    public void boot(NodeContext context) {
        this.context = context;
        this.majority = context.clusterSize() / 2 + 1;
        restore(context.persister().readState());
        resetElectionTimer();
    }

    // ---- the service API ---------------------------------------------------------------------------------------

    /**
     * A client's command: the leader puts it in the next slot (or queues it until its phase 1 is done) and
     * returns true; any other node refuses it, and the client tries the leader.
     */
    public boolean submit(String command) {
        if (!leading) {
            return false;
        }
        if (!prepared) {
            waiting.add(command);
        } else {
            propose(nextSlot++, command);
        }
        return true;
    }

    public boolean isLeader() {
        return leading && prepared;
    }

    public Ballot ballot() {
        return ballot;
    }

    public Ballot promised() {
        return promised;
    }

    /** What this acceptor accepted, slot by slot. */
    Map<Integer, Entry> acceptedEntries() {
        return Collections.unmodifiableMap(accepted);
    }

    /** What this node learned was chosen, slot by slot (it may have gaps while messages are missing). */
    public Map<Integer, String> learned() {
        return Collections.unmodifiableMap(learned);
    }

    /** The first slot this node has not learned: every slot below it is known. */
    public int firstUnlearned() {
        return firstUnlearned;
    }

    /** One line for a failure report: role, ballot, log and open slots. */
    String describe() {
        return (leading ? (prepared ? "leader " : "candidate ") + ballot : "follower (promised " + promised + ")") + ", learned " + learned.size()
                + " slots, first unlearned " + firstUnlearned + (learned.isEmpty() ? "" : ", last learned " + learned.lastKey())
                + (leading && prepared ? ", next slot " + nextSlot + ", open " + proposals.keySet() : "");
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    @Override
    public void onTimer(Object tag) {
        if (tag.equals("heartbeat")) {
            if (leading) {
                heartbeat();
            }
        } else if (tag.equals("election") && !leading) {
            campaign();
        }
    }

    @Override
    public void onMessage(int from, Object message) {
        if (message instanceof Prepare m) {
            onPrepare(from, m);
        } else if (message instanceof Promise m) {
            onPromise(from, m);
        } else if (message instanceof Accept m) {
            onAccept(from, m);
        } else if (message instanceof Accepted m) {
            onAccepted(from, m);
        } else if (message instanceof Nack m) {
            if (leading && m.ballot().equals(ballot) && m.promised().above(ballot)) {
                stepDown(m.promised());
            }
        } else if (message instanceof Commit m) {
            learn(m.slot(), m.value());
        } else if (message instanceof Heartbeat m) {
            if (!m.ballot().below(leaderSeen)) {
                leaderSeen = m.ballot();
                if (leading && m.ballot().above(ballot)) {
                    stepDown(m.ballot());
                }
                if (!leading) {
                    resetElectionTimer();
                }
                context.send(from, new HeartbeatReply(m.ballot(), firstUnlearned));
            }
        } else if (message instanceof HeartbeatReply m && leading && m.ballot().equals(ballot)) {
            // resend what the follower missed: lost Commit messages would otherwise leave gaps for ever
            int sent = 0;
            for (var chosen : learned.tailMap(m.firstUnlearned()).entrySet()) {
                if (sent++ == COMMITS_PER_REPLY) {
                    break;
                }
                context.send(from, new Commit(chosen.getKey(), chosen.getValue()));
            }
        }
    }

    // ---- acceptor ---------------------------------------------------------------------------------------------------

    private void onPrepare(int from, Prepare m) {
        if (m.ballot().below(promised)) {
            context.send(from, new Nack(m.ballot(), promised));
            return;
        }
        if (m.ballot().above(promised)) {
            promised = m.ballot();
            persist();
        }
        context.send(from, new Promise(m.ballot(), List.copyOf(accepted.tailMap(m.fromSlot()).values())));
    }

    private void onAccept(int from, Accept m) {
        if (m.ballot().below(promised) && !flaws.contains(MultiPaxosFlaw.ACCEPT_BELOW_PROMISE)) {
            context.send(from, new Nack(m.ballot(), promised));
            return;
        }
        if (m.ballot().above(promised)) {
            promised = m.ballot();
        }
        Entry earlier = accepted.get(m.slot());
        if (earlier == null || !earlier.ballot().above(m.ballot()) || flaws.contains(MultiPaxosFlaw.ACCEPT_BELOW_PROMISE)) {
            accepted.put(m.slot(), new Entry(m.slot(), m.ballot(), m.value()));
            persist();
        }
        context.send(from, new Accepted(m.ballot(), m.slot()));
    }

    // ---- leader -----------------------------------------------------------------------------------------------------

    private void campaign() {
        round = Math.max(round, Math.max(promised.round(), leaderSeen.round())) + 1;
        persist();
        ballot = new Ballot(round, context.id());
        leading = true;
        prepared = false;
        promises.clear();
        reported.clear();
        proposals.clear();
        accepts.clear();
        context.note("leader candidate " + ballot + ": prepare every slot from " + firstUnlearned);
        for (int node = 0; node < context.clusterSize(); node++) {
            context.send(node, new Prepare(ballot, firstUnlearned));
        }
        context.startTimer(HEARTBEAT_MILLIS, "heartbeat");
    }

    private void onPromise(int from, Promise m) {
        if (!leading || prepared || !m.ballot().equals(ballot)) {
            return;
        }
        promises.set(from);
        for (Entry entry : m.accepted()) {
            Entry highest = reported.get(entry.slot());
            if (highest == null || entry.ballot().above(highest.ballot())) {
                reported.put(entry.slot(), entry);
            }
        }
        if (promises.cardinality() < majority) {
            return;
        }
        prepared = true;
        int top = reported.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        nextSlot = Math.max(top + 1, firstUnlearned);
        int recovered = 0;
        int filled = 0;
        for (int slot = firstUnlearned; slot < nextSlot; slot++) {
            if (learned.containsKey(slot)) {
                continue;
            }
            Entry entry = reported.get(slot);
            if (entry != null && !flaws.contains(MultiPaxosFlaw.NEW_LEADER_SKIPS_RECOVERY)) {
                propose(slot, entry.value());
                recovered++;
            } else {
                // nobody in this majority accepted anything here, so nothing can have been chosen: a no-op closes the gap
                propose(slot, entry != null ? "new-" + context.id() + "-" + slot : NO_OP);
                filled++;
            }
        }
        context.note("leader " + ballot + " from slot " + firstUnlearned + ": " + recovered + " recovered, " + filled + " no-op, next slot " + nextSlot);
        for (String command : waiting) {
            propose(nextSlot++, command);
        }
        waiting.clear();
    }

    private void propose(int slot, String value) {
        proposals.put(slot, value);
        accepts.put(slot, new BitSet());
        for (int node = 0; node < context.clusterSize(); node++) {
            context.send(node, new Accept(ballot, slot, value));
        }
    }

    private void onAccepted(int from, Accepted m) {
        if (!leading || !m.ballot().equals(ballot) || !proposals.containsKey(m.slot())) {
            return;
        }
        BitSet by = accepts.get(m.slot());
        by.set(from);
        if (by.cardinality() >= majority) {
            String value = proposals.remove(m.slot());
            accepts.remove(m.slot());
            for (int node = 0; node < context.clusterSize(); node++) {
                if (node != context.id()) {
                    context.send(node, new Commit(m.slot(), value));
                }
            }
            learn(m.slot(), value);
        }
    }

    private void heartbeat() {
        for (int node = 0; node < context.clusterSize(); node++) {
            if (node != context.id()) {
                context.send(node, new Heartbeat(ballot));
            }
        }
        if (!prepared) {
            for (int node = 0; node < context.clusterSize(); node++) {
                if (!promises.get(node)) {
                    context.send(node, new Prepare(ballot, firstUnlearned));
                }
            }
        }
        // phase 2 messages are lost too: resend the accepts of slots not yet chosen
        for (var open : proposals.entrySet()) {
            for (int node = 0; node < context.clusterSize(); node++) {
                if (!accepts.get(open.getKey()).get(node)) {
                    context.send(node, new Accept(ballot, open.getKey(), open.getValue()));
                }
            }
        }
        context.startTimer(HEARTBEAT_MILLIS, "heartbeat");
    }

    private void stepDown(Ballot higher) {
        leading = false;
        prepared = false;
        leaderSeen = higher.above(leaderSeen) ? higher : leaderSeen;
        proposals.clear();
        accepts.clear();
        waiting.clear();
        context.note("follower: ballot " + ballot + " overtaken by " + higher);
        resetElectionTimer();
    }

    // ---- learner ----------------------------------------------------------------------------------------------------

    private void learn(int slot, String value) {
        if (learned.putIfAbsent(slot, value) == null) {
            while (learned.containsKey(firstUnlearned)) {
                firstUnlearned++;
            }
        }
    }

    private void resetElectionTimer() {
        if (election != null) {
            election.cancel();
        }
        election = context.startTimer(ELECTION_MIN_MILLIS + context.random().nextLong(ELECTION_SPREAD_MILLIS), "election");
    }

    // ---- stable storage ---------------------------------------------------------------------------------------------

    private void persist() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(round);
            writeBallot(out, promised);
            out.writeInt(accepted.size());
            for (Entry entry : accepted.values()) {
                out.writeInt(entry.slot());
                writeBallot(out, entry.ballot());
                out.writeUTF(entry.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.persister().saveState(bytes.toByteArray());
    }

    private void restore(byte[] state) {
        if (state.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            round = in.readInt();
            promised = readBallot(in);
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                int slot = in.readInt();
                accepted.put(slot, new Entry(slot, readBallot(in), in.readUTF()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable state", e);
        }
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeInt(ballot.round());
        out.writeInt(ballot.proposer());
    }

    private static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(in.readInt(), in.readInt());
    }
}
