package dev.dslab.scenarios.check;

import dev.dslab.consensus.linearizability.Operation;
import static dev.dslab.consensus.linearizability.Operation.Outcome.FAIL;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StalenessCheckerTest {

    private static final long MS = 1_000_000;
    private final StalenessChecker checker = new StalenessChecker();

    private static Operation write(int client, String value, long fromMs, long toMs) {
        return Operation.write(client, "x", value, fromMs * MS, toMs * MS, OK);
    }

    private static Operation read(int client, String value, long fromMs, long toMs) {
        return Operation.read(client, "x", value, fromMs * MS, toMs * MS, OK);
    }

    @Test
    void readOfAnOverwrittenValueIsBehindByTheWritesThatFollowIt() {
        Operation stale = read(2, "a", 100, 110);
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10), write(1, "b", 20, 30), write(1, "c", 40, 60), stale));

        ReadStaleness only = report.reads().get(0);
        assertThat(only.read()).isEqualTo(stale);
        assertThat(only.versionsBehind()).isEqualTo(2);
        assertThat(only.millisBehind()).isCloseTo(70.0, within(1e-9)); // b was acknowledged at 30
        assertThat(only.millisSinceLastWrite().getAsDouble()).isCloseTo(40.0, within(1e-9));
        assertThat(report.staleFraction()).isEqualTo(1.0);
    }

    @Test
    void writesConcurrentWithTheReturnedOneNeverMakeAReadStale() {
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 30), write(2, "b", 10, 20), read(3, "a", 40, 50)));
        assertThat(report.reads().get(0).versionsBehind()).isZero();
        assertThat(report.reads().get(0).millisBehind()).isZero();
    }

    @Test
    void writesNotYetAcknowledgedWhenTheReadIsInvokedDoNotCount() {
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10), write(1, "b", 20, 45), read(3, "a", 40, 50)));
        assertThat(report.reads().get(0).versionsBehind()).isZero();
        assertThat(report.reads().get(0).millisSinceLastWrite().getAsDouble()).isEqualTo(30.0);
    }

    @Test
    void theInitialValueIsBehindEveryAcknowledgedWrite() {
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10), write(2, "b", 5, 20), read(3, null, 40, 50)));
        assertThat(report.reads().get(0).versionsBehind()).isEqualTo(2);
        assertThat(report.reads().get(0).millisBehind()).isEqualTo(30.0);
        assertThat(new StalenessChecker("0").check(List.of(read(3, "0", 40, 50))).reads().get(0).millisSinceLastWrite())
                .isEmpty();
    }

    @Test
    void indeterminateWritesAreNeverAcknowledgedAndNothingFollowsThem() {
        Operation lost = Operation.write(1, "x", "b", 20 * MS, 30 * MS, INDETERMINATE);
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10), lost, read(2, "a", 40, 50), write(1, "c", 60, 70), read(2, "b", 80, 90)));
        assertThat(report.reads()).extracting(ReadStaleness::versionsBehind).containsExactly(0, 0);
    }

    @Test
    void compareAndSetCountsAsAWriteAndFailedOperationsAreIgnored() {
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10),
                Operation.cas(1, "x", "a", "b", 20 * MS, 30 * MS, OK),
                Operation.write(1, "x", "c", 31 * MS, 32 * MS, FAIL),
                read(2, "a", 40, 50),
                Operation.read(2, "x", "zzz", 60 * MS, 70 * MS, INDETERMINATE)));
        assertThat(report.reads()).hasSize(1);
        assertThat(report.reads().get(0).versionsBehind()).isEqualTo(1);
    }

    @Test
    void aReadOfAValueNobodyWroteIsUnexplainedAndLeftOutOfTheAggregates() {
        Operation ghost = read(2, "ghost", 40, 50);
        StalenessReport report = checker.check(List.of(write(1, "a", 0, 10), ghost));
        assertThat(report.unexplainedReads()).containsExactly(ghost);
        assertThat(report.reads()).isEmpty();
        assertThat(report.staleFraction()).isNaN();
    }

    @Test
    void keysAreIndependent() {
        StalenessReport report = checker.check(List.of(
                write(1, "a", 0, 10), write(1, "b", 20, 30),
                Operation.read(2, "y", null, 40 * MS, 50 * MS, OK)));
        assertThat(report.reads().get(0).stale()).isFalse();
        assertThat(report.reads().get(0).millisSinceLastWrite()).isEmpty();
    }

    @Test
    void modesTagReadsAndBucketsGroupThemByTimeSinceTheLastWrite() {
        record Tagged(Operation op, String mode) {
        }
        List<Tagged> records = List.of(
                new Tagged(write(1, "a", 0, 10), null),
                new Tagged(write(1, "b", 20, 30), null),
                new Tagged(read(2, "a", 35, 36), "eventual"),   // 5 ms after b: stale
                new Tagged(read(3, "b", 38, 39), "strong"),     // 8 ms after b: fresh
                new Tagged(read(2, "b", 60, 61), "eventual"),   // 30 ms after b: fresh
                new Tagged(read(2, "a", 80, 81), "eventual"));  // 50 ms after b: stale

        StalenessReport report = checker.check(records, t -> Optional.of(t.op()), Tagged::mode);

        assertThat(report.modes()).containsExactly("eventual", "strong");
        assertThat(report.reads()).extracting(ReadStaleness::mode)
                .containsExactly("eventual", "strong", "eventual", "eventual");
        StalenessReport eventual = report.forMode("eventual");
        assertThat(eventual.readCount()).isEqualTo(3);
        assertThat(eventual.staleFraction(0, 10)).isEqualTo(1.0);
        assertThat(eventual.staleFraction(10, 40)).isEqualTo(0.0);
        assertThat(eventual.staleFraction(100, 200)).isNaN();
        assertThat(report.forMode("strong").staleCount()).isZero();
        assertThat(report.histogram(0, 10, 40, Double.POSITIVE_INFINITY))
                .containsExactly(new StalenessReport.Bucket(0, 10, 2, 1), new StalenessReport.Bucket(10, 40, 1, 0),
                        new StalenessReport.Bucket(40, Double.POSITIVE_INFINITY, 1, 1));
        assertThat(report.maxVersionsBehind()).isEqualTo(1);
    }
}
