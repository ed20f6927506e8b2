package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.check.SessionViolation.Guarantee;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCheckerTest {

    private final SessionChecker checker = new SessionChecker();

    private static Operation write(int client, String value, long from, long to) {
        return Operation.write(client, "x", value, from, to, OK);
    }

    private static Operation read(int client, String value, long from, long to) {
        return Operation.read(client, "x", value, from, to, OK);
    }

    @Test
    void readOlderThanTheClientsOwnWriteBreaksReadYourWrites() {
        Operation old = write(2, "old", 0, 10);
        Operation mine = write(1, "mine", 20, 30);
        Operation readBack = read(1, "old", 40, 50);

        SessionReport report = checker.check(List.of(old, mine, readBack));

        assertThat(report.violations()).hasSize(1);
        SessionViolation violation = report.violations().get(0);
        assertThat(violation.guarantee()).isEqualTo(Guarantee.READ_YOUR_WRITES);
        assertThat(violation.client()).isEqualTo(1);
        assertThat(violation.operations()).containsExactly(readBack, mine, old);
        assertThat(violation.toString()).isEqualTo("""
                read-your-writes violated in client 1's session on key x: the read returned old, older than the \
                client's own write of mine that completed before the read was invoked
                  client 1 x: read -> old [40, 50] OK
                  client 1 x: write mine [20, 30] OK
                  client 2 x: write old [0, 10] OK""");
    }

    @Test
    void readingTheInitialValueAfterAnOwnWriteBreaksReadYourWrites() {
        SessionReport report = checker.check(List.of(write(1, "mine", 0, 10), read(1, null, 20, 30)));
        assertThat(report.violations()).extracting(SessionViolation::guarantee).containsExactly(Guarantee.READ_YOUR_WRITES);
        assertThat(report.violations().get(0).explanation()).contains("the initial value null");
    }

    @Test
    void aConcurrentWriteOrAnotherClientsReadIsNoViolation() {
        assertThat(checker.check(List.of(
                write(1, "mine", 20, 30), write(2, "other", 10, 25), read(1, "other", 40, 50))).holds()).isTrue();
        assertThat(checker.check(List.of(
                write(2, "old", 0, 10), write(1, "mine", 20, 30), read(3, "old", 40, 50))).holds()).isTrue();
        // the read is concurrent with the own write: read-your-writes does not apply yet
        assertThat(checker.check(List.of(
                write(2, "old", 0, 10), write(1, "mine", 20, 30), read(1, "old", 25, 50))).holds()).isTrue();
    }

    @Test
    void goingBackInTimeBreaksMonotonicReads() {
        Operation first = write(2, "first", 0, 10);
        Operation second = write(3, "second", 20, 30);
        Operation seesSecond = read(1, "second", 40, 50);
        Operation seesFirst = read(1, "first", 60, 70);

        SessionReport report = checker.check(List.of(first, second, seesSecond, seesFirst));

        assertThat(report.violations()).hasSize(1);
        SessionViolation violation = report.violations().get(0);
        assertThat(violation.guarantee()).isEqualTo(Guarantee.MONOTONIC_READS);
        assertThat(violation.operations()).containsExactly(seesSecond, seesFirst, second, first);
        assertThat(violation.explanation())
                .isEqualTo("an earlier read returned second, then a later read returned first, written before second was");
    }

    @Test
    void readsOfConcurrentWritesInEitherOrderKeepMonotonicReads() {
        assertThat(checker.check(List.of(write(2, "a", 0, 30), write(3, "b", 10, 40),
                read(1, "b", 50, 60), read(1, "a", 70, 80))).holds()).isTrue();
        // an indeterminate write completes at infinity: it precedes nothing
        assertThat(checker.check(List.of(Operation.write(2, "x", "a", 0, 5, INDETERMINATE), write(3, "b", 10, 20),
                read(1, "b", 50, 60), read(1, "a", 70, 80))).holds()).isTrue();
    }

    @Test
    void seeingASessionsWritesOutOfOrderBreaksMonotonicWrites() {
        Operation w1 = write(1, "w1", 0, 10);
        Operation w2 = write(1, "w2", 20, 30);
        Operation seesW2 = read(2, "w2", 40, 50);
        Operation seesW1 = read(3, "w1", 60, 70);

        SessionReport report = checker.check(List.of(w1, w2, seesW2, seesW1));

        assertThat(report.violations()).hasSize(1);
        SessionViolation violation = report.violations().get(0);
        assertThat(violation.guarantee()).isEqualTo(Guarantee.MONOTONIC_WRITES);
        assertThat(violation.client()).isEqualTo(1);
        assertThat(violation.operations()).containsExactly(w1, w2, seesW2, seesW1);
        assertThat(violation.explanation())
                .isEqualTo("the client wrote w1 then w2; a read returned w2, and a read invoked after it completed returned w1");
    }

    @Test
    void overlappingReadsMayStillSeeTheOlderWrite() {
        assertThat(checker.check(List.of(write(1, "w1", 0, 10), write(1, "w2", 20, 30),
                read(2, "w2", 40, 65), read(3, "w1", 60, 70))).holds()).isTrue();
        assertThat(checker.check(List.of(write(1, "w1", 0, 10), write(1, "w2", 20, 30),
                read(2, "w2", 40, 65), read(3, "w1", 60, 70))).readsChecked()).isEqualTo(2);
    }
}
