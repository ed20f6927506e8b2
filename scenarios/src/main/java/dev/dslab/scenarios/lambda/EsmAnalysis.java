package dev.dslab.scenarios.lambda;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.history.RecordedOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each strategy did with the poison record, from what the handler wrote (its idempotency rows: when each
 * record was first processed and how many redeliveries it absorbed; how often the poison record was delivered)
 * and what the mapping sent to the on-failure destination. A deterministic function of those, so it is tested
 * without a target.
 */
final class EsmAnalysis {

    /** The mappings' settings every strategy shares. */
    record Workload(int batchSize, int retries) {
    }

    /** A record's first processing, as the handler wrote it: when, and how many later deliveries it recognised as duplicates. */
    record ProcessedRow(String sequenceNumber, long processedAtMillis, long duplicates) {
    }

    /** One on-failure invocation record (KinesisBatchInfo and requestContext of Lambda's format). */
    record DestinationRecord(String condition, int approximateInvokeCount, String startSequenceNumber, String endSequenceNumber,
                             int batchSize) {

        boolean contains(String sequenceNumber) {
            BigInteger sequence = new BigInteger(sequenceNumber);
            return sequence.compareTo(new BigInteger(startSequenceNumber)) >= 0 && sequence.compareTo(new BigInteger(endSequenceNumber)) <= 0;
        }
    }

    /**
     * What one strategy's mapping and function did with the records of its stream.
     *
     * @param sequence         the records' sequence numbers in the stream's order (one shard)
     * @param poisonIndex      the poison record's index in {@code sequence}
     * @param createdAtMillis  when the mapping was created (the client's clock)
     * @param drainedAtMillis  when every record was processed or on the destination (the client's clock); -1 if never
     * @param processed        the handler's rows by sequence number
     * @param counters         the mapping's own counts where the target reports them (the local target), else empty
     */
    record StrategyOutcome(EsmStrategy strategy, List<String> sequence, int poisonIndex, long createdAtMillis, long drainedAtMillis,
                           Map<String, ProcessedRow> processed, long poisonDeliveries, List<DestinationRecord> destination,
                           Map<String, Long> counters) {
        StrategyOutcome {
            sequence = List.copyOf(sequence);
            processed = Map.copyOf(processed);
            destination = List.copyOf(destination);
            counters = Map.copyOf(counters);
        }

        String poison() {
            return sequence.get(poisonIndex);
        }

        /** Deliveries the handler saw of the record at {@code index}: 0 when it never reached it. */
        long deliveries(int index) {
            if (index == poisonIndex) {
                return poisonDeliveries;
            }
            ProcessedRow row = processed.get(sequence.get(index));
            return row == null ? 0 : 1 + row.duplicates();
        }
    }

    /** The longest pause between two successive first processings, and the stream positions (1-based) either side of it. */
    record Pause(long millis, int fromPosition, int toPosition) {
    }

    /** The mapping counters reported as observations, with their labels. */
    static final Map<String, String> COUNTERS = countersInOrder();

    private static Map<String, String> countersInOrder() {
        Map<String, String> counters = new LinkedHashMap<>();
        counters.put("invocations", "invocations of the function (the mapping's count)");
        counters.put("functionErrors", "invocations that failed (function error)");
        counters.put("partialFailures", "invocations that reported batch item failures");
        counters.put("bisections", "batches split in two");
        counters.put("retries", "retries counted against MaximumRetryAttempts");
        return counters;
    }

    private EsmAnalysis() {
    }

    static ExperimentResult analyse(Workload workload, List<StrategyOutcome> outcomes, List<RecordedOp> history) {
        List<Observation> observations = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        int records = outcomes.isEmpty() ? 0 : outcomes.get(0).sequence().size();
        observations.add(new Observation("records", "records written to each strategy's stream", records, ""));
        if (!outcomes.isEmpty()) {
            observations.add(new Observation("poison-position", "the poison record's position in the shard (1 = first)",
                    outcomes.get(0).poisonIndex() + 1, ""));
        }
        Map<String, String> marks = new LinkedHashMap<>();
        for (StrategyOutcome outcome : outcomes) {
            String s = outcome.strategy().id();
            String label = outcome.strategy().label();
            long goodProcessed = outcome.processed().keySet().stream().filter(sequence -> !sequence.equals(outcome.poison())).count();
            long duplicates = outcome.processed().values().stream().mapToLong(ProcessedRow::duplicates).sum();
            long redelivered = outcome.processed().values().stream().filter(row -> row.duplicates() > 0).count();
            long toDestination = outcome.destination().stream().mapToLong(DestinationRecord::batchSize).sum();
            List<Integer> goodOnDestination = new ArrayList<>();
            List<Integer> lost = new ArrayList<>();
            List<Integer> unaccounted = new ArrayList<>();
            for (int i = 0; i < outcome.sequence().size(); i++) {
                if (i == outcome.poisonIndex()) {
                    continue;
                }
                String sequence = outcome.sequence().get(i);
                boolean onDestination = outcome.destination().stream().anyMatch(record -> record.contains(sequence));
                if (onDestination) {
                    goodOnDestination.add(i);
                }
                if (!outcome.processed().containsKey(sequence)) {
                    (onDestination ? lost : unaccounted).add(i);
                }
            }
            Pause pause = longestPause(outcome, workload.batchSize());
            observations.add(new Observation("processed-" + s, label + ": good records processed", goodProcessed, ""));
            observations.add(new Observation("poison-deliveries-" + s, label + ": deliveries of the poison record", outcome.poisonDeliveries(), ""));
            observations.add(new Observation("duplicates-" + s, label + ": redeliveries absorbed by the idempotent handler", duplicates, ""));
            observations.add(new Observation("redelivered-" + s, label + ": good records delivered more than once", redelivered, ""));
            observations.add(new Observation("to-destination-" + s, label + ": records sent to the on-failure destination", toDestination, ""));
            observations.add(new Observation("good-to-destination-" + s, label + ": good records among them", goodOnDestination.size(), ""));
            observations.add(new Observation("good-lost-" + s, label + ": good records never processed (only the destination names them)",
                    lost.size(), ""));
            observations.add(new Observation("blocked-ms-" + s, label + ": longest pause of the shard around the poison (from position " + pause.fromPosition()
                    + " to " + pause.toPosition() + ")", pause.millis(), "ms"));
            observations.add(new Observation("drain-ms-" + s, label + ": mapping created until every record was processed or on the destination",
                    outcome.drainedAtMillis() < 0 ? Double.NaN : outcome.drainedAtMillis() - outcome.createdAtMillis(), "ms"));
            COUNTERS.forEach((counter, what) -> {
                Long value = outcome.counters().get(counter);
                if (value != null) {
                    observations.add(new Observation(counter.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT) + "-" + s,
                            label + ": " + what, value, ""));
                }
            });

            checks.add(new Check("nothing dropped silently", label, unaccounted.isEmpty() ? Check.Verdict.PASS : Check.Verdict.FAIL,
                    unaccounted.isEmpty() ? (outcome.sequence().size() - 1) + " good records processed or named on the on-failure destination"
                            : unaccounted.size() + " good records neither processed nor on the destination; first at position "
                            + (unaccounted.get(0) + 1)));
            checks.add(developerGuideCheck(workload, outcome, goodOnDestination, lost));
            if (!lost.isEmpty()) {
                marks.put(s, "lost " + lost.size() + " good records to the on-failure destination (positions " + (lost.get(0) + 1) + "-"
                        + (lost.get(lost.size() - 1) + 1) + ")");
            }
        }
        return new ExperimentResult(observations, checks, charts(workload, outcomes), marks(history, marks));
    }

    /**
     * What the Lambda developer guide says each strategy does with the poison record, checked against what happened:
     * retrying the batch gives up the poison's whole batch; bisect narrows it to the poison alone; with
     * ReportBatchItemFailures the retries start at the poison record, so the record given up starts there.
     */
    static Check developerGuideCheck(Workload workload, StrategyOutcome outcome, List<Integer> goodOnDestination, List<Integer> lost) {
        EsmStrategy strategy = outcome.strategy();
        List<DestinationRecord> withPoison = outcome.destination().stream().filter(record -> record.contains(outcome.poison())).toList();
        if (withPoison.size() != 1) {
            return new Check("as the developer guide says", strategy.label(), Check.Verdict.FAIL,
                    withPoison.size() + " on-failure records name the poison record (expected 1 after its retries ran out)");
        }
        DestinationRecord record = withPoison.get(0);
        String seen = "on-failure record " + record.condition() + " of " + record.batchSize() + " record" + (record.batchSize() == 1 ? "" : "s")
                + " after " + record.approximateInvokeCount() + " invokes; poison delivered " + outcome.poisonDeliveries() + " times";
        boolean exhausted = "RetryAttemptsExhausted".equals(record.condition());
        long minimumDeliveries = workload.retries() + 1L;
        boolean pass;
        String expected;
        if (strategy.reportBatchItemFailures()) {
            pass = exhausted && record.startSequenceNumber().equals(outcome.poison()) && lost.isEmpty()
                    && outcome.poisonDeliveries() == minimumDeliveries;
            expected = "retries from the poison record, " + minimumDeliveries + " deliveries, no good record lost";
        } else if (strategy.bisect()) {
            pass = exhausted && record.batchSize() == 1 && goodOnDestination.isEmpty() && outcome.poisonDeliveries() >= minimumDeliveries;
            expected = "the poison record isolated and given up alone";
        } else {
            pass = exhausted && outcome.poisonDeliveries() == minimumDeliveries && record.batchSize() == goodOnDestination.size() + 1;
            expected = "the whole batch retried " + workload.retries() + " times, then given up with the poison record";
        }
        return new Check("as the developer guide says", strategy.label(), pass ? Check.Verdict.PASS : Check.Verdict.FAIL,
                (pass ? "" : "expected " + expected + "; ") + seen);
    }

    /**
     * The shard blocked behind the poison record: the longest time between two successive first processings of the
     * records from the batch before the poison's on (earlier records are done before the poison is read, and the
     * very first records of a run also wait for the handler's first DynamoDB call).
     */
    static Pause longestPause(StrategyOutcome outcome, int batchSize) {
        List<long[]> times = new ArrayList<>();
        for (int i = Math.max(0, outcome.poisonIndex() - batchSize); i < outcome.sequence().size(); i++) {
            ProcessedRow row = outcome.processed().get(outcome.sequence().get(i));
            if (row != null) {
                times.add(new long[] {row.processedAtMillis(), i});
            }
        }
        times.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Pause longest = new Pause(0, 0, 0);
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i)[0] - times.get(i - 1)[0];
            if (gap > longest.millis()) {
                longest = new Pause(gap, (int) times.get(i - 1)[1] + 1, (int) times.get(i)[1] + 1);
            }
        }
        return longest;
    }

    private static List<Chart> charts(Workload workload, List<StrategyOutcome> outcomes) {
        List<Chart.Point> poison = new ArrayList<>();
        List<Chart.Point> duplicates = new ArrayList<>();
        List<Chart.Point> destination = new ArrayList<>();
        List<Chart.Point> lost = new ArrayList<>();
        List<Chart.Point> blocked = new ArrayList<>();
        List<Chart.Series> timeline = new ArrayList<>();
        List<Chart.Series> deliveries = new ArrayList<>();
        long start = outcomes.stream().flatMap(outcome -> outcome.processed().values().stream()).mapToLong(ProcessedRow::processedAtMillis)
                .min().orElse(0);
        for (int x = 0; x < outcomes.size(); x++) {
            StrategyOutcome outcome = outcomes.get(x);
            int from = Math.max(0, outcome.poisonIndex() - workload.batchSize());
            int to = Math.min(outcome.sequence().size() - 1, outcome.poisonIndex() + workload.batchSize());
            String label = outcome.strategy().label();
            String id = outcome.strategy().id();
            poison.add(new Chart.Point(x, outcome.poisonDeliveries(), id));
            duplicates.add(new Chart.Point(x, outcome.processed().values().stream().mapToLong(ProcessedRow::duplicates).sum(), id));
            destination.add(new Chart.Point(x, outcome.destination().stream().mapToLong(DestinationRecord::batchSize).sum(), id));
            lost.add(new Chart.Point(x, outcome.sequence().stream().filter(sequence -> !sequence.equals(outcome.poison())
                    && !outcome.processed().containsKey(sequence)).count(), id));
            blocked.add(new Chart.Point(x, longestPause(outcome, workload.batchSize()).millis(), label));
            List<Long> processedAt = outcome.processed().values().stream().map(ProcessedRow::processedAtMillis).sorted().toList();
            List<Chart.Point> progress = new ArrayList<>();
            for (int i = 0; i < processedAt.size(); i++) {
                progress.add(Chart.Point.of((processedAt.get(i) - start) / 1000.0, i + 1));
            }
            timeline.add(new Chart.Series(label, progress));
            List<Chart.Point> around = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                around.add(new Chart.Point(i + 1, outcome.deliveries(i), i == outcome.poisonIndex() ? "poison" : null));
            }
            deliveries.add(new Chart.Series(label, around));
        }
        return List.of(
                new Chart("poison-cost", "What the poison record cost per strategy: its deliveries, redeliveries of good records (absorbed "
                        + "by the idempotent handler), records sent to the on-failure destination, good records never processed",
                        Chart.Kind.BAR, "strategy", "records or deliveries",
                        List.of(new Chart.Series("poison deliveries", poison), new Chart.Series("redeliveries", duplicates),
                                new Chart.Series("sent to destination", destination), new Chart.Series("never processed", lost))),
                new Chart("blocked", "Longest pause of the shard behind the poison record", Chart.Kind.BAR, "strategy", "ms",
                        List.of(new Chart.Series("blocked", blocked))),
                new Chart("progress", "Records processed over time (a flat stretch: the shard blocked behind the poison record)",
                        Chart.Kind.TIMELINE, "seconds since the run's first record was processed", "records processed", timeline),
                new Chart("deliveries", "Deliveries the handler saw per record around the poison (0: never reached)", Chart.Kind.LINE, "position in the shard", "deliveries", deliveries));
    }

    /** The drain operation of each strategy that lost good records, marked on the report's timeline. */
    private static Map<Long, String> marks(List<RecordedOp> history, Map<String, String> byStrategy) {
        Map<Long, String> marks = new LinkedHashMap<>();
        for (RecordedOp op : history) {
            if (op.f().equals("drain") && byStrategy.containsKey(op.key())) {
                marks.put(op.index(), byStrategy.get(op.key()));
            }
        }
        return marks;
    }
}
