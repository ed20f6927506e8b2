package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.UsageException;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.learner.LearnerName;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** `experiment report`: a run's summary and charts in the terminal, and its HTML report written beside its history. */
@Component
public class ReportCommands {

    private final ExperimentRuns runs;
    private final RunReports reports;
    private final DslabProperties properties;

    public ReportCommands(ExperimentRuns runs, RunReports reports, DslabProperties properties) {
        this.runs = runs;
        this.reports = reports;
        this.properties = properties;
    }

    @Command(name = {"experiment", "report"}, group = "Experiments",
            description = "A run's summary and charts, and its HTML report (charts, operation timeline, verdicts): experiment report r3 --open")
    public void report(CommandContext context,
                       @Argument(index = 0, description = "the run id (r1, r2, ...) or latest") String runId,
                       @Option(longName = "open", description = "open the HTML report in your browser") Boolean open,
                       @Option(longName = "learner", description = "whose runs (default: $DSLAB_LEARNER, else your user name)") String learnerOption) {
        if (runId == null || runId.isBlank()) {
            throw new UsageException("which run? experiment report <run-id|latest>; 'experiment runs' lists yours");
        }
        PrintWriter out = context.outputWriter();
        LearnerName learner = LearnerName.resolve(learnerOption, properties.learner(), System.getProperty("user.name"));
        RunRecord record = runs.find(learner, runId);
        RunReport report = reports.load(record);
        Path html = reports.writeHtml(report);
        out.print(reports.terminalText(report));
        out.println();
        out.println("HTML report: " + html);
        if (Boolean.TRUE.equals(open)) {
            out.println(openInBrowser(html));
        }
        out.flush();
    }

    /** Hands the file to the desktop's opener; says where the report is when there is none. */
    static String openInBrowser(Path file) {
        Optional<Path> opener = Stream.of("xdg-open", "open")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
        boolean display = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
                || System.getProperty("os.name", "").startsWith("Mac");
        if (opener.isEmpty() || !display) {
            return "No browser can be opened from here (" + (opener.isEmpty() ? "neither xdg-open nor open is installed" : "no display")
                    + "); open " + file.toUri() + " yourself.";
        }
        try {
            Process process = new ProcessBuilder(opener.get().toString(), file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // the opener hands the file to the browser and exits; it is not waited for longer than this
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0) {
                return opener.get().getFileName() + " could not open it (exit " + process.exitValue() + "); open " + file.toUri() + " yourself.";
            }
            return "Opened in your browser.";
        } catch (IOException cannotStart) {
            return "Could not start " + opener.get() + ": " + cannotStart.getMessage() + "; open " + file.toUri() + " yourself.";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "Open " + file.toUri() + " yourself.";
        }
    }
}
