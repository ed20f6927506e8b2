package dev.dslab.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a driver such as the Raft playground sees and does between steps: messages in flight, pending timers, a timer fired early. */
class SimulationInspectionTest {

    /** Pings every other node when its "tick" timer fires, then starts the timer again. */
    static final class Pinger implements Node {
        final List<String> log;
        NodeContext context;

        Pinger(List<String> log) {
            this.log = log;
        }

        @Override
        public void boot(NodeContext context) {
            this.context = context;
            context.startTimer(100 + 10L * context.id(), "tick");
        }

        @Override
        public void onMessage(int from, Object message) {
            log.add(context.id() + " got " + message + " from " + from);
        }

        @Override
        public void onTimer(Object tag) {
            log.add(context.id() + " " + tag + " at " + context.now());
            for (int peer = 0; peer < context.clusterSize(); peer++) {
                if (peer != context.id()) {
                    context.send(peer, "ping");
                }
            }
            context.startTimer(100, "tick");
        }
    }

    @Test
    void timersAndMessagesInFlightAreVisibleAndATimerCanFireNow() {
        List<String> log = new ArrayList<>();
        Simulation<Pinger> sim = new Simulation<>(1, 3, id -> new Pinger(log), NetworkProfile.reliable(), Trace.full());
        sim.start();
        assertThat(sim.pendingTimers(2)).containsExactly(new Simulation.PendingTimer(120, 2, "tick"));
        assertThat(sim.inFlight()).isEmpty();

        assertThat(sim.fireTimer(2, "tick")).isTrue();
        assertThat(log).containsExactly("2 tick at 0");
        assertThat(sim.now()).isZero();
        assertThat(sim.pendingTimers(2)).containsExactly(new Simulation.PendingTimer(100, 2, "tick")); // the old one is gone
        List<Simulation.InFlight> flying = sim.inFlight();
        assertThat(flying).extracting(Simulation.InFlight::to).containsExactlyInAnyOrder(0, 1);
        assertThat(flying).allSatisfy(m -> {
            assertThat(m.from()).isEqualTo(2);
            assertThat(m.sentAt()).isZero();
            assertThat(m.deliverAt()).isBetween(1L, 5L);
            assertThat(m.message()).isEqualTo("ping");
        });
        assertThat(flying.get(0).deliverAt()).isLessThanOrEqualTo(flying.get(1).deliverAt());
        assertThat(sim.fireTimer(2, "no such tag")).isFalse();

        sim.crash(1);
        assertThat(sim.pendingTimers(1)).isEmpty();
        assertThat(sim.fireTimer(1, "tick")).isFalse();
    }
}
