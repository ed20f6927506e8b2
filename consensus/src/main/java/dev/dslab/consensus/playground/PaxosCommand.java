package dev.dslab.consensus.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A command that changes a Paxos playground session. Its {@link #text()} is what the session file records and
 * what {@link #parse} reads back. Nodes are named as a learner counts them (a1, p2); the records hold simulator ids.
 */
sealed interface PaxosCommand {

    String text();

    record Step(long events) implements PaxosCommand {
        public String text() {
            return "step " + events;
        }
    }

    record Run(long millis) implements PaxosCommand {
        public String text() {
            return "run " + millis + "ms";
        }
    }

    /** A client asks a proposer to get a value chosen. */
    record Propose(int node, String name, String value) implements PaxosCommand {
        public String text() {
            return "propose " + name + " " + value;
        }
    }

    record Crash(int node, String name) implements PaxosCommand {
        public String text() {
            return "crash " + name;
        }
    }

    record Restart(int node, String name) implements PaxosCommand {
        public String text() {
            return "restart " + name;
        }
    }

    /** Groups of simulator ids, and their text as typed (normalized). */
    record Partition(List<List<Integer>> groups, String spec) implements PaxosCommand {
        public String text() {
            return "partition " + spec;
        }
    }

    record Heal() implements PaxosCommand {
        public String text() {
            return "heal";
        }
    }

    String COMMANDS = "one of step, run, propose, crash, restart, partition, heal";

    static PaxosCommand parse(String line, PaxosOptions options) {
        List<String> words = Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new BadCommandException("no command: " + COMMANDS);
        }
        List<String> args = words.subList(1, words.size());
        return switch (words.get(0)) {
            case "step" -> new Step(args.isEmpty() ? 1 : steps(one(args, "step [N]")));
            case "run" -> new Run(PlaygroundCommand.duration(one(args, "run <duration>, e.g. 'paxos run 200ms'")));
            case "propose" -> propose(args, options);
            case "crash" -> {
                int node = options.node(one(args, "crash <node> (" + options.allowed() + ")"));
                yield new Crash(node, options.name(node));
            }
            case "restart" -> {
                int node = options.node(one(args, "restart <node> (" + options.allowed() + ")"));
                yield new Restart(node, options.name(node));
            }
            case "partition" -> partition(args, options);
            case "heal" -> {
                if (!args.isEmpty()) {
                    throw new BadCommandException("usage: paxos heal (no arguments)");
                }
                yield new Heal();
            }
            default -> throw new BadCommandException("unknown paxos command '" + words.get(0) + "': " + COMMANDS);
        };
    }

    private static long steps(String text) {
        try {
            long n = Long.parseLong(text);
            if (n >= 1 && n <= PlaygroundCommand.MAX_STEPS) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new BadCommandException("step's N (events) is 1 to " + PlaygroundCommand.MAX_STEPS + ", got '" + text + "'");
    }

    private static Propose propose(List<String> args, PaxosOptions options) {
        String usage = "propose <proposer> <value>, e.g. 'paxos propose p1 x'";
        if (args.size() != 2) {
            throw new BadCommandException("expected " + usage + "; got '" + String.join(" ", args) + "'");
        }
        String who = args.get(0).matches("\\d{1,2}") ? "p" + args.get(0) : args.get(0);
        int node = options.node(who);
        if (node < options.acceptors()) {
            throw new BadCommandException(options.name(node) + " is an acceptor; proposals go to a proposer, p1"
                    + (options.proposers() > 1 ? " to p" + options.proposers() : ""));
        }
        if (!PlaygroundCommand.WORD.matcher(args.get(1)).matches()) {
            throw new BadCommandException("a value is 1-32 letters, digits, '.', '_' or '-'; got '" + args.get(1) + "'");
        }
        return new Propose(node, options.name(node), args.get(1));
    }

    private static Partition partition(List<String> args, PaxosOptions options) {
        String usage = "groups of node names separated by spaces, e.g. 'paxos partition a1,a2,p1 a3,p2' (" + options.allowed() + ")";
        if (args.isEmpty()) {
            throw new BadCommandException("partition needs " + usage);
        }
        List<List<Integer>> groups = new ArrayList<>();
        boolean[] seen = new boolean[options.nodes()];
        for (String arg : args) {
            List<Integer> group = new ArrayList<>();
            for (String name : arg.split(",", -1)) {
                int node;
                try {
                    node = options.node(name);
                } catch (BadCommandException e) {
                    throw new BadCommandException("no node '" + name + "' in '" + String.join(" ", args) + "': a partition is " + usage);
                }
                if (seen[node]) {
                    throw new BadCommandException(options.name(node) + " is in two groups of '" + String.join(" ", args) + "'; a node is in one group");
                }
                seen[node] = true;
                group.add(node);
            }
            groups.add(List.copyOf(group));
        }
        String spec = groups.stream().map(g -> g.stream().map(options::name).collect(Collectors.joining(","))).collect(Collectors.joining(" "));
        return new Partition(List.copyOf(groups), spec);
    }

    private static String one(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new BadCommandException("usage: paxos " + usage);
        }
        return args.get(0);
    }
}
