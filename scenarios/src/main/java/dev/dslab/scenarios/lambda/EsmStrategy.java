package dev.dslab.scenarios.lambda;

import java.util.ArrayList;
import java.util.List;

/**
 * How an event source mapping and its function deal with a record that always fails: the mapping's
 * BisectBatchOnFunctionError and FunctionResponseTypes ReportBatchItemFailures, and with them the handler's
 * failure mode (a handler for ReportBatchItemFailures reports the failed record; one for a mapping without it
 * throws, failing the whole batch).
 *
 * @param id a short name: resource names and observation ids end with it
 */
record EsmStrategy(String id, String label, boolean bisect, boolean reportBatchItemFailures) {

    static final String COMPARE = "compare";
    static final List<String> CHOICES = List.of(COMPARE, "true", "false");

    static final EsmStrategy RETRY = new EsmStrategy("retry", "retry the batch", false, false);
    static final EsmStrategy BISECT = new EsmStrategy("bisect", "bisect", true, false);
    static final EsmStrategy REPORT = new EsmStrategy("report", "ReportBatchItemFailures", false, true);
    static final EsmStrategy BISECT_REPORT = new EsmStrategy("bisect-report", "bisect + ReportBatchItemFailures", true, true);
    static final List<EsmStrategy> ALL = List.of(RETRY, BISECT, REPORT, BISECT_REPORT);

    /**
     * The strategies a run compares: every combination of the two settings, each fixed (true, false) or
     * compared (both values). Comparing both gives the three strategies of the developer guide side by side; the
     * combination of both settings is one parameter away (it behaves as ReportBatchItemFailures alone, because a
     * handler that reports its failures never fails the batch that bisect would split).
     */
    static List<EsmStrategy> select(String bisect, String reportBatchItemFailures) {
        if (bisect.equals(COMPARE) && reportBatchItemFailures.equals(COMPARE)) {
            return List.of(RETRY, BISECT, REPORT);
        }
        List<EsmStrategy> selected = new ArrayList<>();
        for (EsmStrategy strategy : ALL) {
            if (matches(bisect, strategy.bisect()) && matches(reportBatchItemFailures, strategy.reportBatchItemFailures())) {
                selected.add(strategy);
            }
        }
        return selected;
    }

    private static boolean matches(String choice, boolean value) {
        return choice.equals(COMPARE) || Boolean.parseBoolean(choice) == value;
    }

    /** The handler's BATCH_FAILURE_MODE: report with ReportBatchItemFailures, else throw (Lambda ignores a report it did not ask for). */
    String handlerFailureMode() {
        return reportBatchItemFailures ? "report" : "throw";
    }
}
