package dev.dslab.consensus.exercise;

import dev.dslab.consensus.harness.Cluster;
import dev.dslab.consensus.harness.Harness;
import dev.dslab.consensus.harness.Outcome;
import dev.dslab.consensus.harness.Scenario;
import dev.dslab.consensus.harness.Scenarios;
import dev.dslab.consensus.paxos.Ballot;
import dev.dslab.consensus.paxos.PaxosNodes;
import dev.dslab.consensus.paxos.PaxosScenarios;
import dev.dslab.consensus.playground.FailureReplay;
import dev.dslab.consensus.raft.ApplyChannel;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.sim.Node;
import dev.dslab.consensus.sim.NodeContext;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The child JVM {@code exercise check} runs the learner's code in, so that an infinite loop or a
 * {@code System.exit} in it cannot hang or end dslab: {@code CheckMain TRACK OUTPUT REPLAYS STAGE SEEDS FIRST_SEED SCENARIO...}
 * (TRACK raft: the class raft.MyRaft; paxos: paxos.MyAcceptor and paxos.MyProposer).
 * Speaks a line protocol on its standard output ({@link CheckProtocol}); the learner's own prints go to OUTPUT. A
 * scenario's first failing seed runs again, watched, and is written as an HTML replay into the REPLAYS directory.
 * Ends itself when its standard input closes, so it never outlives the dslab that started it.
 */
public final class CheckMain {

    /** What the learner's code threw last: the harness keeps only its message, the learner wants the line. */
    private static final Throwable[] LAST_THROWN = new Throwable[1];

    /** One run of a scenario on a seed, whatever the protocol. */
    private record Run(String property, String message, List<String> excerpt, long simulatedMillis) {
        boolean passed() {
            return property == null;
        }
    }

    /** Runs a protocol's scenarios against the learner's classes. */
    private interface Runner {
        Run run(String scenario, long seed);

        /** The same run again with every step watched, as an HTML page. */
        Replayed replay(String scenario, long seed, String title, String reproduce);
    }

    private record Replayed(String html, String property) {
    }

    private CheckMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream learnerOutput = new PrintStream(new FileOutputStream(Path.of(args[1]).toFile(), true), true, StandardCharsets.UTF_8);
        System.setOut(learnerOutput);
        System.setErr(learnerOutput);
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // dslab never writes: only the end of the stream matters
                }
            } catch (IOException ignored) {
                // the parent is gone either way
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();

        Runner runner;
        try {
            runner = Track.of(args[0]) == Track.PAXOS ? paxosRunner() : raftRunner(factory(Workspace.PEER_CLASS));
        } catch (ExerciseException e) {
            protocol.println(CheckProtocol.ERROR + " " + CheckProtocol.oneLine(e.getMessage()));
            protocol.flush();
            System.exit(1);
            return;
        }
        Path replays = Path.of(args[2]);
        String stage = args[3];
        int seeds = Integer.parseInt(args[4]);
        long firstSeed = Long.parseLong(args[5]);
        for (int i = 6; i < args.length; i++) {
            String scenario = args[i];
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                protocol.println(CheckProtocol.RUN + " " + scenario + " " + seed);
                Run outcome;
                try {
                    outcome = runner.run(scenario, seed);
                } catch (Throwable thrown) {
                    // the harness reports what nodes throw; this is what the learner's code threw into the tester itself
                    protocol.println(CheckProtocol.FAIL + " " + scenario + " " + seed + " 0");
                    protocol.println(CheckProtocol.PROPERTY + " your code threw");
                    protocol.println(CheckProtocol.MESSAGE + " " + CheckProtocol.oneLine(describe(thrown)));
                    protocol.println(CheckProtocol.END);
                    break;
                }
                if (outcome.passed()) {
                    protocol.println(CheckProtocol.PASS + " " + scenario + " " + seed + " " + outcome.simulatedMillis());
                    continue;
                }
                String where = where(outcome);
                protocol.println(CheckProtocol.REPLAYING + " " + scenario + " " + seed);
                Path replay = writeReplay(runner, scenario, seed, outcome, replays, stage);
                protocol.println(CheckProtocol.FAIL + " " + scenario + " " + seed + " " + outcome.simulatedMillis());
                protocol.println(CheckProtocol.PROPERTY + " " + CheckProtocol.oneLine(outcome.property()));
                protocol.println(CheckProtocol.MESSAGE + " " + CheckProtocol.oneLine(outcome.message() + where));
                for (String line : outcome.excerpt()) {
                    protocol.println(CheckProtocol.EVENT + " " + CheckProtocol.oneLine(line));
                }
                if (replay != null) {
                    protocol.println(CheckProtocol.REPLAY + " " + replay);
                }
                protocol.println(CheckProtocol.END);
                break; // the first failing seed of a scenario is the one to debug; go on with the next scenario
            }
        }
        protocol.println(CheckProtocol.DONE);
        protocol.flush();
        System.exit(0);
    }

    // ---- the protocols --------------------------------------------------------------------------------------------

    private static Runner raftRunner(RaftFactory factory) {
        return new Runner() {
            @Override
            public Run run(String name, long seed) {
                Outcome outcome = Harness.run(factory, Scenarios.named(name).orElseThrow(), seed);
                return new Run(outcome.property(), outcome.message(), outcome.excerpt(), outcome.simulatedMillis());
            }

            @Override
            public Replayed replay(String name, long seed, String title, String reproduce) {
                Scenario scenario = Scenarios.named(name).orElseThrow();
                FailureReplay replay = FailureReplay.raft();
                Outcome again = Harness.run(factory, scenario, seed, Cluster.STEP_BUDGET, replay.trace(), replay::watch);
                return new Replayed(replay.html(title, reproduce, seed, scenario.reliable() ? "reliable" : "unreliable"), again.property());
            }
        };
    }

    private static Runner paxosRunner() {
        Constructor<?> acceptor = constructor(Workspace.ACCEPTOR_CLASS, PaxosNodes.AcceptorView.class, "(int me)", int.class);
        Constructor<?> proposer = constructor(Workspace.PROPOSER_CLASS, PaxosNodes.ProposerView.class, "(int me, int acceptors, String value)",
                int.class, int.class, String.class);
        PaxosNodes nodes = new PaxosNodes() {
            @Override
            public AcceptorView acceptor(int id) {
                return new WatchedAcceptor((AcceptorView) create(acceptor, id));
            }

            @Override
            public ProposerView proposer(int id, int acceptors, String value) {
                return new WatchedProposer((ProposerView) create(proposer, id, acceptors, value));
            }
        };
        return new Runner() {
            @Override
            public Run run(String name, long seed) {
                PaxosScenarios.Outcome outcome = PaxosScenarios.run(nodes, PaxosScenarios.named(name).orElseThrow(), seed);
                return new Run(outcome.property(), outcome.message(), outcome.excerpt(), outcome.simulatedMillis());
            }

            @Override
            public Replayed replay(String name, long seed, String title, String reproduce) {
                PaxosScenarios.Scenario scenario = PaxosScenarios.named(name).orElseThrow();
                FailureReplay replay = FailureReplay.paxos(scenario.acceptors());
                PaxosScenarios.Outcome again = PaxosScenarios.run(nodes, scenario, seed, replay.trace(), replay::watch);
                return new Replayed(replay.html(title, reproduce, seed, scenario.lossy() ? "unreliable, long reordering" : "reliable"),
                        again.property());
            }
        };
    }

    /**
     * Runs the failing seed again with every step watched and writes it as an HTML page:
     * {@code <replays>/<stage>-<scenario>-seed<N>.html}. Null (and the reason in the learner's output) when it cannot.
     */
    private static Path writeReplay(Runner runner, String scenario, long seed, Run failed, Path replays, String stage) {
        try {
            String title = stage + " " + scenario + ", seed " + seed + ": " + failed.property();
            Replayed replayed = runner.replay(scenario, seed, title,
                    "dslab exercise check " + stage + " --seed " + seed + " --scenario " + scenario);
            String html = replayed.html();
            if (!failed.property().equals(replayed.property())) {
                String otherwise = " (this rerun ended otherwise: " + (replayed.property() == null ? "it passed" : replayed.property())
                        + "; does your code read the clock or iterate a hash of objects?)";
                html = html.replace(title, title + otherwise);
            }
            Files.createDirectories(replays);
            Path file = replays.resolve(stage + "-" + scenario + "-seed" + seed + ".html");
            Files.writeString(file, html, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (Throwable e) {
            System.err.println("dslab: the HTML replay of " + scenario + " seed " + seed + " was not written: " + e);
            return null;
        }
    }

    // ---- the learner's classes -------------------------------------------------------------------------------------

    static RaftFactory factory(String className) {
        Constructor<?> constructor = constructor(className, Raft.class, "(int me, ApplyChannel applyCh)", int.class, ApplyChannel.class);
        return (id, applyChannel) -> new Watched((Raft) create(constructor, id, applyChannel));
    }

    private static Constructor<?> constructor(String className, Class<?> api, String parameters, Class<?>... types) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExerciseException("no class " + className + " in your sources (src/main/java/"
                    + className.replace('.', '/') + ".java): the harness creates your nodes from it");
        }
        if (!api.isAssignableFrom(type)) {
            throw new ExerciseException(className + " does not implement " + api.getName().replace('$', '.'));
        }
        try {
            return type.getConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new ExerciseException(className + " needs a public constructor " + type.getSimpleName()
                    + parameters + ": the harness calls it at every boot of a node");
        }
    }

    private static Object create(Constructor<?> constructor, Object... arguments) {
        try {
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            LAST_THROWN[0] = e.getCause();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For a node that threw: the line of the learner's code it threw from, which the harness's message lacks. */
    private static String where(Run outcome) {
        Throwable thrown = LAST_THROWN[0];
        LAST_THROWN[0] = null;
        if (thrown == null || !"node failure".equals(outcome.property())) {
            return "";
        }
        String described = describe(thrown);
        int at = described.lastIndexOf(" at ");
        return at < 0 ? "" : described.substring(at);
    }

    private static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder(thrown.toString());
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (!frame.getClassName().startsWith("dev.dslab.") && !frame.getClassName().startsWith("java.")
                    && !frame.getClassName().startsWith("jdk.")) {
                text.append(" at ").append(frame);
                break;
            }
        }
        return text.toString();
    }

    private static <T> T watch(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            LAST_THROWN[0] = e;
            throw e;
        }
    }

    private static void watch(Runnable call) {
        watch(() -> {
            call.run();
            return null;
        });
    }

    /** The learner's peer, unchanged, except that what it throws is remembered on its way to the harness. */
    private record Watched(Raft peer) implements Raft {
        @Override
        public void boot(NodeContext context) {
            watch(() -> peer.boot(context));
        }

        @Override
        public void onMessage(int from, Object message) {
            watch(() -> peer.onMessage(from, message));
        }

        @Override
        public void onTimer(Object tag) {
            watch(() -> peer.onTimer(tag));
        }

        @Override
        public dev.dslab.consensus.raft.Proposal start(String command) {
            return watch(() -> peer.start(command));
        }

        @Override
        public int currentTerm() {
            return watch(peer::currentTerm);
        }

        @Override
        public boolean isLeader() {
            return watch(peer::isLeader);
        }

        @Override
        public void snapshot(int index, byte[] snapshot) {
            watch(() -> peer.snapshot(index, snapshot));
        }

        @Override
        public dev.dslab.consensus.raft.RaftView view() {
            return watch(peer::view);
        }
    }

    /** The learner's node as the simulator drives it, remembering what it throws. */
    private abstract static class WatchedNode implements Node {
        private final Node node;

        WatchedNode(Node node) {
            this.node = node;
        }

        @Override
        public void boot(NodeContext context) {
            watch(() -> node.boot(context));
        }

        @Override
        public void onMessage(int from, Object message) {
            watch(() -> node.onMessage(from, message));
        }

        @Override
        public void onTimer(Object tag) {
            watch(() -> node.onTimer(tag));
        }
    }

    private static final class WatchedAcceptor extends WatchedNode implements PaxosNodes.AcceptorView {
        private final PaxosNodes.AcceptorView acceptor;

        WatchedAcceptor(PaxosNodes.AcceptorView acceptor) {
            super(acceptor);
            this.acceptor = acceptor;
        }

        @Override
        public Ballot promised() {
            return watch(acceptor::promised);
        }

        @Override
        public Ballot acceptedBallot() {
            return watch(acceptor::acceptedBallot);
        }

        @Override
        public String acceptedValue() {
            return watch(acceptor::acceptedValue);
        }
    }

    private static final class WatchedProposer extends WatchedNode implements PaxosNodes.ProposerView {
        private final PaxosNodes.ProposerView proposer;

        WatchedProposer(PaxosNodes.ProposerView proposer) {
            super(proposer);
            this.proposer = proposer;
        }

        @Override
        public String learned() {
            return watch(proposer::learned);
        }
    }
}
