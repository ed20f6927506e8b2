package dev.dslab.consensus.playground;

import dev.dslab.consensus.raft.Proposal;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.RaftView;
import dev.dslab.consensus.raft.Role;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Raft cluster a learner drives one command at a time, as RaftScope does: step events, advance time, cut the
 * network, crash and restart nodes, force an election timeout, submit client commands, and look at every
 * node's state and the messages in flight. It runs the reference Raft in the deterministic simulator, so the
 * session is a pure function of its {@link SessionOptions} and the commands applied: {@link #digest()} over
 * the whole trace is how a replay proves it rebuilt the same run.
 */
public final class Playground implements SimulatedSession {
    /** Events printed as they happen during 'run': what changes the picture, not every message. */
    private static final Set<TraceEvent.Kind> NOTABLE = EnumSet.of(TraceEvent.Kind.STATE, TraceEvent.Kind.CRASH,
            TraceEvent.Kind.RESTART, TraceEvent.Kind.NETWORK, TraceEvent.Kind.CLIENT);
    private static final int IN_FLIGHT_SHOWN = 15;
    private static final int LAST_ENTRIES_SHOWN = 3;

    static final List<List<String>> LEGEND = List.of(List.of("follower", "#9aa5b1"), List.of("candidate", "#f0a030"),
            List.of("leader", "#2e9e5b"), List.of("RequestVote / Vote", "#e07b00"), List.of("AppendEntries / reply", "#2f6fd6"));
    static final List<List<String>> MESSAGE_COLORS = List.of(List.of("Vote", "#e07b00"), List.of(".", "#2f6fd6"));

    /** Something the playground itself noticed (a client command committed or lost), placed in the trace's order. */
    private record Notice(long afterEvents, String text) {
    }

    private static final class ClientRequest {
        final String command;
        final int node;
        final int index;
        final int term;
        final long submittedAt;
        String outcome = "waiting for a majority";
        boolean settled;

        ClientRequest(String command, int node, int index, int term, long submittedAt) {
            this.command = command;
            this.node = node;
            this.index = index;
            this.term = term;
            this.submittedAt = submittedAt;
        }
    }

    private final SessionOptions options;
    private final Simulation<Raft> sim;
    private final int[] lastApplied;
    private final List<ClientRequest> requests = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final List<HtmlExport.Frame> frames = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private List<List<Integer>> partition = List.of();
    private final java.util.TreeMap<Integer, java.util.SortedSet<Integer>> candidatesByTerm = new java.util.TreeMap<>();
    private final Set<Integer> termsWithLeader = new java.util.HashSet<>();
    private final Set<Integer> reportedTerms = new java.util.HashSet<>();
    private final TraceDigest digest = new TraceDigest();

    private Playground(SessionOptions options, RaftFactory raft) {
        this.options = options;
        this.lastApplied = new int[options.nodes()];
        this.sim = new Simulation<>(options.seed(), options.nodes(), id -> {
            lastApplied[id] = 0; // a fresh instance applies again from its snapshot (none here) onwards
            return raft.create(id, message -> lastApplied[id] = message.index());
        }, options.profile(), Trace.full());
        sim.addListener(node -> afterStep());
        sim.start();
    }

    /** A new session: every node booted as a follower with its election timer running, nothing run yet. */
    public static Playground start(SessionOptions options) {
        return new Playground(options, ReferenceRaft.factory());
    }

    public SessionOptions options() {
        return options;
    }

    @Override
    public List<String> commands() {
        return List.copyOf(applied);
    }

    @Override
    public long events() {
        return sim.trace().size();
    }

    @Override
    public long now() {
        return sim.now();
    }

    @Override
    public String digest() {
        return digest.of(sim.trace());
    }

    @Override
    public String apply(String commandLine) {
        return apply(PlaygroundCommand.parse(commandLine, options.nodes()));
    }

    @Override
    public List<String> nodeNames() {
        return IntStream.range(0, options.nodes()).mapToObj(EventText::node).toList();
    }

    @Override
    public String html() {
        String title = options.nodes() + " nodes, seed " + options.seed() + ", " + applied.size() + " commands";
        return HtmlExport.render(new HtmlExport.Player("Raft", title, "raft new --nodes " + options.nodes() + " --seed " + options.seed()
                        + " --network " + options.network(), nodeNames(), options.seed(), options.network(), sim.now(), commands(), LEGEND, MESSAGE_COLORS),
                trace(), frames, EventText::what);
    }

    /** Applies one command and says what happened, in lines for a terminal. */
    public String apply(PlaygroundCommand command) {
        String out;
        if (command instanceof PlaygroundCommand.Step s) {
            out = step(s.events());
        } else if (command instanceof PlaygroundCommand.Run r) {
            out = run(r.millis());
        } else if (command instanceof PlaygroundCommand.Partition p) {
            out = partition(p.groups());
        } else if (command instanceof PlaygroundCommand.Heal) {
            out = heal();
        } else if (command instanceof PlaygroundCommand.Crash c) {
            out = crash(c.node() - 1);
        } else if (command instanceof PlaygroundCommand.Restart r) {
            out = restart(r.node() - 1);
        } else if (command instanceof PlaygroundCommand.Timeout t) {
            out = timeout(t.node() - 1);
        } else if (command instanceof PlaygroundCommand.AlignTimers a) {
            out = alignTimers(a.nodes(), a.at());
        } else {
            out = clientPut((PlaygroundCommand.ClientPut) command);
        }
        applied.add(command.text());
        return out;
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    private String step(long count) {
        StringBuilder out = new StringBuilder();
        long before = events();
        int noticed = notices.size();
        long done = 0;
        while (done < count && sim.step()) {
            done++;
        }
        eventsSince(before, noticed, null, out); // once: the trace's list is copied per call
        if (done < count) {
            out.append("Nothing is left to happen: every node is down.\n");
        }
        return out.toString();
    }

    private String run(long millis) {
        long from = sim.now();
        long before = events();
        int noticed = notices.size();
        sim.runFor(millis);
        StringBuilder out = new StringBuilder();
        eventsSince(before, noticed, NOTABLE, out);
        List<TraceEvent> all = sim.trace().events().subList((int) before, (int) events());
        out.append(String.format("Ran %d ms of virtual time (%d ms -> %d ms): %d events: %d messages sent, %d delivered, %d dropped, %d timer(s) fired.%n",
                millis, from, sim.now(), all.size(), count(all, TraceEvent.Kind.SEND),
                count(all, TraceEvent.Kind.DELIVER) + count(all, TraceEvent.Kind.DUPLICATE), count(all, TraceEvent.Kind.DROP),
                count(all, TraceEvent.Kind.TIMER)));
        out.append(leaderLine()).append('\n');
        return out.toString();
    }

    private String partition(List<List<Integer>> groups) {
        int[][] simGroups = groups.stream().map(g -> g.stream().mapToInt(id -> id - 1).toArray()).toArray(int[][]::new);
        sim.partition(simGroups);
        partition = groups;
        List<Integer> alone = IntStream.rangeClosed(1, options.nodes()).boxed()
                .filter(id -> groups.stream().noneMatch(g -> g.contains(id))).toList();
        return "Partitioned: " + groups.stream().map(Playground::group).collect(Collectors.joining(" | "))
                + (alone.isEmpty() ? "" : "; " + alone.stream().map(id -> "n" + id).collect(Collectors.joining(", ")) + " reach no one")
                + ". Messages across groups are dropped, including those already in flight.\n";
    }

    private String heal() {
        sim.heal();
        partition = List.of();
        return "Healed: every node reaches every other (messages still in flight arrive).\n";
    }

    private String crash(int node) {
        if (!sim.isUp(node)) {
            return EventText.node(node) + " is down already; 'raft restart " + (node + 1) + "' boots it.\n";
        }
        sim.crash(node);
        return EventText.node(node) + " crashed: its role, commitIndex, timers and messages to it are gone; its persister keeps "
                + "currentTerm, votedFor and the log (" + sim.persister(node).stateSize() + " B).\n";
    }

    private String restart(int node) {
        if (sim.isUp(node)) {
            return EventText.node(node) + " is running; 'raft crash " + (node + 1) + "' first.\n";
        }
        sim.restart(node);
        RaftView view = sim.node(node).view();
        return EventText.node(node) + " restarted from its persister: " + role(view) + " of term " + view.term() + ", log length "
                + view.lastIndex() + ", commitIndex " + view.commitIndex() + " (it learns what is committed from a leader); "
                + nextTimer(node) + ".\n";
    }

    private String timeout(int node) {
        if (!sim.isUp(node)) {
            return EventText.node(node) + " is down; 'raft restart " + (node + 1) + "' boots it.\n";
        }
        long before = events();
        int noticed = notices.size();
        if (!sim.fireTimer(node, ReferenceRaft.ELECTION_TIMEOUT)) {
            return EventText.node(node) + " has no election timer running: it is the " + role(sim.node(node).view())
                    + " and sends heartbeats instead.\n";
        }
        StringBuilder out = new StringBuilder();
        eventsSince(before, noticed, null, out);
        return out.toString();
    }

    /**
     * Section 5.2: randomized timeouts make it rare that two servers time out together; when they do, each votes
     * for itself and no candidate may reach a majority. Firing the timers together shows what randomization avoids.
     */
    private String alignTimers(List<Integer> ids, long at) {
        if (at >= 0 && (at < sim.now() || at > sim.now() + PlaygroundCommand.MAX_RUN_MILLIS)) {
            throw new BadCommandException("align-timers at " + at + "ms: the time must be from now (" + sim.now() + " ms) to "
                    + (sim.now() + PlaygroundCommand.MAX_RUN_MILLIS) + " ms");
        }
        List<String> skipped = new ArrayList<>();
        List<Integer> aligned = new ArrayList<>();
        for (int id : ids) {
            int node = id - 1;
            if (!sim.isUp(node)) {
                skipped.add(EventText.node(node) + " is down");
            } else if (sim.pendingTimers(node).stream().noneMatch(t -> t.tag().equals(ReferenceRaft.ELECTION_TIMEOUT))) {
                skipped.add(EventText.node(node) + " is the " + role(sim.node(node).view()) + " (no election timer)");
            } else {
                aligned.add(node);
            }
        }
        StringBuilder out = new StringBuilder();
        if (!skipped.isEmpty()) {
            out.append("Left out: ").append(String.join("; ", skipped)).append(".\n");
        }
        if (aligned.size() < 2) {
            return out.append("Nothing aligned: a split vote needs two or more nodes with an election timer running.\n").toString();
        }
        String names = aligned.stream().map(EventText::node).collect(Collectors.joining(", "));
        if (at < 0) {
            long before = events();
            int noticed = notices.size();
            for (int node : aligned) {
                sim.fireTimer(node, ReferenceRaft.ELECTION_TIMEOUT);
            }
            out.append("Fired the election timers of ").append(names).append(" together at ").append(sim.now()).append(" ms:\n");
            eventsSince(before, noticed, null, out);
            long up = IntStream.range(0, options.nodes()).filter(sim::isUp).count();
            out.append("Each candidate voted for itself before any RequestVote arrived, so a candidate gets a vote only from a node that "
                    + "was not a candidate: with ").append(aligned.size()).append(" of ").append(options.nodes()).append(" nodes candidates, ")
                    .append(aligned.size() == up ? "no candidate can win this term" : "a split vote is likely")
                    .append(" ('raft run 500ms' shows the term end without a leader, then a new election).\n");
            return out.toString();
        }
        for (int node : aligned) {
            sim.moveTimer(node, ReferenceRaft.ELECTION_TIMEOUT, at);
        }
        return out.append("The election timers of ").append(names).append(" now fire together at ").append(at)
                .append(" ms (unless a heartbeat or a granted vote resets one first); 'raft run ").append(Math.max(1, at - sim.now() + 300))
                .append("ms' shows the election.\n").toString();
    }

    private String clientPut(PlaygroundCommand.ClientPut put) {
        int target = put.node() - 1;
        if (target < 0) {
            target = leader();
            if (target < 0) {
                return "No node believes it is the leader now (" + roles() + "); nothing was sent. 'raft run 500ms' lets an election finish.\n";
            }
        } else if (!sim.isUp(target)) {
            return EventText.node(target) + " is down: a client cannot reach it; nothing was sent.\n";
        }
        long before = events();
        int noticed = notices.size();
        String command = put.command();
        Proposal proposal = sim.call(target, "start " + command, raft -> raft.start(command));
        StringBuilder out = new StringBuilder();
        if (!proposal.isLeader()) {
            out.append(EventText.node(target)).append(" is not the leader (").append(role(sim.node(target).view()))
                    .append(" of term ").append(proposal.term()).append("): it refused '").append(command)
                    .append("'; a client tries another node.\n");
            return out.toString();
        }
        ClientRequest request = new ClientRequest(command, target, proposal.index(), proposal.term(), sim.now());
        requests.add(request);
        out.append("'").append(command).append("' went to ").append(EventText.node(target)).append(", leader of term ")
                .append(proposal.term()).append(": index ").append(proposal.index()).append(" of its log. It commits once a majority of ")
                .append(options.nodes()).append(" stores it; 'raft step' or 'raft run 50ms' shows when.\n");
        checkRequests();
        eventsSince(before, noticed, EnumSet.noneOf(TraceEvent.Kind.class), out);
        return out.toString();
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    /** Every node's Raft state, the partition, the client commands and the messages in flight. */
    public String state() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Raft session: %d nodes, seed %d, %s network, at %d ms (%d events, %d commands)%n",
                options.nodes(), options.seed(), options.network(), sim.now(), events(), applied.size()));
        TextTable nodes = new TextTable("NODE", "STATUS", "ROLE", "TERM", "VOTED", "LOG", "LAST ENTRIES (index:term command)",
                "COMMIT", "APPLIED", "GROUP", "NEXT TIMER");
        for (int i = 0; i < options.nodes(); i++) {
            String group = group(i + 1);
            if (!sim.isUp(i)) {
                nodes.row(EventText.node(i), "down", "-", "-", "-", "-", "-", "-", "-", group, "-");
                continue;
            }
            RaftView v = sim.node(i).view();
            nodes.row(EventText.node(i), "up", role(v), v.term(), v.votedFor() < 0 ? "-" : EventText.node(v.votedFor()),
                    v.lastIndex(), lastEntries(v), v.commitIndex(), lastApplied[i], group, nextTimer(i));
        }
        out.append(nodes.render(""));
        if (!requests.isEmpty()) {
            out.append("Client commands:\n");
            for (ClientRequest r : requests) {
                out.append(String.format("  '%s' at %d ms to %s, index %d term %d: %s%n", r.command, r.submittedAt,
                        EventText.node(r.node), r.index, r.term, r.outcome));
            }
        }
        List<Simulation.InFlight> flying = sim.inFlight();
        if (flying.isEmpty()) {
            out.append("No messages in flight.\n");
        } else {
            out.append("Messages in flight (").append(flying.size()).append("):\n");
            TextTable table = new TextTable("#", "FROM", "TO", "SENT", "ARRIVES", "MESSAGE");
            for (Simulation.InFlight m : flying.subList(0, Math.min(IN_FLIGHT_SHOWN, flying.size()))) {
                table.row("#" + m.messageId(), EventText.node(m.from()), EventText.node(m.to()), m.sentAt() + " ms",
                        m.deliverAt() + " ms" + (m.duplicate() ? " (dup)" : ""), EventText.message(m.message()));
            }
            out.append(table.render("  "));
            if (flying.size() > IN_FLIGHT_SHOWN) {
                out.append("  ... and ").append(flying.size() - IN_FLIGHT_SHOWN).append(" more\n");
            }
        }
        return out.toString();
    }

    @Override
    public List<TraceEvent> trace() {
        return sim.trace().events();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void afterStep() {
        checkRequests();
        noticeTermsWithoutLeader();
        List<HtmlExport.Look> states = new ArrayList<>(options.nodes());
        for (int i = 0; i < options.nodes(); i++) {
            if (!sim.isUp(i)) {
                states.add(new HtmlExport.Look(false, "down", "", ""));
            } else {
                states.add(look(sim.node(i).view(), EventText::node));
            }
        }
        if (frames.isEmpty() || !frames.get(frames.size() - 1).nodes().equals(states)) {
            frames.add(new HtmlExport.Frame(events() - 1, sim.now(), List.copyOf(states)));
        }
    }

    /**
     * Once a node starts a later election, a term whose candidates never made a leader is over: the playground says
     * so, naming the candidates (two or more: they split the votes; one: it never reached a majority).
     */
    private void noticeTermsWithoutLeader() {
        for (int i = 0; i < options.nodes(); i++) {
            Raft node = sim.node(i);
            if (node == null) {
                continue;
            }
            RaftView v = node.view();
            if (v.role() == Role.LEADER) {
                termsWithLeader.add(v.term());
            } else if (v.role() == Role.CANDIDATE) {
                candidatesByTerm.computeIfAbsent(v.term(), term -> new java.util.TreeSet<>()).add(i);
            }
        }
        int latest = candidatesByTerm.isEmpty() ? 0 : candidatesByTerm.lastKey();
        for (var term : candidatesByTerm.headMap(latest).entrySet()) {
            if (termsWithLeader.contains(term.getKey()) || reportedTerms.contains(term.getKey()) || stillCandidate(term.getKey())) {
                continue;
            }
            reportedTerms.add(term.getKey());
            String candidates = term.getValue().stream().map(EventText::node).collect(Collectors.joining(", "));
            int majority = options.nodes() / 2 + 1;
            notices.add(new Notice(events(), String.format("%7d ms  NO LEADER in term %d: %s", sim.now(), term.getKey(),
                    term.getValue().size() > 1 ? "split vote: candidates " + candidates + " each voted for itself and none reached "
                            + majority + " of " + options.nodes() + " votes"
                            : "candidate " + candidates + " did not reach " + majority + " of " + options.nodes() + " votes")
                    + "; term " + latest + " has begun"));
        }
    }

    /** Whether an up node is still a candidate in {@code term}: its votes may yet arrive. */
    private boolean stillCandidate(int term) {
        for (int i = 0; i < options.nodes(); i++) {
            Raft node = sim.node(i);
            if (node != null && node.view().role() == Role.CANDIDATE && node.view().term() == term) {
                return true;
            }
        }
        return false;
    }

    /** A client command commits when some node's commitIndex covers its index with its term; another entry there means it was lost. */
    private void checkRequests() {
        for (ClientRequest r : requests) {
            if (r.settled) {
                continue;
            }
            for (int i = 0; i < options.nodes() && !r.settled; i++) {
                Raft node = sim.node(i);
                if (node == null || node.view().commitIndex() < r.index || r.index <= node.view().snapshotIndex()) {
                    continue;
                }
                r.settled = true;
                if (node.view().termAt(r.index) == r.term) {
                    r.outcome = "committed at " + sim.now() + " ms (first seen on " + EventText.node(i) + ")";
                    notices.add(new Notice(events(), String.format("%7d ms  COMMITTED '%s' at index %d (term %d), %d ms after it was submitted",
                            sim.now(), r.command, r.index, r.term, sim.now() - r.submittedAt)));
                } else {
                    r.outcome = "lost: index " + r.index + " committed another entry (term " + node.view().termAt(r.index) + ")";
                    notices.add(new Notice(events(), String.format("%7d ms  LOST '%s': index %d committed an entry of term %d instead",
                            sim.now(), r.command, r.index, node.view().termAt(r.index))));
                }
            }
        }
    }

    /** Appends the events recorded since {@code before} (only the kinds in {@code only}, or all) and the notices since {@code noticed}. */
    private void eventsSince(long before, int noticed, Set<TraceEvent.Kind> only, StringBuilder out) {
        List<TraceEvent> events = sim.trace().events();
        int n = noticed;
        for (int i = (int) before; i < events.size(); i++) {
            while (n < notices.size() && notices.get(n).afterEvents() <= i) {
                out.append(notices.get(n++).text()).append('\n');
            }
            if (only == null || only.contains(events.get(i).kind())) {
                out.append(EventText.line(events.get(i))).append('\n');
            }
        }
        while (n < notices.size()) {
            out.append(notices.get(n++).text()).append('\n');
        }
    }

    /** The up node that believes it leads in the highest term, -1 for none. */
    private int leader() {
        int best = -1;
        for (int i = 0; i < options.nodes(); i++) {
            Raft node = sim.node(i);
            if (node != null && node.isLeader() && (best < 0 || node.currentTerm() > sim.node(best).currentTerm())) {
                best = i;
            }
        }
        return best;
    }

    private String leaderLine() {
        List<String> leaders = new ArrayList<>();
        for (int i = 0; i < options.nodes(); i++) {
            Raft node = sim.node(i);
            if (node != null && node.isLeader()) {
                leaders.add(EventText.node(i) + " (term " + node.currentTerm() + ")");
            }
        }
        return leaders.isEmpty() ? "No leader now: " + roles() + "."
                : (leaders.size() == 1 ? "Leader: " : "Nodes that believe they lead: ") + String.join(", ", leaders) + ".";
    }

    private String roles() {
        return IntStream.range(0, options.nodes()).mapToObj(i -> EventText.node(i) + " "
                + (sim.isUp(i) ? role(sim.node(i).view()) + " t" + sim.node(i).view().term() : "down")).collect(Collectors.joining(", "));
    }

    private String nextTimer(int node) {
        List<Simulation.PendingTimer> timers = sim.pendingTimers(node);
        return timers.isEmpty() ? "no timer" : timers.get(0).tag() + " at " + timers.get(0).firesAt() + " ms";
    }

    private String group(int id) {
        if (partition.isEmpty()) {
            return "-";
        }
        return partition.stream().filter(g -> g.contains(id)).findFirst().map(Playground::group).orElse("alone");
    }

    private static String group(List<Integer> members) {
        return "{" + members.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}";
    }

    private static String lastEntries(RaftView v) {
        if (v.lastIndex() == 0) {
            return "(empty)";
        }
        int from = Math.max(v.snapshotIndex() + 1, v.lastIndex() - LAST_ENTRIES_SHOWN + 1);
        String entries = IntStream.rangeClosed(from, v.lastIndex()).mapToObj(i -> i + ":" + v.termAt(i) + " " + v.commandAt(i))
                .collect(Collectors.joining(", "));
        return (from > 1 ? "... " : "") + entries;
    }

    /** How a Raft node looks in the HTML player: its role's colour, its term, its vote, log length and commit index. */
    static HtmlExport.Look look(RaftView v, java.util.function.IntFunction<String> name) {
        return new HtmlExport.Look(true, role(v), "term " + v.term(), role(v) + (v.votedFor() < 0 ? "" : ", voted " + name.apply(v.votedFor()))
                + " | log " + v.lastIndex() + ", commit " + v.commitIndex());
    }

    static String role(RaftView v) {
        return v.role().name().toLowerCase(Locale.ROOT);
    }

    private static long count(List<TraceEvent> events, TraceEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }
}
