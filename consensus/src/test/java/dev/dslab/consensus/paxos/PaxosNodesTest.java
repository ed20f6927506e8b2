package dev.dslab.consensus.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.paxos.PaxosMessages.Accept;
import dev.dslab.consensus.paxos.PaxosMessages.Accepted;
import dev.dslab.consensus.sim.NodeContext;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The check runs any implementation through {@link PaxosNodes}, the seam a learner's code plugs into. */
class PaxosNodesTest {

    /** Skips phase 1: sends its own value for acceptance straight away, as if no other proposer existed. */
    static final class NoPhaseOneProposer implements PaxosNodes.ProposerView {
        private final int acceptors;
        private final String value;
        private final BitSet accepts = new BitSet();
        private NodeContext context;
        private Ballot ballot;
        private String learned;

        NoPhaseOneProposer(int acceptors, String value) {
            this.acceptors = acceptors;
            this.value = value;
        }

        @Override
        public void boot(NodeContext context) {
            this.context = context;
            context.startTimer(context.random().nextInt(300), "propose");
        }

        @Override
        public void onTimer(Object tag) {
            if (learned == null) {
                ballot = new Ballot(ballot == null ? 1 : ballot.round() + 1, context.id());
                accepts.clear();
                for (int a = 0; a < acceptors; a++) {
                    context.send(a, new Accept(ballot, value));
                }
                context.startTimer(100 + context.random().nextInt(200), "propose");
            }
        }

        @Override
        public void onMessage(int from, Object message) {
            if (message instanceof Accepted accepted && accepted.ballot().equals(ballot)) {
                accepts.set(from);
                if (accepts.cardinality() > acceptors / 2) {
                    learned = accepted.value();
                }
            }
        }

        @Override
        public String learned() {
            return learned;
        }
    }

    @Test
    void anImplementationWithoutPhaseOneGetsTwoValuesChosen() {
        PaxosNodes naive = new PaxosNodes() {
            @Override
            public AcceptorView acceptor(int id) {
                return Acceptor.reference();
            }

            @Override
            public ProposerView proposer(int id, int acceptors, String value) {
                return new NoPhaseOneProposer(acceptors, value);
            }
        };
        Optional<PaxosCheck.Result> failure = LongStream.rangeClosed(1, 10).mapToObj(seed -> PaxosCheck.run(seed, 3, 2, naive))
                .filter(result -> !result.passed()).findFirst();
        assertThat(failure).isPresent();
        assertThat(failure.get().property()).isIn("one value chosen", "learn only the chosen value");
    }

    @Test
    void theReferenceThroughTheSeamRunsExactlyAsBefore() {
        PaxosNodes reference = PaxosNodes.reference(EnumSet.noneOf(PaxosFlaw.class));
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(PaxosCheck.run(seed, 3, 2, reference)).isEqualTo(PaxosCheck.run(seed, 3, 2));
        }
    }
}
