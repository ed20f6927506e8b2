package dev.dslab.shell.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged dslab in its own processes, killed at the worst moments: the next command must notice,
 * recover and leave no orphan resource or process. The crashes happen to one learner's sandbox on one home, in
 * order (a shell killed mid-up, then the daemon killed mid-experiment, then down), so the class starts one target
 * and deploys one sandbox; the cases that start no target run on homes of their own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final Pattern PID = Pattern.compile("^\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d+)\\s", Pattern.MULTILINE);

    @TempDir
    static Path home;

    static DslabProcess dslab;

    @BeforeAll
    static void onOneHome() {
        dslab = new DslabProcess(home, Map.of());
    }

    @AfterAll
    static void stopTarget() {
        dslab.run("local", "stop");
        assertThat(processesOf(home)).isEmpty();
    }

    @Test
    @Order(1)
    void oneShotModeAnswersWithExitCodesAndNoLogNoise(@TempDir Path ownHome) {
        DslabProcess dslab = new DslabProcess(ownHome, Map.of());
        DslabProcess.Result help = dslab.run("help").expectSuccess();
        assertThat(help.out()).contains("sandbox up", "local stop");
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).doesNotContain("INFO", "WARN", "Spring");

        DslabProcess.Result unknown = dslab.run("sandbox", "explode");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).hasSize(1);

        DslabProcess.Result badLearner = dslab.run("sandbox", "up", "--learner", "Not Valid");
        assertThat(badLearner.exitCode()).isEqualTo(2);
        assertThat(badLearner.err()).contains("invalid learner name 'Not Valid'");
        assertThat(processesOf(ownHome)).as("no command started a target").isEmpty();
    }

    @Test
    @Order(2)
    void theShellKilledInTheMiddleOfUpLeavesNothingTheNextUpCannotFinish() throws Exception {
        Process up = dslab.builder("sandbox", "up", "--learner", "carol").redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.contains("deploying dslab-carol")) {
                // wait until CloudFormation has been asked to create the stack
            }
            assertThat(line).as("sandbox up reached the deployment").isNotNull();
        }
        up.destroyForcibly().waitFor();

        assertThat(dslab.run("sandbox", "up", "--learner", "carol").expectSuccess().out()).contains("dslab-carol");
    }

    /** On the sandbox the previous case's second up finished: one deployment for both crashes. */
    @Test
    @Order(3)
    void aDaemonKilledDuringAStreamExperimentFailsTheRunTakesEveryProcessAlongAndTheNextCommandRecovers() throws Exception {
        String status = dslab.run("local", "status").expectSuccess().out();
        List<Long> pids = pids(status);
        long daemon = daemonPid(status);
        assertThat(pids).hasSizeGreaterThanOrEqualTo(3);
        Process run = dslab.builder("experiment", "run", "kinesis-failover", "--learner", "carol", "--seed", "1")
                .redirectErrorStream(true).redirectOutput(home.resolve("run.log").toFile()).start();
        try {
            // the experiment's KCL workers are its own children, not the daemon's: they must go when the run fails
            await().atMost(Duration.ofSeconds(90)).until(() -> run.descendants().anyMatch(p -> p.info().commandLine()
                    .map(c -> c.contains("--worker-id")).orElse(false)));
            List<ProcessHandle> workers = run.descendants().toList();

            ProcessHandle.of(daemon).orElseThrow().destroyForcibly();

            assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the run ends once its target is gone").isTrue();
            assertThat(run.exitValue()).isEqualTo(1);
            assertThat(java.nio.file.Files.readString(home.resolve("run.log"))).contains("FAILED", "the local target stopped during the run");
            await().atMost(Duration.ofSeconds(15)).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive)
                    && pids.stream().noneMatch(CrashRecoveryIT::alive));
            assertThat(processesOf(home)).isEmpty();
        } finally {
            run.destroyForcibly();
        }
        assertThat(dslab.run("experiment", "runs", "--learner", "carol").expectSuccess().out()).containsPattern("kinesis-failover\\s+FAILED");
        // the target keeps the sandbox through the kill: the next start brings it back as it was
        assertThat(dslab.run("sandbox", "status", "--learner", "carol").expectSuccess().out()).contains("keeps the sandbox of carol");
        assertThat(dslab.run("sandbox", "up", "--learner", "carol").expectSuccess().out()).contains("dslab-carol: no changes");
    }

    @Test
    @Order(4)
    void downAfterBothCrashesDeletesTheSandboxAndLeavesNone() {
        assertThat(dslab.run("sandbox", "down", "--learner", "carol").expectSuccess().out()).contains("Deleted dslab-carol");
        assertThat(dslab.run("sandbox", "list").expectSuccess().out()).contains("No sandboxes on local");
    }

    private static long daemonPid(String localStatus) {
        Matcher daemonPid = Pattern.compile("pid (\\d+)").matcher(localStatus);
        assertThat(daemonPid.find()).as("local status names the daemon's pid").isTrue();
        return Long.parseLong(daemonPid.group(1));
    }

    @Test
    @Order(5)
    void aPortTakenByAnotherProgramIsNamedInOneLine(@TempDir Path ownHome) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DslabProcess dslab = new DslabProcess(ownHome, Map.of("DSLAB_LOCAL_PORT", String.valueOf(squatter.getLocalPort())));
            DslabProcess.Result up = dslab.run("sandbox", "up", "--learner", "erin");
            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.err()).contains(String.valueOf(squatter.getLocalPort()));
            assertThat(up.err().strip().lines()).hasSize(1);
            assertThat(processesOf(ownHome)).as("the refused start left no process").isEmpty();
        }
    }

    static List<Long> pids(String localStatus) {
        Matcher matcher = PID.matcher(localStatus);
        List<Long> pids = new java.util.ArrayList<>();
        while (matcher.find()) {
            pids.add(Long.parseLong(matcher.group(1)));
        }
        return pids.stream().distinct().toList();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static List<ProcessHandle> processesOf(Path home) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                .toList();
    }
}
