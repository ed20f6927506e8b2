package dev.dslab.consensus.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A command that changes a playground session. Its {@link #text()} is what the session file records and what
 * {@link #parse} reads back, so a session is its options plus these lines. Node ids are 1 to N, as a learner
 * counts them (the simulator's are 0 to N-1).
 */
public sealed interface PlaygroundCommand {

    long MAX_STEPS = 10_000;
    long MAX_RUN_MILLIS = 60_000;

    String text();

    /** Runs the next {@code events} simulator events. */
    record Step(long events) implements PlaygroundCommand {
        public String text() {
            return "step " + events;
        }
    }

    /** Advances virtual time by {@code millis}, running every event due. */
    record Run(long millis) implements PlaygroundCommand {
        public String text() {
            return "run " + millis + "ms";
        }
    }

    /** Only nodes of one group reach each other; nodes in no group reach no one. */
    record Partition(List<List<Integer>> groups) implements PlaygroundCommand {
        public String text() {
            return "partition " + groups.stream().map(g -> g.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(" "));
        }
    }

    record Heal() implements PlaygroundCommand {
        public String text() {
            return "heal";
        }
    }

    record Crash(int node) implements PlaygroundCommand {
        public String text() {
            return "crash " + node;
        }
    }

    record Restart(int node) implements PlaygroundCommand {
        public String text() {
            return "restart " + node;
        }
    }

    /** Fires the node's election timer now. */
    record Timeout(int node) implements PlaygroundCommand {
        public String text() {
            return "timeout " + node;
        }
    }

    /**
     * Makes the nodes' election timers fire together, in the order listed: now (at < 0), or at virtual time
     * {@code at}. Candidates that start the same term together each vote for themselves: a split vote.
     */
    record AlignTimers(List<Integer> nodes, long at) implements PlaygroundCommand {
        public String text() {
            return "align-timers " + nodes.stream().map(String::valueOf).collect(Collectors.joining(",")) + (at < 0 ? "" : " at " + at + "ms");
        }
    }

    /** A client's put, sent to {@code node} or, when 0, to the node that believes it leads in the highest term. */
    record ClientPut(String key, String value, int node) implements PlaygroundCommand {
        public String text() {
            return "client put " + key + " " + value + (node == 0 ? "" : " --to " + node);
        }

        String command() {
            return "put " + key + " " + value;
        }
    }

    Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");
    Pattern WORD = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** Reads a command line (without the leading {@code raft}) for a cluster of {@code nodes}. */
    static PlaygroundCommand parse(String line, int nodes) {
        List<String> words = Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new BadCommandException("no command: one of step, run, partition, heal, crash, restart, timeout, align-timers, client put");
        }
        List<String> args = words.subList(1, words.size());
        return switch (words.get(0)) {
            case "step" -> new Step(args.isEmpty() ? 1 : count(one(args, "step [N]"), "step's N (events)", MAX_STEPS));
            case "run" -> new Run(duration(one(args, "run <duration>, e.g. 'raft run 800ms'")));
            case "partition" -> partition(args, nodes);
            case "heal" -> {
                none(args, "heal");
                yield new Heal();
            }
            case "crash" -> new Crash(node(one(args, "crash <node>"), nodes));
            case "restart" -> new Restart(node(one(args, "restart <node>"), nodes));
            case "timeout" -> new Timeout(node(one(args, "timeout <node>"), nodes));
            case "align-timers" -> alignTimers(args, nodes);
            case "client" -> clientPut(args, nodes);
            default -> throw new BadCommandException("unknown raft command '" + words.get(0)
                    + "': one of step, run, partition, heal, crash, restart, timeout, align-timers, client put");
        };
    }

    /** A node id as a learner types it: 1 to {@code nodes}. */
    static int node(String text, int nodes) {
        try {
            int node = Integer.parseInt(text.trim());
            if (node >= 1 && node <= nodes) {
                return node;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new BadCommandException("no node '" + text + "': node ids are 1 to " + nodes);
    }

    /** A duration with its unit: {@code 800ms}, {@code 2s}; at most a minute of virtual time per command. */
    static long duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new BadCommandException("a duration is a whole number with ms or s, e.g. 800ms or 2s; got '" + text + "'");
        }
        long millis = Long.parseLong(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
        if (millis < 1 || millis > MAX_RUN_MILLIS) {
            throw new BadCommandException("run advances 1ms to " + MAX_RUN_MILLIS / 1000 + "s at a time; got " + text);
        }
        return millis;
    }

    private static long count(String text, String what, long max) {
        try {
            long n = Long.parseLong(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new BadCommandException(what + " is 1 to " + max + ", got '" + text + "'");
    }

    private static Partition partition(List<String> args, int nodes) {
        String usage = "groups of node ids separated by spaces, e.g. 'raft partition 1,2 3,4,5' (ids 1 to " + nodes + ")";
        if (args.isEmpty()) {
            throw new BadCommandException("partition needs " + usage);
        }
        List<List<Integer>> groups = new ArrayList<>();
        boolean[] seen = new boolean[nodes + 1];
        for (String arg : args) {
            List<Integer> group = new ArrayList<>();
            for (String id : arg.split(",", -1)) {
                if (!id.matches("\\d{1,3}") || Integer.parseInt(id) < 1 || Integer.parseInt(id) > nodes) {
                    throw new BadCommandException("no node '" + id + "' in '" + String.join(" ", args) + "': a partition is " + usage);
                }
                int node = Integer.parseInt(id);
                if (seen[node]) {
                    throw new BadCommandException("node " + node + " is in two groups of '" + String.join(" ", args) + "'; a node is in one group");
                }
                seen[node] = true;
                group.add(node);
            }
            groups.add(List.copyOf(group));
        }
        return new Partition(List.copyOf(groups));
    }

    private static AlignTimers alignTimers(List<String> args, int nodes) {
        String usage = "align-timers <nodes> [at <time>], e.g. 'raft align-timers 1,2,3' (now) or 'raft align-timers 1,2,3 at 1200ms'";
        if (args.size() != 1 && !(args.size() == 3 && args.get(1).equals("at"))) {
            throw new BadCommandException("usage: raft " + usage);
        }
        List<Integer> ids = new ArrayList<>();
        for (String id : args.get(0).split(",", -1)) {
            int node = node(id, nodes);
            if (ids.contains(node)) {
                throw new BadCommandException("node " + node + " is listed twice in '" + args.get(0) + "'");
            }
            ids.add(node);
        }
        if (ids.size() < 2) {
            throw new BadCommandException("align-timers needs two or more nodes (comma-separated, e.g. 1,2,3); for one, 'raft timeout " + ids.get(0) + "'");
        }
        return new AlignTimers(List.copyOf(ids), args.size() == 3 ? time(args.get(2)) : -1);
    }

    /** A point in virtual time with its unit: {@code 1200ms}, {@code 3s}. */
    static long time(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new BadCommandException("a time is a whole number with ms or s, e.g. 1200ms or 3s; got '" + text + "'");
        }
        return Long.parseLong(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
    }

    private static ClientPut clientPut(List<String> args, int nodes) {
        String usage = "client put <key> <value> [--to <node>], e.g. 'raft client put x 1'";
        if (args.isEmpty() || !args.get(0).equals("put")) {
            throw new BadCommandException("the client knows one operation: " + usage);
        }
        int to = 0;
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        int flag = rest.indexOf("--to");
        if (flag >= 0) {
            if (flag + 1 >= rest.size()) {
                throw new BadCommandException("--to needs a node id, 1 to " + nodes);
            }
            to = node(rest.get(flag + 1), nodes);
            rest.subList(flag, flag + 2).clear();
        }
        if (rest.size() != 2) {
            throw new BadCommandException("expected " + usage + "; got '" + String.join(" ", args) + "'");
        }
        for (String word : rest) {
            if (!WORD.matcher(word).matches()) {
                throw new BadCommandException("a key or value is 1-32 letters, digits, '.', '_' or '-'; got '" + word + "'");
            }
        }
        return new ClientPut(rest.get(0), rest.get(1), to);
    }

    private static String one(List<String> args, String usage) {
        if (args.size() != 1) {
            throw new BadCommandException("usage: raft " + usage);
        }
        return args.get(0);
    }

    private static void none(List<String> args, String usage) {
        if (!args.isEmpty()) {
            throw new BadCommandException("usage: raft " + usage + " (no arguments)");
        }
    }
}
