package dev.dslab.consensus.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dslab.consensus.harness.Cluster;
import dev.dslab.consensus.harness.Harness;
import dev.dslab.consensus.harness.Outcome;
import dev.dslab.consensus.harness.Scenarios;
import dev.dslab.consensus.raft.reference.Flaw;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported session page: self-contained, and it plays in headless Chromium without script errors (the page
 * marks its body once it has drawn the first, middle and last moments). The browser part is skipped with a
 * reason where no Chromium is installed.
 */
class HtmlExportBrowserTest {
    @TempDir
    static Path work;

    static Optional<Path> chromium;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    static Path exportedSession() {
        RaftSessions sessions = new RaftSessions(work.resolve("raft"));
        sessions.start(new SessionOptions(5, 3, "unreliable"));
        for (String command : List.of("run 900ms", "client put x 1", "partition 1,2 3,4,5", "crash 3", "timeout 2", "run 700ms",
                "heal", "restart 3", "client put y </script><b>", "run 1s")) {
            try {
                sessions.apply(command);
            } catch (BadCommandException refused) {
                // the key and value rule keeps markup out of commands; the page must be safe regardless
            }
        }
        return sessions.exportHtml(null);
    }

    @Test
    void thePageIsSelfContainedAndCarriesTheWholeTrace() throws IOException {
        Path page = exportedSession();
        String html = Files.readString(page);
        assertThat(page.getFileName().toString()).isEqualTo("session.html");
        assertThat(html).doesNotContainPattern("(src|href)\\s*=").doesNotContain("@import").doesNotContain("fetch(");
        assertThat(html).contains("\"seed\":3").contains("\"network\":\"unreliable\"").contains("RequestVote").contains("partition 1,2 3,4,5");
        assertThat(html.indexOf("</script>")).isGreaterThan(html.indexOf("\"events\""));
    }

    static Path exportedPaxosSession() {
        PaxosSessions sessions = new PaxosSessions(work.resolve("paxos"));
        sessions.start(new PaxosOptions(3, 2, 5, "unreliable"));
        for (String command : List.of("propose p1 x", "step 5", "crash a2", "propose p2 y", "run 300ms", "partition a1,p1 a2,a3,p2",
                "restart a2", "run 400ms", "heal", "run 1s")) {
            sessions.apply(command);
        }
        return sessions.exportHtml(null);
    }

    @Test
    void thePaxosPageCarriesItsNodesAndTrace() throws IOException {
        String html = Files.readString(exportedPaxosSession());
        assertThat(html).contains("<title>dslab Paxos playground: 3 acceptors, 2 proposers, seed 5, 10 commands</title>")
                .contains("\"names\":[\"a1\",\"a2\",\"a3\",\"p1\",\"p2\"]").contains("Prepare[ballot=1.1]").contains("prom 1.1")
                .doesNotContainPattern("(src|href)\\s*=");
    }

    /** What 'exercise check' writes for a failing seed: the harness's run of a flawed Raft, watched step by step. */
    static Path failureReplay() throws IOException {
        FailureReplay replay = FailureReplay.raft();
        Outcome outcome = Harness.run(ReferenceRaft.withFlaws(Flaw.COMMIT_PREVIOUS_TERM_BY_COUNTING), Scenarios.named("figure8").orElseThrow(),
                4, Cluster.STEP_BUDGET, replay.trace(), replay::watch);
        assertThat(outcome.property()).isEqualTo("leader completeness");
        Path page = work.resolve("replay.html");
        Files.writeString(page, replay.html("raft-3c figure8, seed 4: leader completeness", "dslab exercise check raft-3c --seed 4 --scenario figure8",
                4, "reliable"));
        return page;
    }

    @Test
    void aFailureReplayKeepsTheRunsLastEventsUpToTheViolation() throws IOException {
        String html = Files.readString(failureReplay());
        assertThat(html).contains("<title>dslab Raft failure replay: raft-3c figure8, seed 4: leader completeness</title>",
                "Shown: the last " + FailureReplay.EVENTS_KEPT + " of the run's", "\"names\":[\"n0\",\"n1\",\"n2\",\"n3\",\"n4\"]",
                "n3  leader term 95").doesNotContainPattern("(src|href)\\s*=");
        assertThat(html.length()).isLessThan(2_000_000);
    }

    @Test
    void aFailureReplayPlaysWithoutScriptErrors() throws Exception {
        assumeTrue(chromium.isPresent(), "no chromium or chromium-browser on PATH: the browser check of a failure replay is skipped");
        assertPlays(failureReplay(), ">n4<", 36990); // within the events kept, which end at 37000 ms
    }

    @Test
    void thePagePlaysWithoutScriptErrors() throws Exception {
        assumeTrue(chromium.isPresent(), "no chromium or chromium-browser on PATH: the browser check of the Raft export is skipped");
        assertPlays(exportedSession(), ">n5<");
    }

    @Test
    void thePaxosPagePlaysWithoutScriptErrors() throws Exception {
        assumeTrue(chromium.isPresent(), "no chromium or chromium-browser on PATH: the browser check of the Paxos export is skipped");
        assertPlays(exportedPaxosSession(), ">p2<");
    }

    private static void assertPlays(Path page, String lastNode) throws Exception {
        assertPlays(page, lastNode, 1000);
    }

    private static void assertPlays(Path page, String lastNode, long moment) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(work, "profile"), "--dump-dom", page.toUri() + "#t=" + moment));
        Path out = work.resolve("chromium.out");
        Path err = work.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s: " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(dom).contains("data-rendered=\"ok\"").contains("t = " + moment + " ms").contains(lastNode);
        assertThat(log).doesNotContain("Uncaught").doesNotContain("SyntaxError");
        assertThat(log.lines().filter(line -> line.contains(":CONSOLE(")).toList()).isEmpty();
    }
}
