package dev.dslab.shell.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the HTML report in headless Chromium: the page's script marks the body when it ran to the end, and
 * Chromium prints script errors on stderr. Skipped with a reason where no Chromium is installed (.ci/run
 * installs it, so CI always runs this).
 */
class HtmlReportBrowserTest {

    @TempDir
    static Path work;

    static Optional<Path> chromium;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    @Test
    void theReportRendersWithoutScriptErrors() throws Exception {
        assumeTrue(chromium.isPresent(), "no chromium or chromium-browser on PATH: the browser check of the HTML report is skipped");
        Path directory = HtmlReportTest.runDirectory(work, SampleRuns.completed("browser-run"), SampleRuns.history(300, 9));
        Path report = HtmlReport.write(HtmlReportTest.load(directory), directory);

        Browser dump = chromium("--dump-dom", report.toUri().toString());
        assertThat(dump.stdout()).contains("data-rendered=\"ok\"").contains("client 3");
        assertThat(dump.stderr()).doesNotContain("Uncaught").doesNotContain("SyntaxError");
        assertThat(dump.stderr().lines().filter(line -> line.contains(":CONSOLE(")).toList()).isEmpty();

    }

    record Browser(String stdout, String stderr) { }

    private static Browser chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + work.resolve("profile")));
        command.addAll(List.of(arguments));
        Path out = work.resolve("chromium.out");
        Path err = work.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s: " + Files.readString(err));
        }
        return new Browser(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
