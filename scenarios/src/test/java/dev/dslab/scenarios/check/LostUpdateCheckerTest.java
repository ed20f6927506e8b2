package dev.dslab.scenarios.check;

import static dev.dslab.consensus.linearizability.Operation.Outcome.FAIL;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.scenarios.check.LostUpdateChecker.Add;
import dev.dslab.scenarios.check.LostUpdateChecker.CounterFinding;
import dev.dslab.scenarios.check.LostUpdateChecker.CounterResult;
import dev.dslab.scenarios.check.LostUpdateChecker.Increment;
import dev.dslab.scenarios.check.LostUpdateChecker.SetResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostUpdateCheckerTest {

    private final LostUpdateChecker checker = new LostUpdateChecker();

    private static final List<Increment> FIVE_OK_TWO_UNKNOWN_ONE_FAILED = List.of(
            new Increment(1, 1, OK), new Increment(2, 1, OK), new Increment(3, 1, OK), new Increment(1, 1, OK),
            new Increment(2, 1, OK), new Increment(3, 1, INDETERMINATE), new Increment(1, 1, INDETERMINATE),
            new Increment(2, 1, FAIL));

    @Test
    void aFinalValueBelowTheAcknowledgedSumLostUpdates() {
        CounterResult result = checker.checkCounter(FIVE_OK_TWO_UNKNOWN_ONE_FAILED, 3);
        assertThat(result.finding()).isEqualTo(CounterFinding.LOST_UPDATES);
        assertThat(result.lostAtLeast()).isEqualTo(2);
        assertThat(result.lostAtMost()).isEqualTo(4);
        assertThat(result).hasToString("lost 2 to 4 updates: final value 3, expected 5 to 7 (2 indeterminate)");
    }

    @Test
    void indeterminateIncrementsWidenTheRangeOfConsistentFinals() {
        for (long finalValue = 5; finalValue <= 7; finalValue++) {
            assertThat(checker.checkCounter(FIVE_OK_TWO_UNKNOWN_ONE_FAILED, finalValue).finding())
                    .isEqualTo(CounterFinding.CONSISTENT);
        }
        CounterResult phantom = checker.checkCounter(FIVE_OK_TWO_UNKNOWN_ONE_FAILED, 9);
        assertThat(phantom.finding()).isEqualTo(CounterFinding.PHANTOM_UPDATES);
        assertThat(phantom.phantom()).isEqualTo(2);
        assertThat(phantom.toString()).startsWith("phantom updates: final value 9 exceeds every possible sum by 2");
    }

    @Test
    void withoutIndeterminateIncrementsTheLossIsExact() {
        CounterResult result = checker.checkCounter(
                List.of(new Increment(1, 10, OK), new Increment(2, 5, OK), new Increment(3, 7, FAIL)), 10);
        assertThat(result.lostAtLeast()).isEqualTo(5);
        assertThat(result.lostAtMost()).isEqualTo(5);
        assertThat(result).hasToString("lost 5: final value 10, expected 15");
        assertThat(checker.checkCounter(List.of(new Increment(1, 10, OK)), 10)).hasToString("no lost updates: final value 10, expected 10");
    }

    @Test
    void indeterminateDecrementsLowerTheLowestPossibleSum() {
        CounterResult result = checker.checkCounter(List.of(new Increment(1, 5, OK), new Increment(2, -3, INDETERMINATE)), 2);
        assertThat(result.finding()).isEqualTo(CounterFinding.CONSISTENT);
        assertThat(result.lowestPossible()).isEqualTo(2);
        assertThat(result.highestPossible()).isEqualTo(5);
    }

    @Test
    void setHistoryIsSortedIntoLostUnexpectedRecoveredAndFailedButPresent() {
        List<Add> adds = List.of(
                new Add(1, "1", OK), new Add(2, "2", OK), new Add(3, "3", OK),
                new Add(1, "4", INDETERMINATE), new Add(2, "5", INDETERMINATE),
                new Add(3, "6", FAIL), new Add(1, "7", FAIL));

        SetResult result = checker.checkSet(adds, List.of("1", "3", "4", "6", "99"));

        assertThat(result.lost()).containsExactly("2");
        assertThat(result.unexpected()).containsExactly("99");
        assertThat(result.recovered()).containsExactly("4");
        assertThat(result.failedButPresent()).containsExactly("6");
        assertThat(result.okCount()).isEqualTo(2);
        assertThat(result.valid()).isFalse();
        assertThat(result).hasToString("NOT valid: 7 adds attempted, 5 elements read; lost 1 [2], unexpected 1 [99], "
                + "recovered 1, failed but present 1 [6]");
        assertThat(checker.checkSet(adds, List.of("1", "2", "3", "5")).valid()).isTrue();
    }

    @Test
    void anElementAddedTwiceIsRefused() {
        assertThatThrownBy(() -> checker.checkSet(List.of(new Add(1, "a", OK), new Add(2, "a", OK)), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element a is added more than once; the set checker needs unique elements");
    }
}
