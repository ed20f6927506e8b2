package dev.dslab.consensus.harness;

import dev.dslab.consensus.raft.ApplyMsg;
import dev.dslab.consensus.raft.Proposal;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.NetworkProfile;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Raft cluster under test, with the helpers of MIT 6.5840's Lab 3 tester ({@code config.go}) in simulated
 * time: find the one leader, count how many servers applied an index, get a command agreed on, disconnect,
 * crash and restart servers. Each server's service is the tester's: it checks that commands arrive in order
 * and agree with every other server's (state machine safety) and, when snapshots are on, snapshots every
 * {@link #SNAPSHOT_INTERVAL} commands.
 */
public final class Cluster {
    /** MIT's RaftElectionTimeout: the tester's unit of waiting, not an implementation's timeout. */
    public static final long ELECTION_TIMEOUT = 1000;
    public static final int SNAPSHOT_INTERVAL = 10;
    /** The reference needs under 50,000 steps for any scenario; far more means a message or timer storm. */
    public static final long STEP_BUDGET = 1_000_000;

    private final Simulation<Raft> sim;
    private final int servers;
    private final boolean snapshots;
    private final List<TreeMap<Integer, String>> applied = new ArrayList<>();
    private final int[] lastApplied;
    private final Map<Integer, String> firstApplied = new HashMap<>();

    public Cluster(RaftFactory factory, int servers, long seed, NetworkProfile profile, boolean snapshots, Trace trace) {
        this(factory, servers, seed, profile, snapshots, trace, STEP_BUDGET);
    }

    /** @param stepBudget simulator steps after which the run fails: a storm of messages or timers never ends */
    public Cluster(RaftFactory factory, int servers, long seed, NetworkProfile profile, boolean snapshots, Trace trace,
                   long stepBudget) {
        this.servers = servers;
        this.snapshots = snapshots;
        this.lastApplied = new int[servers];
        for (int i = 0; i < servers; i++) {
            applied.add(new TreeMap<>());
        }
        this.sim = new Simulation<>(seed, servers, id -> boot(factory, id), profile, trace);
        sim.addListener(new Invariants(sim));
        long[] steps = {0};
        sim.addListener(node -> {
            if (++steps[0] > stepBudget) {
                throw new HarnessFailure("step budget", "over " + stepBudget + " simulator steps by " + sim.now()
                        + " ms: the nodes send messages or set timers without end");
            }
        });
        sim.start();
    }

    public Simulation<Raft> simulation() {
        return sim;
    }

    public int servers() {
        return servers;
    }

    /** A random int in [0, bound) from the run's random source, so the scenario replays from the seed too. */
    public int random(int bound) {
        return sim.random().nextInt(bound);
    }

    /** A random command value, as the MIT tests' rand.Int(). */
    public String randomCommand() {
        return Integer.toString(sim.random().nextInt(1_000_000_000));
    }

    public void sleep(long millis) {
        sim.runFor(millis);
    }

    // ---- the world (MIT's connect, disconnect, crash1, start1) ----------------------------------------------

    public void disconnect(int server) {
        sim.disconnect(server);
    }

    public void connect(int server) {
        sim.connect(server);
    }

    public boolean connected(int server) {
        return sim.network().isConnected(server);
    }

    public boolean up(int server) {
        return sim.isUp(server);
    }

    /** Disconnects and kills the server; its persister is kept (MIT's crash1). */
    public void crash(int server) {
        sim.disconnect(server);
        sim.crash(server);
    }

    /** Starts a fresh instance from the persister, still disconnected (MIT's start1 then connect() separately). */
    public void restart(int server) {
        crash(server);
        sim.restart(server);
    }

    public void reliable(boolean reliable) {
        NetworkProfile profile = reliable ? NetworkProfile.reliable() : NetworkProfile.unreliable();
        sim.profile(sim.network().profile().longDelayRate() > 0 ? profile.withLongReordering() : profile);
    }

    public void longReordering(boolean on) {
        NetworkProfile current = sim.network().profile();
        boolean reliable = current.dropRate() == 0;
        NetworkProfile base = reliable ? NetworkProfile.reliable() : NetworkProfile.unreliable();
        sim.profile(on ? base.withLongReordering() : base);
    }

    // ---- talking to servers -----------------------------------------------------------------------------------

    /** Raft.start on a running server (as a client would), else null. */
    public Proposal start(int server, String command) {
        return sim.call(server, "start(" + command + ")", raft -> raft.start(command));
    }

    /** The server's term and leadership, or null while it is crashed. */
    public int[] state(int server) {
        Raft raft = sim.node(server);
        return raft == null ? null : new int[] {raft.currentTerm(), raft.isLeader() ? 1 : 0};
    }

    /**
     * Remote calls so far, counted as labrpc counts them: a request and its reply are one call, so this is
     * half the messages sent (MIT's rpcCount, summed over servers).
     */
    public long rpcs() {
        return (sim.trace().count(TraceEvent.Kind.SEND) + 1) / 2;
    }

    /** The largest persisted Raft state, in bytes (MIT's LogSize). */
    public int logSize() {
        int max = 0;
        for (int i = 0; i < servers; i++) {
            max = Math.max(max, sim.persister(i).stateSize());
        }
        return max;
    }

    // ---- MIT's checks -----------------------------------------------------------------------------------------

    /** Waits up to 5 s of simulated time for exactly one leader among the connected servers; returns it. */
    public int checkOneLeader() {
        for (int iteration = 0; iteration < 10; iteration++) {
            sleep(450 + random(100));
            TreeMap<Integer, List<Integer>> leaders = new TreeMap<>();
            for (int i = 0; i < servers; i++) {
                int[] state = state(i);
                if (connected(i) && state != null && state[1] == 1) {
                    leaders.computeIfAbsent(state[0], t -> new ArrayList<>()).add(i);
                }
            }
            for (Map.Entry<Integer, List<Integer>> term : leaders.entrySet()) {
                if (term.getValue().size() > 1) {
                    throw new HarnessFailure("election safety", "term " + term.getKey() + " has leaders " + term.getValue());
                }
            }
            if (!leaders.isEmpty()) {
                return leaders.lastEntry().getValue().get(0);
            }
        }
        throw new HarnessFailure("liveness", "expected one leader, got none within 5 s");
    }

    /** The term every connected server agrees on. */
    public int checkTerms() {
        int term = -1;
        for (int i = 0; i < servers; i++) {
            int[] state = state(i);
            if (connected(i) && state != null) {
                if (term == -1) {
                    term = state[0];
                } else if (term != state[0]) {
                    throw new HarnessFailure("liveness", "servers disagree on the term: " + term + " and " + state[0]);
                }
            }
        }
        return term;
    }

    public void checkNoLeader() {
        for (int i = 0; i < servers; i++) {
            int[] state = state(i);
            if (connected(i) && state != null && state[1] == 1) {
                throw new HarnessFailure("liveness", "expected no leader among connected servers, but n" + i + " claims to be one");
            }
        }
    }

    /** How many servers applied {@code index}, and the command (they must all agree). */
    public Committed committed(int index) {
        int count = 0;
        String command = null;
        for (int i = 0; i < servers; i++) {
            String value = applied.get(i).get(index);
            if (value != null) {
                if (count > 0 && !value.equals(command)) {
                    throw new HarnessFailure("state machine safety", "index " + index + ": '" + command + "' and '" + value + "' applied");
                }
                count++;
                command = value;
            }
        }
        return new Committed(count, command);
    }

    public record Committed(int servers, String command) {
    }

    /**
     * Gets {@code command} agreed on by at least {@code expectedServers}: offers it to each server in turn until
     * one leads, then waits up to 2 s for the servers to apply it; with {@code retry}, offers again if that
     * leader lost it. Gives up after 10 s (MIT's one()).
     */
    public int one(String command, int expectedServers, boolean retry) {
        long started = sim.now();
        int starts = 0;
        while (sim.now() - started < 10_000) {
            int index = -1;
            for (int tried = 0; tried < servers; tried++) {
                starts = (starts + 1) % servers;
                if (connected(starts)) {
                    Proposal proposal = start(starts, command);
                    if (proposal != null && proposal.isLeader()) {
                        index = proposal.index();
                        break;
                    }
                }
            }
            if (index != -1) {
                long offered = sim.now();
                while (sim.now() - offered < 2_000) {
                    Committed committed = committed(index);
                    if (committed.servers() > 0 && committed.servers() >= expectedServers && command.equals(committed.command())) {
                        return index;
                    }
                    sleep(20);
                }
                if (!retry) {
                    throw new HarnessFailure("liveness", "one(" + command + ") failed to reach agreement on " + expectedServers + " servers");
                }
            } else {
                sleep(50);
            }
        }
        throw new HarnessFailure("liveness", "one(" + command + ") failed to reach agreement on " + expectedServers + " servers within 10 s");
    }

    /**
     * Waits for at least {@code expected} servers to apply {@code index}; null if some server moved past
     * {@code startTerm} meanwhile (-1: never give up that way). MIT's wait().
     */
    public String waitFor(int index, int expected, int startTerm) {
        long pause = 10;
        for (int iteration = 0; iteration < 30; iteration++) {
            if (committed(index).servers() >= expected) {
                break;
            }
            sleep(pause);
            if (pause < 1000) {
                pause *= 2;
            }
            if (startTerm > -1) {
                for (int i = 0; i < servers; i++) {
                    int[] state = state(i);
                    if (state != null && state[0] > startTerm) {
                        return null;
                    }
                }
            }
        }
        Committed committed = committed(index);
        if (committed.servers() < expected) {
            throw new HarnessFailure("liveness", "only " + committed.servers() + " servers applied index " + index + "; wanted " + expected);
        }
        return committed.command();
    }

    // ---- each server's service: the tester's applier -------------------------------------------------------------

    private Raft boot(RaftFactory factory, int id) {
        // The service restarts with the node: it knows only what the snapshot holds (MIT's start1/ingestSnap)
        TreeMap<Integer, String> log = applied.get(id);
        log.clear();
        lastApplied[id] = 0;
        byte[] snapshot = sim.persister(id).readSnapshot();
        if (snapshot.length > 0) {
            ingestSnapshot(id, snapshot, -1);
        }
        Raft[] self = new Raft[1];
        self[0] = factory.create(id, message -> apply(id, self[0], message));
        return self[0];
    }

    private void apply(int id, Raft raft, ApplyMsg message) {
        if (message instanceof ApplyMsg.Snapshot snapshot) {
            if (!snapshots) {
                throw new HarnessFailure("snapshots", "n" + id + " installed a snapshot in a run that never took one");
            }
            ingestSnapshot(id, snapshot.data(), snapshot.index());
            return;
        }
        ApplyMsg.Command command = (ApplyMsg.Command) message;
        if (command.index() != lastApplied[id] + 1) {
            throw new HarnessFailure("in-order apply", "n" + id + " applied index " + command.index() + " after " + lastApplied[id]);
        }
        record(id, command.index(), command.command());
        lastApplied[id] = command.index();
        if (snapshots && command.index() % SNAPSHOT_INTERVAL == 0) {
            byte[] data = encodeSnapshot(id, command.index());
            int index = command.index();
            // After the handler returns: a service calls Snapshot from its own thread, never inside applyCh's sender
            sim.schedule(0, () -> {
                if (sim.node(id) == raft) {
                    sim.call(id, "snapshot(" + index + ")", r -> {
                        r.snapshot(index, data);
                        return index;
                    });
                }
            });
        }
    }

    private void record(int id, int index, String command) {
        String first = firstApplied.putIfAbsent(index, command);
        if (first != null && !first.equals(command)) {
            throw new HarnessFailure("state machine safety", "n" + id + " applied '" + command + "' at index " + index
                    + " where '" + first + "' was applied before");
        }
        applied.get(id).put(index, command);
    }

    private byte[] encodeSnapshot(int id, int index) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(index);
            for (int i = 1; i <= index; i++) {
                String command = applied.get(id).get(i);
                out.writeUTF(command == null ? "" : command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void ingestSnapshot(int id, byte[] data, int expectedIndex) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int index = in.readInt();
            if (expectedIndex != -1 && expectedIndex != index) {
                throw new HarnessFailure("snapshots", "n" + id + " installed a snapshot through " + index + " announced as " + expectedIndex);
            }
            TreeMap<Integer, String> log = applied.get(id);
            log.clear();
            for (int i = 1; i <= index; i++) {
                String command = in.readUTF();
                if (!command.isEmpty()) {
                    record(id, i, command);
                }
            }
            lastApplied[id] = index;
        } catch (IOException e) {
            throw new HarnessFailure("snapshots", "n" + id + " got a snapshot the service cannot read: " + e);
        }
    }
}
