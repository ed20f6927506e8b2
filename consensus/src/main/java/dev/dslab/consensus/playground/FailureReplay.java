package dev.dslab.consensus.playground;

import dev.dslab.consensus.paxos.PaxosNodes;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.Simulation;
import dev.dslab.consensus.sim.Trace;
import dev.dslab.consensus.sim.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A failing harness run as the playground's HTML player shows it: {@code exercise check} runs the failing seed
 * again (a run is a pure function of its seed) with this watching every step, and writes the page. Only the
 * run's last {@link #EVENTS_KEPT} events are kept, so a page stays under about a megabyte however long the run.
 * Nodes are named as the harness's failure messages name them (n0, n1, ...).
 */
public final class FailureReplay implements Simulation.StepListener {
    /** Events kept for the page: the failure is at the end, and 4,000 events are seconds of a busy cluster. */
    public static final int EVENTS_KEPT = 4_000;

    private static final List<List<String>> PAXOS_LEGEND = List.of(List.of("acceptor", "#7a8794"), List.of("proposer", "#f0a030"),
            List.of("learned", "#2e9e5b"), List.of("Prepare / Promise", "#e07b00"), List.of("Accept / Accepted", "#1f5fbf"));

    private final String protocol;
    private final String statePrefix;
    private final List<List<String>> legend;
    private final List<List<String>> messageColors;
    private final Function<Integer, HtmlExport.Look> look;
    private final Trace trace = Trace.keepingLast(EVENTS_KEPT);
    private final ArrayDeque<HtmlExport.Frame> frames = new ArrayDeque<>();
    private Simulation<?> sim;

    private FailureReplay(String protocol, String statePrefix, List<List<String>> legend, List<List<String>> messageColors,
                          Function<Integer, HtmlExport.Look> look) {
        this.protocol = protocol;
        this.statePrefix = statePrefix;
        this.legend = legend;
        this.messageColors = messageColors;
        this.look = look;
    }

    /** For a Raft harness run: each node's role, term, vote, log length and commit index, read from its view. */
    public static FailureReplay raft() {
        FailureReplay[] self = new FailureReplay[1];
        self[0] = new FailureReplay("Raft", "", Playground.LEGEND, Playground.MESSAGE_COLORS,
                id -> Playground.look(((Raft) self[0].sim.node(id)).view(), node -> "n" + node));
        return self[0];
    }

    /** For a single-decree Paxos run: nodes 0 to acceptors - 1 are acceptors, the rest proposers (which learn). */
    public static FailureReplay paxos(int acceptors) {
        FailureReplay[] self = new FailureReplay[1];
        self[0] = new FailureReplay("Paxos", "", PAXOS_LEGEND, PaxosPlayground.MESSAGE_COLORS, id -> {
            Node node = self[0].sim.node(id);
            if (id < acceptors) {
                PaxosNodes.AcceptorView a = (PaxosNodes.AcceptorView) node;
                return new HtmlExport.Look(true, "acceptor", "prom " + a.promised(),
                        "accepted " + (a.acceptedValue() == null ? "none" : a.acceptedBallot() + " = " + a.acceptedValue()));
            }
            String learned = ((PaxosNodes.ProposerView) node).learned();
            return learned == null ? new HtmlExport.Look(true, "proposer", "proposer", "")
                    : new HtmlExport.Look(true, "learned", "learned", "learned " + learned);
        });
        return self[0];
    }

    /** Where the run records its events: hand it to the run. */
    public Trace trace() {
        return trace;
    }

    /** Starts watching the run's simulation (call as soon as it exists, before its first step). */
    public void watch(Simulation<?> simulation) {
        this.sim = simulation;
        simulation.addListener(this);
        afterStep(-1);
    }

    @Override
    public void afterStep(int node) {
        List<HtmlExport.Look> looks = new ArrayList<>(sim.size());
        for (int i = 0; i < sim.size(); i++) {
            looks.add(sim.isUp(i) ? safeLook(i) : new HtmlExport.Look(false, "down", "", ""));
        }
        if (frames.isEmpty() || !frames.getLast().nodes().equals(looks)) {
            // one frame per step at most, so the frames of the kept events are among the last EVENTS_KEPT + 1
            if (frames.size() > EVENTS_KEPT) {
                frames.removeFirst();
            }
            frames.addLast(new HtmlExport.Frame(trace.size() - 1, sim.now(), List.copyOf(looks)));
        }
    }

    /** The learner's code draws the picture too: what it throws is shown rather than stopping the replay. */
    private HtmlExport.Look safeLook(int node) {
        try {
            return look.apply(node);
        } catch (RuntimeException e) {
            return new HtmlExport.Look(true, "?", "?", "its view threw " + e.getClass().getSimpleName());
        }
    }

    /**
     * The page.
     *
     * @param title     what failed: the stage, scenario, seed and property
     * @param reproduce the command that runs the failure again
     */
    public String html(String title, String reproduce, long seed, String network) {
        afterStep(-1); // the step that broke a property threw before this listener saw it
        List<TraceEvent> events = trace.events();
        long firstStep = events.isEmpty() ? 0 : events.get(0).step();
        List<HtmlExport.Frame> shown = new ArrayList<>();
        for (HtmlExport.Frame frame : frames) {
            if (frame.step() <= firstStep && !shown.isEmpty()) {
                shown.clear(); // a later frame still at or before the first event kept describes that moment
            }
            shown.add(frame);
        }
        long start = events.isEmpty() || trace.size() <= EVENTS_KEPT ? 0 : events.get(0).time();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sim.size(); i++) {
            names.add("n" + i);
        }
        long end = events.isEmpty() ? sim.now() : Math.max(sim.now(), events.get(events.size() - 1).time());
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("start", start);
        extras.put("note", trace.size() > events.size()
                ? "Shown: the last " + events.size() + " of the run's " + trace.size() + " events, up to the failure."
                : "The whole run, up to the failure.");
        extras.put("replayLabel", "Run it again: ");
        return HtmlExport.render(new HtmlExport.Player(protocol, title, reproduce, names, seed, network, end, List.of(), legend, messageColors),
                "failure replay", extras, events, shown, e -> EventText.what(e, node -> "n" + node, statePrefix, 0));
    }
}
