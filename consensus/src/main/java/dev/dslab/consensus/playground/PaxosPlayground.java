package dev.dslab.consensus.playground;

import dev.dslab.consensus.paxos.Acceptor;
import dev.dslab.consensus.paxos.Ballot;
import dev.dslab.consensus.paxos.Proposer;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Single-decree Paxos ("Paxos Made Simple", Lamport 2001) a learner drives one command at a time: the reference
 * acceptors a1..aN and proposers p1..pM (each proposer also learns) in the deterministic simulator. Proposers
 * wait for a client's {@code propose}; then they run phase 1 and 2 and retry with a higher ballot until a
 * majority accepts. The playground watches every acceptor and says when a value is chosen (accepted by a
 * majority under one ballot), which no single node knows at that moment.
 */
public final class PaxosPlayground implements SimulatedSession {
    private static final Set<TraceEvent.Kind> NOTABLE = EnumSet.of(TraceEvent.Kind.STATE, TraceEvent.Kind.CRASH,
            TraceEvent.Kind.RESTART, TraceEvent.Kind.NETWORK, TraceEvent.Kind.CLIENT);
    private static final int IN_FLIGHT_SHOWN = 15;
    private static final String STATE_PREFIX = "";
    private static final List<List<String>> LEGEND = List.of(List.of("acceptor", "#7a8794"), List.of("idle", "#b8c2cc"),
            List.of("prepare", "#f0a030"), List.of("accept", "#2f6fd6"), List.of("waiting", "#9b59b6"), List.of("learned", "#2e9e5b"),
            List.of("Prepare / Promise", "#e07b00"), List.of("Accept / Accepted", "#1f5fbf"), List.of("Nack", "#8e44ad"));
    static final List<List<String>> MESSAGE_COLORS = List.of(List.of("Prepare|Promise", "#e07b00"),
            List.of("Accept", "#1f5fbf"), List.of("Nack", "#8e44ad"));

    private record Notice(long afterEvents, String text) {
    }

    private final PaxosOptions options;
    private final Simulation<Node> sim;
    private final List<String> applied = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final List<HtmlExport.Frame> frames = new ArrayList<>();
    private final TraceDigest digest = new TraceDigest();
    private final Map<Ballot, BitSet> acceptedBy = new HashMap<>();
    private String partition = "";
    private String chosen;
    private Ballot chosenBallot;
    private long chosenAt;

    private PaxosPlayground(PaxosOptions options) {
        this.options = options;
        int acceptors = options.acceptors();
        this.sim = new Simulation<>(options.seed(), options.nodes(),
                id -> id < acceptors ? Acceptor.reference() : Proposer.idle(acceptors, id - acceptors + 1), options.profile(), Trace.full());
        sim.addListener(this::afterStep);
        sim.start();
    }

    /** A new session: every node booted, proposers idle until a client proposes. */
    public static PaxosPlayground start(PaxosOptions options) {
        return new PaxosPlayground(options);
    }

    public PaxosOptions options() {
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
    public List<TraceEvent> trace() {
        return sim.trace().events();
    }

    @Override
    public List<String> nodeNames() {
        return options.names();
    }

    /** The value chosen so far, null while none is. */
    public String chosen() {
        return chosen;
    }

    @Override
    public String apply(String commandLine) {
        PaxosCommand command = PaxosCommand.parse(commandLine, options);
        String out;
        if (command instanceof PaxosCommand.Step s) {
            out = step(s.events());
        } else if (command instanceof PaxosCommand.Run r) {
            out = run(r.millis());
        } else if (command instanceof PaxosCommand.Propose p) {
            out = propose(p.node(), p.value());
        } else if (command instanceof PaxosCommand.Crash c) {
            out = crash(c.node());
        } else if (command instanceof PaxosCommand.Restart r) {
            out = restart(r.node());
        } else if (command instanceof PaxosCommand.Partition p) {
            out = partition(p);
        } else {
            sim.heal();
            partition = "";
            out = "Healed: every node reaches every other (messages still in flight arrive).\n";
        }
        applied.add(command.text());
        return out;
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    private String step(long count) {
        long before = events();
        int noticed = notices.size();
        long done = 0;
        while (done < count && sim.step()) {
            done++;
        }
        StringBuilder out = new StringBuilder();
        eventsSince(before, noticed, null, out);
        if (done < count) {
            out.append(done == 0 ? "Nothing is left to happen" : "Nothing more is left to happen")
                    .append(": no message in flight and no timer running (an idle proposer waits for 'paxos propose').\n");
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
        out.append(chosenLine()).append('\n');
        return out.toString();
    }

    private String propose(int node, String value) {
        String name = options.name(node);
        if (!sim.isUp(node)) {
            return name + " is down: a client cannot reach it; nothing was sent. 'paxos restart " + name + "' boots it.\n";
        }
        long before = events();
        int noticed = notices.size();
        sim.call(node, "propose " + value, proposer -> {
            ((Proposer) proposer).propose(value);
            return "ballot " + ((Proposer) proposer).ballot();
        });
        Proposer proposer = proposer(node);
        StringBuilder out = new StringBuilder();
        out.append(name).append(" proposes '").append(value).append("' with ballot ").append(proposer.ballot())
                .append(" (round ").append(proposer.ballot().round()).append(" of proposer ").append(proposer.ballot().proposer())
                .append("): phase 1 asks every acceptor to promise it. The value chosen may be another one, if a promise reports one accepted.\n");
        eventsSince(before, noticed, null, out);
        return out.toString();
    }

    private String crash(int node) {
        String name = options.name(node);
        if (!sim.isUp(node)) {
            return name + " is down already; 'paxos restart " + name + "' boots it.\n";
        }
        sim.crash(node);
        return name + " crashed: its timers and the messages to it are gone; its persister keeps "
                + (node < options.acceptors() ? "its promise and accepted proposal" : "the last round it used (never reuse a ballot)")
                + " (" + sim.persister(node).stateSize() + " B).\n";
    }

    private String restart(int node) {
        String name = options.name(node);
        if (sim.isUp(node)) {
            return name + " is running; 'paxos crash " + name + "' first.\n";
        }
        sim.restart(node);
        if (node < options.acceptors()) {
            Acceptor a = acceptor(node);
            return name + " restarted from its persister: promised " + a.promised() + ", accepted " + accepted(a) + ".\n";
        }
        return name + " restarted from its persister: idle (the client's value was in memory only), next ballot above round "
                + roundPersisted(node) + ".\n";
    }

    private String partition(PaxosCommand.Partition p) {
        sim.partition(p.groups().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new));
        partition = p.spec();
        List<String> alone = IntStream.range(0, options.nodes()).filter(i -> p.groups().stream().noneMatch(g -> g.contains(i)))
                .mapToObj(options::name).toList();
        return "Partitioned: " + p.groups().stream().map(this::group).collect(Collectors.joining(" | "))
                + (alone.isEmpty() ? "" : "; " + String.join(", ", alone) + " reach no one")
                + ". Messages across groups are dropped, including those already in flight.\n";
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    @Override
    public String state() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Paxos session: %d acceptors, %d proposers, seed %d, %s network, at %d ms (%d events, %d commands)%n",
                options.acceptors(), options.proposers(), options.seed(), options.network(), sim.now(), events(), applied.size()));
        TextTable acceptors = new TextTable("ACCEPTOR", "STATUS", "PROMISED", "ACCEPTED (ballot = value)", "GROUP");
        for (int i = 0; i < options.acceptors(); i++) {
            if (!sim.isUp(i)) {
                acceptors.row(options.name(i), "down", "-", "-", group(i));
            } else {
                Acceptor a = acceptor(i);
                acceptors.row(options.name(i), "up", a.promised(), accepted(a), group(i));
            }
        }
        out.append(acceptors.render(""));
        TextTable proposers = new TextTable("PROPOSER", "STATUS", "PHASE", "BALLOT", "CLIENT VALUE", "PROPOSING", "PROMISES", "ACCEPTS",
                "LEARNED", "GROUP", "NEXT TIMER");
        for (int i = options.acceptors(); i < options.nodes(); i++) {
            if (!sim.isUp(i)) {
                proposers.row(options.name(i), "down", "-", "-", "-", "-", "-", "-", "-", group(i), "-");
                continue;
            }
            Proposer p = proposer(i);
            proposers.row(options.name(i), "up", phase(p), p.ballot(), dash(p.value()), dash(p.proposed()),
                    p.promises() + "/" + options.acceptors(), p.accepts() + "/" + options.acceptors(), dash(p.learned()), group(i), nextTimer(i));
        }
        out.append(proposers.render(""));
        out.append(chosenLine()).append('\n');
        List<Simulation.InFlight> flying = sim.inFlight();
        if (flying.isEmpty()) {
            out.append("No messages in flight.\n");
        } else {
            out.append("Messages in flight (").append(flying.size()).append("):\n");
            TextTable table = new TextTable("#", "FROM", "TO", "SENT", "ARRIVES", "MESSAGE");
            for (Simulation.InFlight m : flying.subList(0, Math.min(IN_FLIGHT_SHOWN, flying.size()))) {
                table.row("#" + m.messageId(), options.name(m.from()), options.name(m.to()), m.sentAt() + " ms",
                        m.deliverAt() + " ms" + (m.duplicate() ? " (dup)" : ""), m.message());
            }
            out.append(table.render("  "));
            if (flying.size() > IN_FLIGHT_SHOWN) {
                out.append("  ... and ").append(flying.size() - IN_FLIGHT_SHOWN).append(" more\n");
            }
        }
        return out.toString();
    }

    @Override
    public String html() {
        String title = options.acceptors() + " acceptors, " + options.proposers() + " proposers, seed " + options.seed() + ", "
                + applied.size() + " commands";
        return HtmlExport.render(new HtmlExport.Player("Paxos", title, "paxos new --acceptors " + options.acceptors() + " --proposers "
                        + options.proposers() + " --seed " + options.seed() + " --network " + options.network(), nodeNames(), options.seed(),
                        options.network(), sim.now(), commands(), LEGEND, MESSAGE_COLORS),
                trace(), frames, this::what);
    }

    /** An event as a line without its time, nodes named a1, p1. */
    String what(TraceEvent event) {
        return EventText.what(event, options::name, STATE_PREFIX);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void afterStep(int node) {
        if (node >= 0 && node < options.acceptors() && sim.isUp(node)) {
            watchAcceptor(node);
        }
        List<HtmlExport.Look> looks = new ArrayList<>(options.nodes());
        for (int i = 0; i < options.nodes(); i++) {
            if (!sim.isUp(i)) {
                looks.add(new HtmlExport.Look(false, "down", "", ""));
            } else if (i < options.acceptors()) {
                Acceptor a = acceptor(i);
                looks.add(new HtmlExport.Look(true, "acceptor", "prom " + a.promised(), "accepted " + accepted(a)));
            } else {
                Proposer p = proposer(i);
                String phase = p.phase().name().toLowerCase(Locale.ROOT);
                looks.add(new HtmlExport.Look(true, phase, p.ballot().equals(Ballot.ZERO) ? "idle" : "b " + p.ballot(),
                        p.phase() == Proposer.Phase.LEARNED ? "learned " + p.learned()
                                : phase + (p.proposed() == null ? "" : " " + p.proposed()) + (p.learned() == null ? "" : " | learned " + p.learned())));
            }
        }
        if (frames.isEmpty() || !frames.get(frames.size() - 1).nodes().equals(looks)) {
            frames.add(new HtmlExport.Frame(events() - 1, sim.now(), List.copyOf(looks)));
        }
    }

    /** A value is chosen once a majority of acceptors accepted it under one ballot ("Paxos Made Simple" 2.1). */
    private void watchAcceptor(int node) {
        Acceptor a = acceptor(node);
        if (a.acceptedValue() == null) {
            return;
        }
        BitSet by = acceptedBy.computeIfAbsent(a.acceptedBallot(), b -> new BitSet());
        by.set(node);
        if (chosen == null && by.cardinality() > options.acceptors() / 2) {
            chosen = a.acceptedValue();
            chosenBallot = a.acceptedBallot();
            chosenAt = sim.now();
            notices.add(new Notice(events(), String.format("%7d ms  CHOSEN '%s' under ballot %s: a majority (%s) accepted it. No node knows yet; "
                    + "a proposer learns it from the Accepted replies.", sim.now(), chosen, chosenBallot, acceptors(by))));
        }
    }

    private String chosenLine() {
        if (chosen == null) {
            return "Chosen: nothing yet (no majority of acceptors accepted one ballot's value).";
        }
        List<String> learned = IntStream.range(options.acceptors(), options.nodes())
                .filter(i -> sim.isUp(i) && proposer(i).learned() != null).mapToObj(options::name).toList();
        return "Chosen: '" + chosen + "' under ballot " + chosenBallot + " at " + chosenAt + " ms (accepted by "
                + acceptors(acceptedBy.get(chosenBallot)) + "); learned by " + (learned.isEmpty() ? "no proposer yet" : String.join(", ", learned)) + ".";
    }

    private String acceptors(BitSet by) {
        return by.stream().mapToObj(options::name).collect(Collectors.joining(", "));
    }

    private void eventsSince(long before, int noticed, Set<TraceEvent.Kind> only, StringBuilder out) {
        List<TraceEvent> events = sim.trace().events();
        int n = noticed;
        for (int i = (int) before; i < events.size(); i++) {
            while (n < notices.size() && notices.get(n).afterEvents() <= i) {
                out.append(notices.get(n++).text()).append('\n');
            }
            if (only == null || only.contains(events.get(i).kind())) {
                out.append(EventText.line(events.get(i), options::name, STATE_PREFIX)).append('\n');
            }
        }
        while (n < notices.size()) {
            out.append(notices.get(n++).text()).append('\n');
        }
    }

    private Acceptor acceptor(int node) {
        return (Acceptor) sim.node(node);
    }

    private Proposer proposer(int node) {
        return (Proposer) sim.node(node);
    }

    private int roundPersisted(int node) {
        byte[] state = sim.persister(node).readState();
        return state.length < 4 ? 0 : java.nio.ByteBuffer.wrap(state).getInt();
    }

    private static String accepted(Acceptor a) {
        return a.acceptedValue() == null ? "nothing" : a.acceptedBallot() + " = " + a.acceptedValue();
    }

    private static String phase(Proposer p) {
        return switch (p.phase()) {
            case IDLE -> "idle";
            case WAITING -> "waiting to retry";
            case PREPARE -> "1 (prepare)";
            case ACCEPT -> "2 (accept)";
            case LEARNED -> "learned";
        };
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    private String nextTimer(int node) {
        List<Simulation.PendingTimer> timers = sim.pendingTimers(node);
        return timers.isEmpty() ? "no timer" : "retry at " + timers.get(0).firesAt() + " ms";
    }

    private String group(int node) {
        if (partition.isEmpty()) {
            return "-";
        }
        for (String g : partition.split(" ")) {
            if (List.of(g.split(",")).contains(options.name(node))) {
                return "{" + g + "}";
            }
        }
        return "alone";
    }

    private String group(List<Integer> members) {
        return "{" + members.stream().map(options::name).collect(Collectors.joining(",")) + "}";
    }

    private static long count(List<TraceEvent> events, TraceEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }
}
