package dev.dslab.shell.report;

import dev.dslab.curriculum.lesson.Lesson;
import dev.dslab.curriculum.question.Source;
import dev.dslab.scenarios.engine.Chart;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.ExperimentResult;
import dev.dslab.scenarios.engine.Numbers;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.scenarios.engine.RunRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.dslab.shell.report.Html.escape;

/**
 * One run as a self-contained HTML page: inline CSS, inline SVG charts, a few lines of inline script for the
 * timeline zoom; nothing is fetched, so it opens offline and can be mailed as one file. Every value that came
 * from the target or the run passes through {@link Html#escape}.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    private HtmlReport() {
    }

    /** Writes report.html into the run directory (atomically, so a reader never sees half a page). */
    public static Path write(RunReport report, Path runDirectory) {
        return write(report, runDirectory, List.of());
    }

    /** Writes report.html with a "Learn more" box naming the lessons that link the run's experiment. */
    public static Path write(RunReport report, Path runDirectory, List<Lesson> lessons) {
        Path file = runDirectory.resolve(FILE);
        Path temporary = runDirectory.resolve(FILE + ".tmp");
        try {
            Files.writeString(temporary, render(report, lessons), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    public static String render(RunReport report) {
        return render(report, List.of());
    }

    public static String render(RunReport report, List<Lesson> lessons) {
        RunRecord record = report.record();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(record.experiment() + " - run " + record.runId())).append("</title>\n")
                .append("<style>").append(CSS).append("</style></head>\n<body>\n");
        html.append("<header><h1>").append(escape(record.experiment())).append("</h1>");
        report.info().ifPresent(info -> html.append("<p class=\"purpose\">").append(escape(info.purpose())).append("</p>"));
        html.append("<p class=\"status status-").append(record.status().name().toLowerCase(Locale.ROOT)).append("\">Run ")
                .append(escape(record.runId())).append(": <strong>").append(escape(report.statusLine())).append("</strong></p>");
        if (report.partial()) {
            html.append("<p class=\"partial\">Partial run: what follows is what was recorded before it stopped.</p>");
        }
        html.append("</header>\n");

        section(html, "Settings");
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("target", record.target());
        report.modelText().forEach((control, text) -> settings.put("model " + control, text));
        settings.put("seed", Long.toString(record.seed()));
        settings.put("parameters", report.parametersText());
        settings.put("started", String.valueOf(record.startedAt()));
        settings.put("duration", report.duration());
        settings.put("operations", Numbers.format(record.operations()));
        keyValues(html, settings);
        if (report.info().isPresent()) {
            ExperimentInfo info = report.info().get();
            html.append("<details><summary>Hypothesis and how it works</summary><p>").append(escape(info.hypothesis())).append("</p>");
            for (String paragraph : info.explanation().split("\\n\\s*\\n")) {
                html.append("<p>").append(escape(paragraph.strip())).append("</p>");
            }
            html.append("</details>\n");
        }

        report.prediction().ifPresent(prediction -> {
            section(html, "Prediction and outcome");
            html.append("<p>").append(escape(prediction.question())).append("</p>");
            Map<String, String> rows = new java.util.LinkedHashMap<>();
            rows.put("you predicted", prediction.predicted());
            rows.put("the run observed", prediction.observed());
            keyValues(html, rows);
        });

        if (report.result().isPresent()) {
            ExperimentResult result = report.result().get();
            section(html, "Observations");
            if (result.observations().isEmpty()) {
                html.append("<p class=\"note\">None.</p>\n");
            } else {
                html.append("<table><thead><tr><th>observation</th><th>value</th><th>id</th></tr></thead><tbody>\n");
                for (Observation observation : result.observations()) {
                    html.append("<tr><td>").append(escape(observation.label())).append("</td><td class=\"num\">")
                            .append(escape(observation.formatted())).append("</td><td><code>").append(escape(observation.id()))
                            .append("</code></td></tr>\n");
                }
                html.append("</tbody></table>\n");
            }
            section(html, "Checker verdicts");
            if (result.checks().isEmpty()) {
                html.append("<p class=\"note\">None.</p>\n");
            } else {
                html.append("<table><thead><tr><th>checker</th><th>scope</th><th>verdict</th><th>detail</th></tr></thead><tbody>\n");
                for (Check check : result.checks()) {
                    html.append("<tr><td>").append(escape(check.checker())).append("</td><td>").append(escape(check.scope()))
                            .append("</td><td class=\"verdict verdict-").append(check.verdict().name().toLowerCase(Locale.ROOT)).append("\">")
                            .append(check.verdict().name()).append("</td><td>").append(escape(check.detail())).append("</td></tr>\n");
                }
                html.append("</tbody></table>\n");
            }
            for (Chart chart : result.charts()) {
                html.append("<section class=\"chart-box\"><h2>").append(escape(chart.title())).append("</h2>\n")
                        .append(SvgCharts.render(chart)).append("</section>\n");
            }
        } else {
            section(html, "Results");
            html.append("<p class=\"note\">No observations, verdicts or charts: the run did not complete.</p>\n");
        }

        section(html, "Operation timeline" + (report.partial() ? " (partial)" : ""));
        if (report.history().truncated()) {
            html.append("<p class=\"note\">The history's last line was cut off by a crash and is left out.</p>\n");
        }
        html.append(OperationTimeline.render(report.history().ops(), report.result().map(ExperimentResult::marks).orElse(Map.of())));

        if (!lessons.isEmpty()) {
            html.append("<aside class=\"learn\"><h2>Learn more</h2>\n<dl>\n");
            for (Lesson lesson : lessons) {
                html.append("<dt>").append(escape(lesson.title())).append("</dt><dd>").append(escape(lesson.summary()))
                        .append(" <code>dslab learn ").append(escape(lesson.id())).append("</code></dd>\n");
            }
            html.append("</dl></aside>\n");
        }

        if (report.info().isPresent()) {
            section(html, "Sources");
            html.append("<ul class=\"sources\">\n");
            for (Source source : report.info().get().sources()) {
                html.append("<li><a href=\"").append(escape(source.url())).append("\" rel=\"noreferrer\">").append(escape(source.title()))
                        .append("</a></li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("<footer>dslab run report, written ").append(escape(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
                .append("</footer>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    private static void section(StringBuilder html, String title) {
        html.append("<h2>").append(escape(title)).append("</h2>\n");
    }

    private static void keyValues(StringBuilder html, Map<String, String> rows) {
        html.append("<table class=\"kv\"><tbody>\n");
        rows.forEach((key, value) -> html.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value)).append("</td></tr>\n"));
        html.append("</tbody></table>\n");
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:0 20px 40px;color:#222}
            h1{margin:24px 0 4px}h2{margin:28px 0 8px;font-size:18px;border-bottom:1px solid #ddd}
            .purpose{font-size:16px;color:#444;margin:0 0 8px}.status strong{padding:1px 6px;border-radius:3px}
            .status-completed strong{background:#e3f4e3}.status-failed strong,.status-timed_out strong{background:#fde2e1}
            .status-interrupted strong{background:#fff1c9}.partial{color:#a33;font-weight:600}
            table{border-collapse:collapse;margin:6px 0}th,td{text-align:left;padding:3px 10px;border-bottom:1px solid #eee;vertical-align:top}
            table.kv th{font-weight:600;color:#555;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .verdict-pass{color:#17702a;font-weight:700}.verdict-fail{color:#b3261e;font-weight:700}.verdict-unknown{color:#8a6d00;font-weight:700}
            .note{color:#666;font-style:italic}svg.chart{max-width:100%;height:auto}
            .legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border:1px solid #0003}
            .timeline-frame{display:flex;border:1px solid #ddd}.lanes{flex:none;font-size:11px;color:#555;padding:0 6px;border-right:1px solid #ddd}
            .lanes div{line-height:16px;white-space:nowrap}.timeline-scroll{overflow-x:auto;flex:1}.timeline{width:100%;position:relative}
            .timeline svg{display:block}.time-axis{position:relative;height:18px;font-size:10px;color:#555;border-top:1px solid #ddd}
            .time-axis span{position:absolute;white-space:nowrap}
            .lane{stroke:#f0f0f0}rect.op-read,i.op-read{fill:#6baed6;background:#6baed6}rect.op-write,i.op-write{fill:#74c476;background:#74c476}
            rect.op-cas,i.op-cas{fill:#9e9ac8;background:#9e9ac8}rect.op-other,i.op-other{fill:#bdbdbd;background:#bdbdbd}
            rect.out-fail,i.out-fail{opacity:.35}rect.out-indeterminate{stroke:#e6550d;stroke-dasharray:3 2;stroke-width:1.5}i.out-indeterminate{border:2px dashed #e6550d}
            rect.marked,i.marked{fill:#d62728;background:#d62728;stroke:#7f0000;stroke-width:2}
            aside.learn{margin:28px 0 0;padding:2px 16px 10px;background:#f3f7fc;border:1px solid #c9d9ee;border-radius:6px}
            aside.learn h2{border:0}aside.learn dt{font-weight:600;margin-top:6px}aside.learn dd{margin:2px 0 0 0;color:#333}
            .zoom{margin:4px 0}.zoom button{min-width:28px}footer{margin-top:32px;color:#888;font-size:12px}
            """;

    /** Zooms the timeline by changing its width; marks the page rendered, which the browser test reads. */
    private static final String SCRIPT = """
            (function () {
              var timeline = document.getElementById('timeline');
              var zoom = 1;
              document.querySelectorAll('button[data-zoom]').forEach(function (button) {
                button.addEventListener('click', function () {
                  var how = button.getAttribute('data-zoom');
                  zoom = how === 'in' ? Math.min(64, zoom * 2) : how === 'out' ? Math.max(1, zoom / 2) : 1;
                  if (timeline) { timeline.style.width = (100 * zoom) + '%'; }
                });
              });
              document.body.setAttribute('data-rendered', 'ok');
            })();
            """;
}
