package dev.dslab.shell.report;

import dev.dslab.curriculum.lesson.Lesson;

import dev.dslab.scenarios.engine.ExperimentRunner;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.scenarios.history.HistoryWriter;
import dev.dslab.scenarios.history.RecordedOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @TempDir
    Path runs;

    /** A run directory as the runner leaves it: result.json and history.jsonl written by the engine's own writers. */
    static Path runDirectory(Path runs, RunRecord record, List<RecordedOp> history) throws IOException {
        Path directory = Files.createDirectories(runs.resolve(record.runId()));
        try (HistoryWriter writer = new HistoryWriter(directory.resolve(RunRecord.HISTORY_FILE))) {
            history.forEach(writer::append);
        }
        ExperimentRunner.write(record, directory);
        return directory;
    }

    static RunReport load(Path directory) throws IOException {
        return RunReport.load(ExperimentRunner.read(directory), Optional.of(SampleRuns.info()), directory);
    }

    @Test
    void aCompletedRunShowsEverySectionEveryChartAndItsMarkedOperations() throws IOException {
        Path directory = runDirectory(runs, SampleRuns.completed("run-1"), SampleRuns.history(40, 1));
        Path file = HtmlReport.write(load(directory), directory);

        String html = Files.readString(file);
        assertThat(file).isEqualTo(directory.resolve("report.html"));
        assertThat(html).contains("<h1>sample-consistency</h1>", "Shows how often eventually consistent reads are stale",
                "COMPLETED", "readers=8", ">7<", "model dynamodb/replication", "ack=quorum",
                "What share of eventual reads will be stale?", "b) 1 to 20 %", "b) 1 to 20 % (12.5 %)",
                "Median replica lag", "37.2 ms", "verdict-pass", "verdict-fail", "verdict-unknown",
                "Stale reads by time since the last write", "Replica lag", "Read capacity per 1,000 reads",
                "Availability during the partition", "Operation timeline", "client 0", "client 3",
                "stale: 2 versions behind", "docs.aws.amazon.com/amazondynamodb", "data-rendered");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(5);
        // the lineage: a box per shard and an arrow per parent-child pair (a merge has two)
        assertThat(count(html, "<title>shard 0 -&gt; shard")).isEqualTo(2);
        assertThat(count(html, "-&gt; shard 4</title>")).isEqualTo(2);
        assertThat(html).contains("shard 4: hash keys 0-50 %, from 8 s, open; parents: shard 2 + shard 3");
        assertThat(count(html, "<rect class=\"op-")).isEqualTo(40);
        assertThat(count(html, " marked\"")).isEqualTo(2);
        assertThat(html).doesNotContain("Partial run", "Showing ");
    }

    @Test
    void everyValueFromTheRunIsEscaped() throws IOException {
        Path directory = runDirectory(runs, SampleRuns.completed("run-2"), SampleRuns.history(40, 2));
        String html = HtmlReport.render(load(directory));

        assertThat(html).doesNotContain(SampleRuns.HOSTILE).doesNotContain("<script>alert");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assertThat(count(html, "<script>")).isEqualTo(1);
        assertThat(html).doesNotContain("http-equiv", "src=\"http", "href=\"http://", "@import");
    }

    @Test
    void theLessonsLinkingTheExperimentAreALearnMoreBoxWithTheCommandToReadThem() throws IOException {
        Path directory = runDirectory(runs, SampleRuns.completed("run-5"), SampleRuns.history(10, 5));
        Lesson lesson = new Lesson("lessons/quorums.md", "quorums", "Quorums <and> repair", "Why R + W > N & what it does not buy.", 10,
                List.of(), List.of("dynamodb-read-consistency"), List.of(), List.of(), "# Quorums\n", 12);
        String html = HtmlReport.render(load(directory), List.of(lesson));

        assertThat(html).contains("<aside class=\"learn\"><h2>Learn more</h2>", "<dt>Quorums &lt;and&gt; repair</dt>",
                "<dd>Why R + W &gt; N &amp; what it does not buy. <code>dslab learn quorums</code></dd>");
        assertThat(html.indexOf("Learn more")).isLessThan(html.indexOf("<h2>Sources</h2>"));
        assertThat(HtmlReport.render(load(directory))).doesNotContain("Learn more");
    }

    @Test
    void aFailedRunIsLabelledPartialWithItsReasonAndKeepsItsHistory() throws IOException {
        Path directory = runDirectory(runs, SampleRuns.failed("run-3"), SampleRuns.history(12, 3));
        Files.writeString(directory.resolve(RunRecord.HISTORY_FILE), "{\"index\":12,\"cli", StandardOpenOption.APPEND);

        String html = HtmlReport.render(load(directory));

        assertThat(html).contains("FAILED (partial): the local target stopped answering &lt;script&gt;",
                "Partial run", "Operation timeline (partial)", "the run did not complete",
                "last line was cut off by a crash");
        assertThat(count(html, "<rect class=\"op-")).isEqualTo(12);
    }

    @Test
    void aLargeHistoryIsSampledKeepingEveryMarkedOperation() throws IOException {
        int operations = OperationTimeline.MAX_OPERATIONS * 3;
        Path directory = runDirectory(runs, SampleRuns.completed("run-4"), SampleRuns.history(operations, 4));
        String html = HtmlReport.render(load(directory));

        assertThat(count(html, "<rect class=\"op-")).isEqualTo(OperationTimeline.MAX_OPERATIONS);
        assertThat(count(html, " marked\"")).isEqualTo(2);
        assertThat(html).contains("Showing 4,000 of 12,000 operations");
    }

    @Test
    void theTerminalSummaryShowsStatusObservationsVerdictsAndCharts() throws IOException {
        Path directory = runDirectory(runs, SampleRuns.completed("run-5"), SampleRuns.history(40, 5));
        String text = TerminalReport.render(load(directory), TextStyle.plain(80, false));

        assertThat(text).contains("Run run-5", "status", "COMPLETED", "12.5 s, 40 operations", "seed", "lag=40ms",
                "predicted", "b) 1 to 20 %", "OBSERVATION", "Median replica lag", "37.2 ms", "VERDICT", "FAIL",
                "2 marked operation(s)", "Replica lag", "Availability during the partition");
        assertThat(text).doesNotContain("\u001B[");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        assertThat(text).contains("      k1: read of v3 after v4 was acknowledged");
        String failed = TerminalReport.render(load(runDirectory(runs, SampleRuns.failed("run-6"), SampleRuns.history(3, 6))),
                TextStyle.plain(80, false));
        assertThat(failed).contains("FAILED (partial): the local target stopped answering", "partial history has 3 operations");
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
