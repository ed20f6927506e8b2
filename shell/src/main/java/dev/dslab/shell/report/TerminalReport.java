package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.render.TextWrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run in the terminal: an aligned summary, the verdicts, then every chart as text. */
public final class TerminalReport {

    private TerminalReport() {
    }

    public static String render(RunReport report, TextStyle style) {
        RunRecord record = report.record();
        StringBuilder text = new StringBuilder();
        text.append(style.bold("Run " + record.runId())).append("  ").append(record.experiment()).append('\n');
        Map<String, String> summary = new LinkedHashMap<>();
        report.info().ifPresent(info -> summary.put("purpose", info.purpose()));
        summary.put("status", report.statusLine());
        summary.put("duration", report.duration() + ", " + Numbers.format(record.operations()) + " operations");
        summary.put("target", record.target());
        report.modelText().forEach((control, settings) -> summary.put("model " + control, settings));
        summary.put("seed", Long.toString(record.seed()));
        summary.put("parameters", report.parametersText());
        report.prediction().ifPresent(prediction -> {
            summary.put("predicted", prediction.predicted());
            summary.put("observed", prediction.observed());
        });
        if (report.history().truncated()) {
            summary.put("history", "its last line was cut off by a crash and is left out");
        }
        int keyWidth = summary.keySet().stream().mapToInt(String::length).max().orElse(0);
        // long values (model settings, parameters) wrap under themselves instead of past the terminal's edge
        summary.forEach((key, value) -> text.append(TextWrap.paragraphs(value, "  " + TextCharts.pad(key, keyWidth, false) + "  ",
                " ".repeat(keyWidth + 4), style.width())));
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
            String table = checks.render("  ");
            if (table.lines().allMatch(line -> line.length() <= style.width())) {
                text.append(table);
            } else {
                // the evidence is often a long sentence: each verdict on its line, its detail wrapped below it
                Table verdicts = new Table("CHECKER", "SCOPE", "VERDICT");
                result.checks().forEach(check -> verdicts.row(check.checker(), check.scope(), check.verdict()));
                List<String> rows = verdicts.render("  ").lines().toList();
                text.append(rows.get(0)).append('\n');
                for (int i = 0; i < result.checks().size(); i++) {
                    text.append(rows.get(i + 1)).append('\n')
                            .append(TextWrap.paragraphs(result.checks().get(i).detail(), "      ", style.width()));
                }
            }
        }
        if (!result.marks().isEmpty()) {
            Map.Entry<Long, String> first = result.marks().entrySet().stream().min(Map.Entry.comparingByKey()).orElseThrow();
            text.append('\n').append(TextWrap.paragraphs(Numbers.format(result.marks().size()) + " marked operation(s), e.g. #"
                    + first.getKey() + ": " + first.getValue(), "  ", "    ", style.width()));
        }
        for (Chart chart : result.charts()) {
            text.append('\n').append(TextCharts.render(chart, style));
        }
        return text.toString();
    }
}
