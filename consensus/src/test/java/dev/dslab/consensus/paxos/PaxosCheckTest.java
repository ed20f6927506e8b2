package dev.dslab.consensus.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaxosCheckTest {

    @ParameterizedTest(name = "{0} acceptors, {1} proposers, {2} seeds")
    @CsvSource({"3, 2, 100", "5, 3, 40"})
    void theReferenceChoosesOneValueAndEveryProposerLearnsIt(int acceptors, int proposers, int seeds) {
        for (long seed = 1; seed <= seeds; seed++) {
            PaxosCheck.Result result = PaxosCheck.run(seed, acceptors, proposers);
            assertThat(result.passed()).as(result.report()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ACCEPT_BELOW_PROMISE, 10", "ACCEPTOR_FORGETS, 5", "PROPOSER_IGNORES_ACCEPTED, 1"})
    void eachFlawGetsTwoValuesChosen(PaxosFlaw flaw, int seeds) {
        Optional<PaxosCheck.Result> failure = LongStream.rangeClosed(1, seeds)
                .mapToObj(seed -> PaxosCheck.run(seed, 3, 2, EnumSet.of(flaw)))
                .filter(result -> !result.passed())
                .findFirst();
        assertThat(failure).as(flaw + " should fail on one of seeds 1-" + seeds).isPresent();
        assertThat(failure.get().property()).isEqualTo("one value chosen");
        assertThat(failure.get().report()).contains("seed " + failure.get().seed(), "last events:", "accepted");
    }

    @Test
    void aRunIsAPureFunctionOfItsSeed() {
        PaxosCheck.Result first = PaxosCheck.run(3, 3, 2, EnumSet.of(PaxosFlaw.ACCEPTOR_FORGETS));
        PaxosCheck.Result again = PaxosCheck.run(3, 3, 2, EnumSet.of(PaxosFlaw.ACCEPTOR_FORGETS));
        assertThat(first.passed()).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(PaxosCheck.run(4, 3, 2).events()).isNotEqualTo(PaxosCheck.run(5, 3, 2).events());
    }
}
