package dev.dslab.shell.paxos;

import dev.dslab.consensus.playground.PaxosOptions;
import dev.dslab.consensus.playground.PaxosSessions;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.playground.SessionConsole;
import dev.dslab.shell.render.SequenceAnimator;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The Paxos playground: single-decree Paxos's reference acceptors and proposers in the simulator, driven one
 * command at a time. The work is in {@code dev.dslab.consensus.playground}; a session lives in
 * {@code $DSLAB_HOME/paxos/session.json} as its seed, options and commands, replayed by every command.
 */
@Component
public class PaxosCommands {

    private static final String GROUP = "Paxos playground";
    private static final String NODE = "a node: an acceptor a1..aN or a proposer p1..pM";

    private final DslabProperties properties;
    private final SessionConsole console;

    public PaxosCommands(DslabProperties properties, SequenceAnimator animator) {
        this.properties = properties;
        this.console = new SessionConsole("paxos", this::sessions, animator);
    }

    @Command(name = {"paxos", "new"}, group = GROUP,
            description = "Start a new simulated single-decree Paxos (replaces the current session); proposers wait for 'paxos propose'")
    public void create(CommandContext context,
                       @Option(longName = "acceptors", description = "acceptors a1..aN, 1 to 7", defaultValue = "3") Integer acceptors,
                       @Option(longName = "proposers", description = "proposers p1..pM (each also learns), 1 to 5", defaultValue = "2") Integer proposers,
                       @Option(longName = "seed", description = "the simulation's seed: the same seed and commands give the same run",
                               defaultValue = "1") Long seed,
                       @Option(longName = "network", description = "reliable (1-5 ms, nothing lost) or unreliable (labrpc's: 0-26 ms, "
                               + "10 % lost, 5 % duplicated)", defaultValue = "reliable") String network) {
        console.print(context, () -> sessions().start(new PaxosOptions(acceptors, proposers, seed, network)));
    }

    @Command(name = {"paxos", "step"}, group = GROUP, description = "Run the next N events (default 1), printing each")
    public void step(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "step", words);
    }

    @Command(name = {"paxos", "run"}, group = GROUP,
            description = "Advance virtual time, e.g. 'paxos run 200ms' (at most 60s); prints state changes and what is chosen")
    public void run(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "run", words);
    }

    @Command(name = {"paxos", "state"}, group = GROUP,
            description = "Each acceptor's promise and accepted proposal, each proposer's phase, ballot, value and what it learned; the value chosen; the messages in flight")
    public void state(CommandContext context) {
        console.state(context);
    }

    @Command(name = {"paxos", "propose"}, group = GROUP,
            description = "A client asks a proposer to get a value chosen, e.g. 'paxos propose p1 x': it starts phase 1 with a new ballot")
    public void propose(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "propose", words);
    }

    @Command(name = {"paxos", "partition"}, group = GROUP,
            description = "Split the network into groups, e.g. 'paxos partition a1,a2,p1 a3,p2'; a node in no group reaches no one")
    public void partition(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "partition", words);
    }

    @Command(name = {"paxos", "heal"}, group = GROUP, description = "Reconnect every node (undoes 'paxos partition')")
    public void heal(CommandContext context) {
        console.apply(context, "heal", List.of());
    }

    @Command(name = {"paxos", "crash"}, group = GROUP, description = "Crash a node: only what it persisted survives")
    public void crash(CommandContext context, @Argument(index = 0, description = NODE) String node) {
        console.apply(context, "crash", node == null ? List.of() : List.of(node));
    }

    @Command(name = {"paxos", "restart"}, group = GROUP, description = "Boot a crashed node from its persister")
    public void restart(CommandContext context, @Argument(index = 0, description = NODE) String node) {
        console.apply(context, "restart", node == null ? List.of() : List.of(node));
    }

    @Command(name = {"paxos", "export"}, group = GROUP,
            description = "Write the session as a page animating its trace (--html) or its events as JSON lines (--jsonl); prints the path")
    public void export(CommandContext context,
                       @Option(longName = "html", description = "one self-contained HTML page: nodes, moving messages, timeline, play/pause") Boolean html,
                       @Option(longName = "jsonl", description = "every trace event as a JSON line (the simulator's node ids: acceptors from 0, then proposers)") Boolean jsonl,
                       @Option(longName = "out", description = "the file to write (default: $DSLAB_HOME/paxos/session.html or trace.jsonl)") String out) {
        console.export(context, html, jsonl, out);
    }

    @Command(name = {"paxos", "animate"}, group = GROUP,
            description = "Replay the session as a message-sequence diagram, a frame per step on a terminal (q or Ctrl-C stops); the whole diagram when output is not a terminal")
    public void animate(CommandContext context,
                        @Option(longName = "delay", description = "milliseconds between frames, 10 to 5000", defaultValue = "150") Integer delay,
                        @Option(longName = "last", description = "only the last N rows of the diagram (default: all)", defaultValue = "0") Integer last) {
        console.animate(context, delay, last);
    }

    private PaxosSessions sessions() {
        return new PaxosSessions(properties.home().resolve("paxos"));
    }
}
