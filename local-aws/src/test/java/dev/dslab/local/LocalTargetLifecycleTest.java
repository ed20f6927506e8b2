package dev.dslab.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dslab.local.daemon.ProcessTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Start, reuse, refusal, stop and crash recovery of real daemons, each on its own temporary home. */
class LocalTargetLifecycleTest {

    @TempDir
    Path home;

    private LocalTargetClient client;

    @AfterEach
    void stopWhateverIsLeft() {
        if (client != null) {
            client.stop();
        }
    }

    @Test
    void aRunningTargetIsReusedAndASecondDaemonOnTheSameHomeIsRefused() throws Exception {
        client = new LocalTargetClient(home);
        LocalTargetStatus first = client.ensureRunning(0);

        assertThat(client.ensureRunning(0).pid()).isEqualTo(first.pid());

        Process second = new ProcessBuilder(javaCommand(home, 0, LocalTargetClient.defaultNodeModules()))
                .redirectErrorStream(true).start();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(output.strip()).hasLineCount(1)
                .contains("already running").contains("pid " + first.pid()).contains("edge port " + first.edgePort());
        assertThat(client.status().pid()).isEqualTo(first.pid());
    }

    @Test
    void stopEndsTheDaemonAndEveryChild() {
        client = new LocalTargetClient(home);
        List<Long> pids = pids(client.ensureRunning(0));

        assertThat(client.stop()).isTrue();

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessTools.isAlive(pid)).as("pid %d", pid).isFalse());
        assertThat(client.isRunning()).isFalse();
        assertThat(home.resolve("daemon.json")).doesNotExist();
        assertThat(client.stop()).isFalse();
    }

    @Test
    void killingTheDaemonWithSigkillEndsItsChildrenAndTheNextStartRecovers() {
        client = new LocalTargetClient(home);
        LocalTargetStatus before = client.ensureRunning(0);
        List<Long> pids = pids(before);

        ProcessHandle.of(before.pid()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(pids).allSatisfy(pid -> assertThat(ProcessTools.isAlive(pid)).as("pid %d", pid).isFalse()));
        assertThat(home.resolve("daemon.json")).as("the crashed daemon's state file").exists();
        assertThat(client.isRunning()).isFalse();

        LocalTargetStatus after = client.ensureRunning(0);
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(pids(after)).doesNotContainAnyElementsOf(pids);
        assertThat(client.status().components()).allSatisfy(component -> assertThat(component.state()).isIn("running", "started"));
    }

    @Test
    void aDaemonWhoseHomeIsDeletedStopsItselfAndItsChildren() throws IOException {
        client = new LocalTargetClient(home);
        List<Long> pids = pids(client.ensureRunning(0));

        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(pids).allSatisfy(pid -> assertThat(ProcessTools.isAlive(pid)).as("pid %d", pid).isFalse()));
    }

    @Test
    void theDaemonOutlivesTheCommandThatStartedItAndIgnoresCtrlC() throws Exception {
        Process caller = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-Ddslab.root=" + System.getProperty("dslab.root"), "-cp",
                System.getProperty("java.class.path"), CallerMain.class.getName(), home.toString()).redirectErrorStream(true).start();
        String ready = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(ready).startsWith("ready ");
        long daemonPid = Long.parseLong(ready.substring("ready ".length()));

        caller.destroyForcibly();
        assertThat(caller.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(daemonPid)).start().waitFor()).isZero();

        client = new LocalTargetClient(home);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(client::isRunning);
        assertThat(client.status().pid()).isEqualTo(daemonPid);
    }

    @Test
    void leftoversOfACrashedDaemonAreEndedOnTheNextStartButUnrelatedProcessesAreNot() throws Exception {
        Process leftover = idleNode(home.resolve("run").toString());
        Process unrelated = idleNode("/some/other/program");
        try {
            Files.writeString(home.resolve("daemon.json"), """
                    {"pid": 2147483000, "edgePort": 1, "readyAt": 0, "children": [
                      {"name": "dynalite", "port": 1, "pid": %d, "marker": "%s"},
                      {"name": "kinesis-local", "port": 2, "pid": %d, "marker": "%s"}]}
                    """.formatted(leftover.pid(), home, unrelated.pid(), home));
            client = new LocalTargetClient(home);

            client.ensureRunning(0);

            assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).as("the crashed daemon's child is ended").isTrue();
            assertThat(unrelated.isAlive()).as("a recycled pid of another program is left alone").isTrue();
        } finally {
            leftover.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }

    private static Process idleNode(String argument) throws IOException {
        return new ProcessBuilder("node", "-e", "setInterval(() => {}, 1000)", argument).start();
    }

    @Test
    void aPortTakenByAnotherProgramIsReportedInOneLine() throws IOException {
        client = new LocalTargetClient(home);
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();

            assertThatThrownBy(() -> client.ensureRunning(port))
                    .isInstanceOf(LocalTargetException.class)
                    .hasMessage(dev.dslab.local.edge.Edge.portTakenMessage(port))
                    .hasMessageContaining("Port " + port).hasMessageContaining("another port");
        }
        assertThat(client.isRunning()).isFalse();
        assertThat(home.resolve("daemon.lock")).exists();
    }

    @Test
    void missingNodeIsReportedWithWhatToInstall() throws Exception {
        ProcessBuilder daemon = new ProcessBuilder(javaCommand(home, 0, LocalTargetClient.defaultNodeModules())).redirectErrorStream(true);
        daemon.environment().put("PATH", home.resolve("empty-path").toString());

        Process process = daemon.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(Files.readString(home.resolve("start-failure.txt")).strip())
                .hasLineCount(1).contains("Node.js 20 or newer").contains("not on the PATH").contains("install Node.js 20+");
        assertThat(home.resolve("daemon.json")).doesNotExist();
    }

    @Test
    void aDeadEmulatorIsAnsweredWithAnAwsServiceUnavailableErrorAndShownInStatus() {
        client = new LocalTargetClient(home);
        LocalTargetStatus status = client.ensureRunning(0);
        for (String emulator : List.of("dynalite", "kinesis-local")) {
            long pid = status.components().stream().filter(c -> c.name().equals(emulator)).findFirst().orElseThrow().pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTools.isAlive(pid));
        }

        try (DynamoDbClient dynamo = EdgeClients.of(status.edge()).dynamoDb(); KinesisClient kinesis = EdgeClients.of(status.edge()).kinesis()) {
            assertThatThrownBy(dynamo::listTables).isInstanceOfSatisfying(AwsServiceException.class, error -> {
                assertThat(error.statusCode()).isEqualTo(503);
                assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                assertThat(error.awsErrorDetails().errorMessage()).contains("dynalite is exited");
            });
            assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(AwsServiceException.class, error -> {
                assertThat(error.statusCode()).isEqualTo(503);
                assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            });
        }
        assertThat(client.status().components())
                .filteredOn(component -> component.kind().equals("child"))
                .allSatisfy(component -> assertThat(component.state()).isEqualTo("exited"));
    }

    private static List<Long> pids(LocalTargetStatus status) {
        List<Long> pids = new ArrayList<>();
        status.components().forEach(component -> pids.add(component.pid()));
        return pids;
    }

    private static List<String> javaCommand(Path home, int port, Path nodeModules) {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                LocalTargetMain.class.getName(), "--home", home.toString(), "--port", Integer.toString(port),
                "--node-modules", nodeModules.toString());
    }
}
