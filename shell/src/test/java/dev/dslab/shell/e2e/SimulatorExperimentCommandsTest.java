package dev.dslab.shell.e2e;

import dev.dslab.shell.console.CommandLine;
import dev.dslab.shell.experiment.ExperimentRuns;
import dev.dslab.shell.learner.LearnerName;
import dev.dslab.shell.store.StoredRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An experiment that runs in the consensus simulator (raft-election-timeouts) through the shell's commands: no
 * target is started and no sandbox is asked for, and the run is stored, reported and quizzed like any other.
 */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorExperimentCommandsTest {

    static final java.nio.file.Path home = TestHomes.create("dslab-simulated");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
        registry.add("dslab.learner", () -> "grace");
    }

    @Autowired
    CommandLine commandLine;
    @Autowired
    ExperimentRuns runs;

    ShellRunner shell;

    @BeforeAll
    void runner() {
        shell = new ShellRunner(commandLine);
    }

    @AfterAll
    void deleteHome() {
        TestHomes.delete(home);
    }

    @Test
    void raftElectionTimeoutsRunsWithoutATargetOrSandbox() throws Exception {
        String described = shell.run("experiment describe raft-election-timeouts").expectSuccess().out();
        assertThat(described).contains("section 9.3 and Figure 16", "runs in dslab's deterministic simulator, without a target or sandbox");
        assertThat(shell.run("experiment list").expectSuccess().out()).contains("raft-election-timeouts", "simulator");

        String run = shell.run("experiment run raft-election-timeouts --seed 3 --param trials=8 --param networks=1-5ms --no-predict")
                .expectSuccess().out();

        assertThat(run).contains("Run r1: raft-election-timeouts in dslab's deterministic simulator (no target or sandbox needed, seed 3)",
                "COMPLETED", "target simulator", "median time to a new leader (150-300 ms, 1-5ms network)", "election safety", "PASS",
                "Leader crashes followed by at least one split vote, by timeout range", "HTML report:");
        StoredRun stored = runs.list(new LearnerName("grace")).get(0);
        assertThat(stored.target()).isEqualTo("simulator");
        assertThat(Files.readString(stored.directory().resolve("report.html"))).contains("Time to a new leader, median and 99th percentile");
        assertThat(home.resolve("local")).as("no local target was started").doesNotExist();
    }
}
