package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.Verdict;
import dev.dslab.consensus.linearizability.Violation;
import static dev.dslab.consensus.linearizability.Operation.Outcome.FAIL;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker(Duration.ofSeconds(10));

    @Test
    void staleReadAfterACompletedWriteIsNotLinearizable() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.write(1, "x", "b", 20, 30, OK),
                Operation.read(2, "x", "a", 40, 50, OK));

        CheckResult result = checker.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        Violation violation = result.keys().get("x").violation().orElseThrow();
        assertThat(violation.linearizedPrefix()).containsExactly(history.get(0), history.get(1));
        assertThat(violation.registerValue()).isEqualTo("b");
        assertThat(violation.blockedOperation()).isEqualTo(history.get(2));
        assertThat(violation.concurrentOperations()).isEmpty();
    }

    @Test
    void violationWindowHoldsTheOperationsConcurrentWithTheBlockedOne() {
        Operation writeA = Operation.write(1, "x", "a", 0, 10, OK);
        Operation writeB = Operation.write(1, "x", "b", 20, 30, OK);
        Operation staleRead = Operation.read(2, "x", "a", 40, 50, OK);
        Operation concurrentWrite = Operation.write(3, "x", "c", 35, 60, OK);
        Operation laterRead = Operation.read(2, "x", "c", 70, 80, OK);

        Violation violation = checker.check(List.of(writeA, writeB, staleRead, concurrentWrite, laterRead))
                .keys().get("x").violation().orElseThrow();

        assertThat(violation.blockedOperation()).isEqualTo(staleRead);
        assertThat(violation.concurrentOperations()).containsExactly(concurrentWrite);
        assertThat(violation.window()).containsExactly(staleRead, concurrentWrite);
    }

    @Test
    void concurrentWriteAndReadAreLinearizableInEitherOrder() {
        Operation write = Operation.write(1, "x", "a", 0, 100, OK);
        assertThat(checker.check(List.of(write, Operation.read(2, "x", "a", 10, 20, OK))).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(write, Operation.read(2, "x", null, 10, 20, OK))).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readOfAValueNobodyWroteIsNotLinearizable() {
        assertThat(checker.check(List.of(Operation.read(1, "x", "ghost", 0, 10, OK))).verdict())
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void compareAndSetTakesEffectOnlyWhenTheExpectedValueIsThere() {
        Operation write = Operation.write(1, "x", "a", 0, 10, OK);
        Operation cas = Operation.cas(1, "x", "a", "b", 20, 30, OK);
        assertThat(checker.check(List.of(write, cas, Operation.read(2, "x", "b", 40, 50, OK))).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(write, cas, Operation.read(2, "x", "a", 40, 50, OK))).verdict())
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        Operation casOnWrongValue = Operation.cas(1, "x", "z", "b", 20, 30, OK);
        assertThat(checker.check(List.of(write, casOnWrongValue)).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        Operation failedCas = Operation.cas(1, "x", "z", "b", 20, 30, FAIL);
        assertThat(checker.check(List.of(write, failedCas, Operation.read(2, "x", "a", 40, 50, OK))).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentCompareAndSetsOnTheSameValueCannotBothSucceed() {
        Operation write = Operation.write(1, "x", "a", 0, 10, OK);
        Operation first = Operation.cas(1, "x", "a", "b", 20, 40, OK);
        Operation second = Operation.cas(2, "x", "a", "c", 20, 40, OK);
        assertThat(checker.check(List.of(write, first, second)).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void indeterminateWriteThatALaterReadObservesIsLinearizable() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.write(1, "x", "b", 20, 30, INDETERMINATE),
                Operation.read(2, "x", "a", 40, 50, OK),
                Operation.read(2, "x", "b", 1_000, 1_010, OK));
        assertThat(checker.check(history).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void indeterminateWriteNeverObservedIsLinearizable() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.write(1, "x", "b", 20, 30, INDETERMINATE),
                Operation.read(2, "x", "a", 40, 50, OK),
                Operation.read(2, "x", "a", 1_000, 1_010, OK));
        assertThat(checker.check(history).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void indeterminateCompareAndSetWhoseComparisonNeverHoldsMayNeverHaveTakenEffect() {
        // "a" is observed (so the cas is not simply dropped), but the register never holds "b" again after
        // the cas is invoked: only its "never took effect" branch is legal
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.read(2, "x", "a", 15, 18, OK),
                Operation.write(1, "x", "b", 20, 30, OK),
                Operation.write(1, "x", "c", 32, 35, OK),
                Operation.cas(3, "x", "b", "a", 40, 45, INDETERMINATE),
                Operation.read(2, "x", "c", 50, 60, OK));
        CheckResult result = checker.check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.keys().get("x").checkedOperations()).isEqualTo(6);
    }

    @Test
    void indeterminateWriteCannotTakeEffectBeforeItIsInvoked() {
        List<Operation> history = List.of(
                Operation.read(2, "x", "b", 0, 10, OK),
                Operation.write(1, "x", "b", 20, 30, INDETERMINATE));
        assertThat(checker.check(history).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void indeterminateReadConstrainsNothing() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.read(2, "x", "ghost", 20, 30, INDETERMINATE));
        CheckResult result = checker.check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.keys().get("x").checkedOperations()).isEqualTo(1);
    }

    @Test
    void failedWriteThatIsObservedIsNotLinearizable() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, FAIL),
                Operation.read(2, "x", "a", 20, 30, OK));
        assertThat(checker.check(history).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void keysAreCheckedIndependentlyAndOneViolationMakesTheWholeHistoryFail() {
        List<Operation> history = List.of(
                Operation.write(1, "x", "a", 0, 10, OK),
                Operation.read(2, "y", "a", 20, 30, OK),
                Operation.read(2, "x", "a", 20, 30, OK));
        CheckResult result = checker.check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.keys().get("x").verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.keys().get("y").verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).extracting(Violation::key).containsExactly("y");
    }

    @Test
    void initialValueCanBeGiven() {
        List<Operation> history = List.of(Operation.read(1, "x", "0", 0, 10, OK));
        assertThat(new LinearizabilityChecker(Duration.ofSeconds(1), "0").check(history).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(history).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void exhaustedBudgetSaysUnknownInsteadOfHanging() {
        // many fully concurrent writes and reads of values that cannot all be ordered: a huge search space
        List<Operation> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(Operation.write(i, "x", "w" + i, 0, 1_000, OK));
            history.add(Operation.read(100 + i, "x", "w" + ((i * 7) % 60), 0, 1_000, OK));
        }
        history.add(Operation.read(999, "x", "never-written", 0, 1_000, OK));
        LinearizabilityChecker impatient = new LinearizabilityChecker(Duration.ofMillis(200));

        CheckResult result = impatient.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(2));
        assertThat(result.keys().get("x").violation()).isEmpty();
    }

    @Test
    void operationCompletingBeforeItsInvocationIsRejected() {
        assertThatThrownBy(() -> Operation.write(1, "x", "a", 10, 5, OK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("completes (5) before it is invoked (10)");
    }

    @Test
    void simulatedWideHistoryIsCheckedWithinTheBudget() {
        List<Operation> history = SimulatedRegister.history(new Random(7), 16, 200, 20_000, 0.02);
        CheckResult result = checker.check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.keys()).hasSize(200);
    }
}
