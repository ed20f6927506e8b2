package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Experiment;
import dev.dslab.scenarios.engine.ExperimentCatalog;
import dev.dslab.scenarios.engine.ExperimentInfo;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.learn.LessonLibrary;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Optional;

/** Builds a run's reports: the HTML file in its run directory and the text for the learner's terminal. */
@Component
public class RunReports {

    private final ExperimentRuns runs;
    private final ExperimentCatalog catalog;
    private final LearnerConsole console;
    private final LessonLibrary lessons;

    public RunReports(ExperimentRuns runs, ExperimentCatalog catalog, LearnerConsole console, LessonLibrary lessons) {
        this.runs = runs;
        this.catalog = catalog;
        this.console = console;
        this.lessons = lessons;
    }

    /** The run's record with its history and what the catalogue says of its experiment. */
    public RunReport load(RunRecord record) {
        Optional<ExperimentInfo> info = catalog.all().stream().filter(experiment -> experiment.name().equals(record.experiment()))
                .findFirst().map(Experiment::info);
        try {
            return RunReport.load(record, info, runs.directory(record.runId()));
        } catch (IOException unreadable) {
            throw new DslabException("the history of run " + record.runId() + " cannot be read: " + unreadable.getMessage(), unreadable);
        }
    }

    /** Writes (or refreshes) report.html in the run's directory, with the lessons that link its experiment. */
    public Path writeHtml(RunReport report) {
        try {
            return HtmlReport.write(report, runs.directory(report.record().runId()), lessons.linking(report.record().experiment()));
        } catch (UncheckedIOException cannotWrite) {
            throw new DslabException(cannotWrite.getMessage(), cannotWrite);
        }
    }

    /** The summary and charts, shaped for where the output goes. */
    public String terminalText(RunReport report) {
        return TerminalReport.render(report, style());
    }

    /** Colour only on a terminal; Unicode blocks only when the output encoding has them. */
    public TextStyle style() {
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name()));
        boolean unicode;
        try {
            unicode = Charset.forName(encoding).newEncoder().canEncode("█│└▁");
        } catch (RuntimeException unknownCharset) {
            unicode = false;
        }
        return new TextStyle(console.width(), console.isTerminal(), unicode);
    }
}
