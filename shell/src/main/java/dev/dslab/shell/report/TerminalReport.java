package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.render.Table;

import java.util.Map;

/** A run in the terminal: an aligned summary, the verdicts, then every chart as text. */
public final class TerminalReport {

    private TerminalReport() {
    }

    public static String render(RunReport report, TextStyle style) {
        RunRecord record = report.record();
        StringBuilder text = new StringBuilder();
        text.append(style.bold("Run " + record.runId())).append("  ").append(record.experiment()).append('\n');
        Table summary = new Table("", "");
        report.info().ifPresent(info -> summary.row("purpose", info.purpose()));
        summary.row("status", report.statusLine());
        summary.row("duration", report.duration() + ", " + Numbers.format(record.operations()) + " operations");
        summary.row("target", record.target());
        report.modelText().forEach((control, settings) -> summary.row("model " + control, settings));
        summary.row("seed", record.seed());
        summary.row("parameters", report.parametersText());
        report.prediction().ifPresent(prediction -> {
            summary.row("predicted", prediction.predicted());
            summary.row("observed", prediction.observed());
        });
        if (report.history().truncated()) {
            summary.row("history", "its last line was cut off by a crash and is left out");
        }
        // the header row of a two-column key/value table is empty: drop it
        text.append(summary.render("  ").lines().skip(1).map(line -> line + "\n").reduce("", String::concat));
        if (report.result().isEmpty()) {
            text.append("No observations, verdicts or charts: the run did not complete; its partial history has ")
                    .append(Numbers.format(report.history().ops().size())).append(" operations.\n");
            return text.toString();
        }
        ExperimentResult result = report.result().get();
        if (!result.observations().isEmpty()) {
            text.append('\n');
            Table observations = new Table("OBSERVATION", "VALUE");
            for (Observation observation : result.observations()) {
                observations.row(observation.label(), observation.formatted());
            }
            text.append(observations.render("  "));
        }
        if (!result.checks().isEmpty()) {
            text.append('\n');
            Table checks = new Table("CHECKER", "SCOPE", "VERDICT", "DETAIL");
            for (Check check : result.checks()) {
                checks.row(check.checker(), check.scope(), check.verdict(), check.detail());
            }
            text.append(checks.render("  "));
        }
        if (!result.marks().isEmpty()) {
            text.append("\n  ").append(Numbers.format(result.marks().size())).append(" marked operation(s), e.g. ");
            Map.Entry<Long, String> first = result.marks().entrySet().stream().min(Map.Entry.comparingByKey()).orElseThrow();
            text.append("#").append(first.getKey()).append(": ").append(first.getValue()).append('\n');
        }
        for (Chart chart : result.charts()) {
            text.append('\n').append(TextCharts.render(chart, style));
        }
        return text.toString();
    }
}
