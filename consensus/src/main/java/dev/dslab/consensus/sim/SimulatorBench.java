package dev.dslab.consensus.sim;

/**
 * Prints the simulator's throughput: delivered messages per second of wall time, for 5 nodes passing tokens
 * around at random, with the harness's trace (last 400 events kept). On the reliable network 50 tokens
 * circulate; on the unreliable one, where tokens get lost, every node adds one each millisecond.
 * Three rounds in one JVM; the first includes JIT warm-up.
 */
public final class SimulatorBench {
    private static final long SIMULATED_MILLIS = 200_000;

    private SimulatorBench() {
    }

    record Token(int hops) {
    }

    /** Forwards every token it receives to a random other node. */
    static final class Relay implements Node {
        private final boolean topUp;
        private NodeContext context;

        Relay(boolean topUp) {
            this.topUp = topUp;
        }

        @Override
        public void boot(NodeContext context) {
            this.context = context;
            for (int i = 0; i < 10; i++) {
                forward(new Token(0));
            }
            if (topUp) {
                context.startTimer(1, "top-up");
            }
        }

        @Override
        public void onMessage(int from, Object message) {
            forward(new Token(((Token) message).hops() + 1));
        }

        @Override
        public void onTimer(Object tag) {
            forward(new Token(0));
            context.startTimer(1, "top-up");
        }

        private void forward(Token token) {
            int to = context.random().nextInt(context.clusterSize() - 1);
            context.send(to >= context.id() ? to + 1 : to, token);
        }
    }

    public static void main(String[] args) {
        NetworkProfile[] profiles = {NetworkProfile.reliable(), NetworkProfile.unreliable()};
        for (int round = 1; round <= 3; round++) {
            for (NetworkProfile profile : profiles) {
                boolean lossy = profile.dropRate() > 0;
                Simulation<Relay> sim = new Simulation<>(round, 5, id -> new Relay(lossy), profile, Trace.keepingLast(400));
                long started = System.nanoTime();
                sim.start();
                sim.runFor(lossy ? SIMULATED_MILLIS / 4 : SIMULATED_MILLIS);
                double seconds = (System.nanoTime() - started) / 1e9;
                long delivered = sim.trace().count(TraceEvent.Kind.DELIVER) + sim.trace().count(TraceEvent.Kind.DUPLICATE);
                System.out.printf("round %d  %-11s %,10d messages delivered in %.2f s: %,.0f messages/s%n",
                        round, profile.name(), delivered, seconds, delivered / seconds);
            }
        }
    }
}
