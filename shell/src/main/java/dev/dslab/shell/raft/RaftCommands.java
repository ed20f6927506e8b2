package dev.dslab.shell.raft;

import dev.dslab.consensus.playground.RaftSessions;
import dev.dslab.consensus.playground.SessionOptions;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.playground.SessionConsole;
import dev.dslab.shell.render.SequenceAnimator;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;

/**
 * The Raft playground: a simulated cluster running the reference Raft, driven one command at a time. The work is
 * in {@code dev.dslab.consensus.playground}; a session lives in {@code $DSLAB_HOME/raft/session.json} as its seed,
 * options and commands, and every command replays it, so one-shot commands and the interactive shell share it.
 */
@Component
public class RaftCommands {

    private static final String GROUP = "Raft playground";
    private static final String NODE = "a node id, 1 to the cluster's size";

    private final DslabProperties properties;
    private final SessionConsole console;

    public RaftCommands(DslabProperties properties, SequenceAnimator animator) {
        this.properties = properties;
        this.console = new SessionConsole("raft", this::sessions, animator);
    }

    @Command(name = {"raft", "new"}, group = GROUP,
            description = "Start a new simulated Raft cluster (replaces the current session); every node boots as a follower")
    public void create(CommandContext context,
                       @Option(longName = "nodes", description = "cluster size, 1 to 9", defaultValue = "5") Integer nodes,
                       @Option(longName = "seed", description = "the simulation's seed: the same seed and commands give the same run",
                               defaultValue = "1") Long seed,
                       @Option(longName = "network", description = "reliable (1-5 ms, nothing lost) or unreliable (labrpc's: 0-26 ms, "
                               + "10 % lost, 5 % duplicated)", defaultValue = "reliable") String network) {
        console.print(context, () -> sessions().start(new SessionOptions(nodes, seed, network)));
    }

    @Command(name = {"raft", "step"}, group = GROUP, description = "Run the next N events (default 1), printing each")
    public void step(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "step", words);
    }

    @Command(name = {"raft", "run"}, group = GROUP,
            description = "Advance virtual time, e.g. 'raft run 800ms' (at most 60s); prints state changes and a summary")
    public void run(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "run", words);
    }

    @Command(name = {"raft", "state"}, group = GROUP,
            description = "Every node's role, term, vote, log, commitIndex, lastApplied, up/down and group; the messages in flight")
    public void state(CommandContext context) {
        console.state(context);
    }

    @Command(name = {"raft", "partition"}, group = GROUP,
            description = "Split the network into groups, e.g. 'raft partition 1,2 3,4,5'; a node in no group reaches no one")
    public void partition(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "partition", words);
    }

    @Command(name = {"raft", "heal"}, group = GROUP, description = "Reconnect every node (undoes 'raft partition')")
    public void heal(CommandContext context) {
        console.apply(context, "heal", List.of());
    }

    @Command(name = {"raft", "crash"}, group = GROUP, description = "Crash a node: only what it persisted survives")
    public void crash(CommandContext context, @Argument(index = 0, description = NODE) String node) {
        console.apply(context, "crash", node == null ? List.of() : List.of(node));
    }

    @Command(name = {"raft", "restart"}, group = GROUP, description = "Boot a crashed node from its persister")
    public void restart(CommandContext context, @Argument(index = 0, description = NODE) String node) {
        console.apply(context, "restart", node == null ? List.of() : List.of(node));
    }

    @Command(name = {"raft", "timeout"}, group = GROUP, description = "Fire a node's election timer now (it starts an election)")
    public void timeout(CommandContext context, @Argument(index = 0, description = NODE) String node) {
        console.apply(context, "timeout", node == null ? List.of() : List.of(node));
    }

    @Command(name = {"raft", "align-timers"}, group = GROUP,
            description = "Fire nodes' election timers together to force a split vote: 'raft align-timers 1,2,3' (now) or '... at 1200ms'")
    public void alignTimers(CommandContext context, @Arguments List<String> words) {
        console.apply(context, "align-timers", words);
    }

    @Command(name = {"raft", "client", "put"}, group = GROUP,
            description = "Submit 'put <key> <value>' to the leader (or --to a node); 'raft step'/'raft run' show when it commits")
    public void clientPut(CommandContext context, @Arguments List<String> words,
                          @Option(longName = "to", description = "send to this node whatever its role (default: the leader)") String to) {
        List<String> args = new java.util.ArrayList<>(words == null ? List.of() : words);
        args.add(0, "put");
        if (to != null) {
            args.addAll(List.of("--to", to));
        }
        console.apply(context, "client", args);
    }

    @Command(name = {"raft", "export"}, group = GROUP,
            description = "Write the session as a page animating its trace (--html) or its events as JSON lines (--jsonl); prints the path")
    public void export(CommandContext context,
                       @Option(longName = "html", description = "one self-contained HTML page: nodes, moving messages, timeline, play/pause") Boolean html,
                       @Option(longName = "jsonl", description = "every trace event as a JSON line (the simulator's node ids, from 0)") Boolean jsonl,
                       @Option(longName = "out", description = "the file to write (default: $DSLAB_HOME/raft/session.html or trace.jsonl)") String out) {
        console.export(context, html, jsonl, out);
    }

    @Command(name = {"raft", "animate"}, group = GROUP,
            description = "Replay the session as a message-sequence diagram, a frame per step on a terminal (q or Ctrl-C stops); the whole diagram when output is not a terminal")
    public void animate(CommandContext context,
                        @Option(longName = "delay", description = "milliseconds between frames, 10 to 5000", defaultValue = "150") Integer delay,
                        @Option(longName = "last", description = "only the last N rows of the diagram (default: all)", defaultValue = "0") Integer last) {
        console.animate(context, delay, last);
    }

    private RaftSessions sessions() {
        return new RaftSessions(directory());
    }

    private Path directory() {
        return properties.home().resolve("raft");
    }
}
