package dev.dslab.scenarios.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Observations;
import dev.dslab.scenarios.engine.RunSummary;
import dev.dslab.scenarios.lambda.EsmAnalysis.DestinationRecord;
import dev.dslab.scenarios.lambda.EsmAnalysis.ProcessedRow;
import dev.dslab.scenarios.lambda.EsmAnalysis.StrategyOutcome;
import dev.dslab.scenarios.lambda.EsmAnalysis.Workload;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The analysis on what the developer guide says each strategy does with 20 records in batches of 5, the poison
 * record eighth (index 7, in the batch 5-9), MaximumRetryAttempts 2: the rows below are what the handler writes
 * in each case.
 */
class EsmAnalysisTest {

    static final List<String> SEQUENCE = IntStream.range(0, 20).mapToObj(i -> "4960" + (1000 + i)).toList();
    static final int POISON = 7;
    static final Workload WORKLOAD = new Workload(5, 2);

    /** Records processed at a time each (first processing), with the duplicates the handler counted. */
    static Map<String, ProcessedRow> rows(Map<Integer, long[]> timeAndDuplicates) {
        Map<String, ProcessedRow> rows = new HashMap<>();
        timeAndDuplicates.forEach((index, value) -> rows.put(SEQUENCE.get(index), new ProcessedRow(SEQUENCE.get(index), value[0], value[1])));
        return rows;
    }

    static Map<Integer, long[]> processed(int from, int to, long at, long duplicates, Map<Integer, long[]> into) {
        for (int i = from; i <= to; i++) {
            into.put(i, new long[] {at, duplicates});
        }
        return into;
    }

    static DestinationRecord given(int from, int to, int invokes) {
        return new DestinationRecord("RetryAttemptsExhausted", invokes, SEQUENCE.get(from), SEQUENCE.get(to), to - from + 1);
    }

    /** The batch 5-9 delivered 3 times (5 and 6 processed the first time), then given up whole; 8 and 9 never reached. */
    static StrategyOutcome retry() {
        Map<Integer, long[]> rows = processed(0, 4, 1_000, 0, new HashMap<>());
        processed(5, 6, 1_100, 2, rows);
        processed(10, 14, 2_000, 0, rows);
        processed(15, 19, 2_100, 0, rows);
        return new StrategyOutcome(EsmStrategy.RETRY, SEQUENCE, POISON, 500, 2_500, rows(rows), 3, List.of(given(5, 9, 3)),
                Map.of("invocations", 7L, "functionErrors", 3L));
    }

    /** 5-9 fails, [5,6] succeeds again, [7,8,9] fails, [7] fails and is retried twice, [8,9] succeeds. */
    static StrategyOutcome bisect() {
        Map<Integer, long[]> rows = processed(0, 4, 1_000, 0, new HashMap<>());
        processed(5, 6, 1_100, 1, rows);
        processed(8, 9, 1_900, 0, rows);
        processed(10, 19, 2_000, 0, rows);
        return new StrategyOutcome(EsmStrategy.BISECT, SEQUENCE, POISON, 500, 2_500, rows(rows), 5, List.of(given(7, 7, 3)), Map.of());
    }

    /** 7 reported each time: the retries start at 7, so 8 and 9 come twice more. */
    static StrategyOutcome report() {
        Map<Integer, long[]> rows = processed(0, 4, 1_000, 0, new HashMap<>());
        processed(5, 6, 1_100, 0, rows);
        processed(8, 9, 1_100, 2, rows);
        processed(10, 19, 2_000, 0, rows);
        return new StrategyOutcome(EsmStrategy.REPORT, SEQUENCE, POISON, 500, 2_500, rows(rows), 3, List.of(given(7, 9, 3)), Map.of());
    }

    @Test
    void eachStrategyCostsWhatTheDeveloperGuideSays() {
        ExperimentResult result = EsmAnalysis.analyse(WORKLOAD, List.of(retry(), bisect(), report()), List.of());
        Observations observations = new Observations(result.observations());

        assertThat(observations.value("poison-position")).contains(8.0);
        assertThat(observations.value("poison-deliveries-retry")).contains(3.0);
        assertThat(observations.value("good-to-destination-retry")).contains(4.0);
        assertThat(observations.value("good-lost-retry")).contains(2.0);
        assertThat(observations.value("duplicates-retry")).contains(4.0);
        assertThat(observations.value("processed-retry")).contains(17.0);
        assertThat(observations.value("blocked-ms-retry")).contains(900.0);
        assertThat(observations.get("blocked-ms-retry").orElseThrow().label()).contains("from position 7 to 11");
        assertThat(observations.value("invocations-retry")).contains(7.0);
        assertThat(observations.value("function-errors-retry")).contains(3.0);
        assertThat(observations.value("drain-ms-retry")).contains(2_000.0);

        assertThat(observations.value("poison-deliveries-bisect")).contains(5.0);
        assertThat(observations.value("to-destination-bisect")).contains(1.0);
        assertThat(observations.value("good-lost-bisect")).contains(0.0);
        assertThat(observations.value("blocked-ms-bisect")).contains(800.0);
        assertThat(observations.value("invocations-bisect")).as("no counters on a real account").isEmpty();

        assertThat(observations.value("to-destination-report")).contains(3.0);
        assertThat(observations.value("good-to-destination-report")).contains(2.0);
        assertThat(observations.value("good-lost-report")).contains(0.0);
        assertThat(observations.value("duplicates-report")).contains(4.0);
        assertThat(observations.value("redelivered-report")).contains(2.0);
        assertThat(observations.value("blocked-ms-report")).contains(900.0);

        assertThat(result.checks()).extracting(Check::verdict).containsOnly(Check.Verdict.PASS);
        assertThat(result.charts()).extracting(Chart::id).containsExactly("poison-cost", "blocked", "progress", "deliveries");
        Chart deliveries = result.charts().get(3);
        assertThat(deliveries.series().get(0).points()).extracting(Chart.Point::x, Chart.Point::y).contains(
                Tuple.tuple(6.0, 3.0), Tuple.tuple(8.0, 3.0), Tuple.tuple(9.0, 0.0), Tuple.tuple(11.0, 1.0));
    }

    @Test
    void aGoodRecordNeitherProcessedNorOnTheDestinationFailsTheRun() {
        StrategyOutcome report = report();
        Map<String, ProcessedRow> rows = new HashMap<>(report.processed());
        rows.remove(SEQUENCE.get(15));
        StrategyOutcome dropped = new StrategyOutcome(EsmStrategy.REPORT, SEQUENCE, POISON, 500, 2_500, rows, 3, report.destination(), Map.of());

        ExperimentResult result = EsmAnalysis.analyse(WORKLOAD, List.of(dropped), List.of());

        assertThat(result.checks()).extracting(Check::checker, Check::verdict, Check::detail).contains(Tuple.tuple("nothing dropped silently",
                Check.Verdict.FAIL, "1 good records neither processed nor on the destination; first at position 16"));
    }

    @Test
    void aMappingThatGaveUpTheWrongRecordsFailsTheDeveloperGuideCheck() {
        StrategyOutcome retry = retry();
        StrategyOutcome onlyThePoison = new StrategyOutcome(EsmStrategy.RETRY, SEQUENCE, POISON, 500, 2_500, retry.processed(), 3,
                List.of(given(7, 7, 3), given(8, 9, 1)), Map.of());
        StrategyOutcome report = report();
        StrategyOutcome fromTheBatchStart = new StrategyOutcome(EsmStrategy.REPORT, SEQUENCE, POISON, 500, 2_500, report.processed(), 3,
                List.of(given(5, 9, 3)), Map.of());

        ExperimentResult result = EsmAnalysis.analyse(WORKLOAD, List.of(onlyThePoison, fromTheBatchStart), List.of());

        assertThat(result.checks()).filteredOn(check -> check.checker().equals("as the developer guide says"))
                .extracting(Check::verdict).containsOnly(Check.Verdict.FAIL);
    }

    @Test
    void theShardIsBlockedForTheLongestPauseFromTheBatchBeforeThePoisonOn() {
        StrategyOutcome bisect = bisect();
        Map<String, ProcessedRow> slowFirstWrite = new HashMap<>(bisect.processed());
        slowFirstWrite.put(SEQUENCE.get(0), new ProcessedRow(SEQUENCE.get(0), 0, 0));
        StrategyOutcome coldHandler = new StrategyOutcome(EsmStrategy.BISECT, SEQUENCE, POISON, 500, 2_500, slowFirstWrite, 5,
                bisect.destination(), Map.of());

        assertThat(EsmAnalysis.longestPause(bisect, 5)).isEqualTo(new EsmAnalysis.Pause(800, 7, 9));
        assertThat(EsmAnalysis.longestPause(coldHandler, 5)).as("a pause before the poison's batch is not the poison's")
                .isEqualTo(new EsmAnalysis.Pause(800, 7, 9));
    }

    @Test
    void strategiesAreEveryCombinationOfTheFixedAndComparedSettings() {
        assertThat(EsmStrategy.select("compare", "compare")).containsExactly(EsmStrategy.RETRY, EsmStrategy.BISECT, EsmStrategy.REPORT);
        assertThat(EsmStrategy.select("true", "compare")).containsExactly(EsmStrategy.BISECT, EsmStrategy.BISECT_REPORT);
        assertThat(EsmStrategy.select("compare", "false")).containsExactly(EsmStrategy.RETRY, EsmStrategy.BISECT);
        assertThat(EsmStrategy.select("true", "true")).containsExactly(EsmStrategy.BISECT_REPORT);
        assertThat(EsmStrategy.select("false", "false")).containsExactly(EsmStrategy.RETRY);
        assertThat(EsmStrategy.RETRY.handlerFailureMode()).isEqualTo("throw");
        assertThat(EsmStrategy.BISECT_REPORT.handlerFailureMode()).isEqualTo("report");
    }

    @Test
    void anOnFailureRecordIsReadInLambdasFormat() {
        String object = """
                {"requestContext":{"requestId":"c9b8fa9f","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:f",
                 "condition":"RetryAttemptsExhausted","approximateInvokeCount":4},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2026-11-27T08:00:00.000Z",
                 "KinesisBatchInfo":{"shardId":"shardId-000000000000","startSequenceNumber":"49601000","endSequenceNumber":"49601009",
                 "approximateArrivalOfFirstRecord":"2026-11-27T07:59:58Z","approximateArrivalOfLastRecord":"2026-11-27T07:59:58Z",
                 "batchSize":10,"streamArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s"},"payload":{"Records":[]}}""";

        DestinationRecord record = LambdaKinesisEsmExperiment.destinationRecord(object.getBytes(StandardCharsets.UTF_8));

        assertThat(record).isEqualTo(new DestinationRecord("RetryAttemptsExhausted", 4, "49601000", "49601009", 10));
        assertThat(record.contains("49601005")).isTrue();
        assertThat(record.contains("49601010")).isFalse();
        assertThat(record.contains("4960999")).as("compared as numbers, not as text").isFalse();
    }

    @Test
    void everyQuizTemplateIsAnsweredFromTheRunsObservations() {
        ExperimentResult result = EsmAnalysis.analyse(WORKLOAD, List.of(retry(), bisect(), report()), List.of());
        RunSummary run = new RunSummary("r1", "lambda-kinesis-esm", 7, "local", Map.of("retries", "2", "batch-size", "5"),
                new Observations(result.observations()), result.checks());

        LambdaKinesisEsmExperiment experiment = new LambdaKinesisEsmExperiment();
        assertThat(experiment.quiz()).allSatisfy(template -> assertThat(template.instantiate(run)).isPresent());
        assertThat(experiment.info().prediction().orElseThrow().outcome(run.observations())).contains(1);

        RunSummary reportOnly = new RunSummary("r2", "lambda-kinesis-esm", 7, "local", Map.of("retries", "2", "batch-size", "5"),
                new Observations(EsmAnalysis.analyse(WORKLOAD, List.of(report()), List.of()).observations()), List.of());
        assertThat(experiment.quiz().stream().map(template -> template.instantiate(reportOnly)).filter(Optional::isPresent).count())
                .isEqualTo(2);

        StrategyOutcome report = report();
        StrategyOutcome both = new StrategyOutcome(EsmStrategy.BISECT_REPORT, SEQUENCE, POISON, 500, 2_500, report.processed(), 3,
                report.destination(), Map.of());
        RunSummary bisectRun = new RunSummary("r3", "lambda-kinesis-esm", 7, "local", Map.of("retries", "2", "batch-size", "5"),
                new Observations(EsmAnalysis.analyse(WORKLOAD, List.of(bisect(), both), List.of()).observations()), List.of());
        assertThat(experiment.quiz().stream().map(template -> template.instantiate(bisectRun)).flatMap(Optional::stream)
                .map(question -> question.id())).containsExactly("obs.lambda-kinesis-esm.bisect-deliveries",
                "obs.lambda-kinesis-esm.duplicates", "obs.lambda-kinesis-esm.what-bounds-the-block");
    }
}
