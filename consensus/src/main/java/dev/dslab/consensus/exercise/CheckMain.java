package dev.dslab.consensus.exercise;

import dev.dslab.consensus.harness.Cluster;
import dev.dslab.consensus.harness.Harness;
import dev.dslab.consensus.harness.Outcome;
import dev.dslab.consensus.harness.Scenario;
import dev.dslab.consensus.harness.Scenarios;
import dev.dslab.consensus.playground.FailureReplay;
import dev.dslab.consensus.raft.ApplyChannel;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM {@code exercise check} runs the learner's code in, so that an infinite loop or a
 * {@code System.exit} in it cannot hang or end dslab: {@code CheckMain CLASS OUTPUT REPLAYS STAGE SEEDS FIRST_SEED SCENARIO...}.
 * Speaks a line protocol on its standard output ({@link CheckProtocol}); the learner's own prints go to OUTPUT. A
 * scenario's first failing seed runs again, watched, and is written as an HTML replay into the REPLAYS directory.
 * Ends itself when its standard input closes, so it never outlives the dslab that started it.
 */
public final class CheckMain {

    /** What the learner's code threw last: the harness keeps only its message, the learner wants the line. */
    private static final Throwable[] LAST_THROWN = new Throwable[1];

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

        RaftFactory factory;
        try {
            factory = factory(args[0]);
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
            Scenario scenario = Scenarios.named(args[i]).orElseThrow();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                protocol.println(CheckProtocol.RUN + " " + scenario.name() + " " + seed);
                Outcome outcome;
                try {
                    outcome = Harness.run(factory, scenario, seed);
                } catch (Throwable thrown) {
                    // the harness reports what nodes throw; this is what the learner's code threw into the tester itself
                    protocol.println(CheckProtocol.FAIL + " " + scenario.name() + " " + seed + " 0");
                    protocol.println(CheckProtocol.PROPERTY + " your code threw");
                    protocol.println(CheckProtocol.MESSAGE + " " + CheckProtocol.oneLine(describe(thrown)));
                    protocol.println(CheckProtocol.END);
                    break;
                }
                if (outcome.passed()) {
                    protocol.println(CheckProtocol.PASS + " " + scenario.name() + " " + seed + " " + outcome.simulatedMillis());
                    continue;
                }
                String where = where(outcome);
                protocol.println(CheckProtocol.REPLAYING + " " + scenario.name() + " " + seed);
                Path replay = writeReplay(factory, scenario, seed, outcome, replays, stage);
                protocol.println(CheckProtocol.FAIL + " " + scenario.name() + " " + seed + " " + outcome.simulatedMillis());
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

    /**
     * Runs the failing seed again with every step watched and writes it as an HTML page:
     * {@code <replays>/<stage>-<scenario>-seed<N>.html}. Null (and the reason in the learner's output) when it cannot.
     */
    private static Path writeReplay(RaftFactory factory, Scenario scenario, long seed, Outcome failed, Path replays, String stage) {
        try {
            FailureReplay replay = FailureReplay.raft();
            Outcome again = Harness.run(factory, scenario, seed, Cluster.STEP_BUDGET, replay.trace(), replay::watch);
            String title = stage + " " + scenario.name() + ", seed " + seed + ": " + failed.property()
                    + (failed.property().equals(again.property()) ? "" : " (this rerun ended otherwise: "
                    + (again.passed() ? "it passed" : again.property()) + "; does your code read the clock or iterate a hash of objects?)");
            String html = replay.html(title, "dslab exercise check " + stage + " --seed " + seed + " --scenario " + scenario.name(), seed,
                    scenario.reliable() ? "reliable" : "unreliable");
            return write(replays, stage + "-" + scenario.name() + "-seed" + seed + ".html", html);
        } catch (Throwable e) {
            System.err.println("dslab: the HTML replay of " + scenario.name() + " seed " + seed + " was not written: " + e);
            return null;
        }
    }

    static Path write(Path directory, String name, String html) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    static RaftFactory factory(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExerciseException("no class " + className + " in your sources (src/main/java/"
                    + className.replace('.', '/') + ".java): the harness creates your peer from it");
        }
        if (!Raft.class.isAssignableFrom(type)) {
            throw new ExerciseException(className + " does not implement dev.dslab.consensus.raft.Raft");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(int.class, ApplyChannel.class);
        } catch (NoSuchMethodException e) {
            throw new ExerciseException(className + " needs a public constructor " + type.getSimpleName()
                    + "(int me, ApplyChannel applyCh): the harness calls it at every boot of a peer");
        }
        return (id, applyChannel) -> {
            try {
                return new Watched((Raft) constructor.newInstance(id, applyChannel));
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** For a node that threw: the line of the learner's code it threw from, which the harness's message lacks. */
    private static String where(Outcome outcome) {
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

    /** The learner's peer, unchanged, except that what it throws is remembered on its way to the harness. */
    private record Watched(Raft peer) implements Raft {
        private <T> T watch(java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (RuntimeException | Error e) {
                LAST_THROWN[0] = e;
                throw e;
            }
        }

        private void watch(Runnable call) {
            watch(() -> {
                call.run();
                return null;
            });
        }

        @Override
        public void boot(dev.dslab.consensus.sim.NodeContext context) {
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
}
