package dev.dslab.shell.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's contract without any target running: help, usage errors and their exit codes. */
@SpringBootTest(properties = "spring.shell.interactive.enabled=false")
class CommandLineTest {

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("dslab.home", () -> home.toString());
        registry.add("dslab.local.port", () -> "0");
    }

    @Autowired
    CommandLine commandLine;

    record Run(int exitCode, String out, String err) { }

    Run run(String line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandWithItsDescription() {
        Run help = run("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("sandbox up", "sandbox status", "sandbox env", "sandbox list", "sandbox down",
                "local status", "local start", "local stop", "Provision or update your sandbox", "experiment list",
                "experiment describe", "experiment run", "experiment runs", "experiment export", "local replication",
                "local fault", "local s3-consistency", "local kinesis-limits", "lambda list", "lambda invoke", "lambda logs",
                "lambda concurrency");
    }

    @Test
    void helpOfOneCommandShowsItsOptions() {
        Run help = run("help sandbox up");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--learner", "--target", "default: local");
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        Run run = run("sandbox explode");
        assertThat(run.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run.err()).contains("unknown command 'sandbox explode'");
    }

    @Test
    void anUnknownOptionIsBadUsageAndNamesTheAllowedOnes() {
        Run run = run("sandbox status --colour red");
        assertThat(run.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run.err()).contains("unknown option --colour", "--learner", "--target");
    }

    @Test
    void anInvalidLearnerNameIsBadUsageAndSaysWhatIsAllowed() {
        Run run = run("sandbox status --learner Bad_Name");
        assertThat(run.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run.err()).contains("invalid learner name 'Bad_Name'", "[a-z][a-z0-9-]{0,19}");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownTargetIsBadUsage() {
        Run run = run("sandbox up --target mars");
        assertThat(run.exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run.err()).contains("unknown target 'mars'; allowed: local");
    }

    @Test
    void downWithoutAnySandboxSaysSoAndSucceeds() {
        Run run = run("sandbox down --learner nobody");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("No sandbox of nobody on local");
    }

    @Test
    void statusCommandsReportATargetThatIsNotRunning() {
        assertThat(run("local status").out()).contains("not running");
        assertThat(run("sandbox status --learner alice").out()).contains("No sandbox of alice on local");
        assertThat(run("sandbox list").out()).contains("No sandboxes on local");
    }

    @Test
    void modelCommandsNeedARunningLocalTarget() {
        for (String line : new String[] {"local replication", "local fault", "local s3-consistency strong", "local kinesis-limits"}) {
            Run run = run(line);
            assertThat(run.exitCode()).as(line).isEqualTo(CommandLine.FAILED);
            assertThat(run.err().strip()).as(line).isEqualTo("dslab: the local target is not running; 'local start' starts it "
                    + "('sandbox up' starts it and provisions your sandbox)");
        }
    }

    @Test
    void badModelSettingsAreBadUsage() {
        assertThat(run("local replication --ack some").err()).contains("unknown value 'some' for --ack; allowed: quorum, leader, all");
        assertThat(run("local fault dynamodb explode").exitCode()).isEqualTo(CommandLine.USAGE);
        assertThat(run("local fault dynamodb isolate-replica").err()).contains("isolate-replica needs the replica's number");
        assertThat(run("local fault kinesis heal").err()).contains("faults exist for dynamodb only");
        assertThat(run("local kinesis-limits maybe").err()).contains("unknown value 'maybe' for the setting; allowed: on, off");
        assertThat(run("local kinesis-limits on off").exitCode()).isEqualTo(CommandLine.USAGE);
    }

    @Test
    void envNeedsARunningTargetWhenItsPortIsPickedAtStart() {
        Run run = run("sandbox env --learner alice");
        assertThat(run.exitCode()).isEqualTo(CommandLine.FAILED);
        assertThat(run.err()).contains("run 'sandbox up' first");
    }

    @Test
    void argumentsWithSpacesSurviveTheOneShotJoin() {
        assertThat(CommandLine.joinQuoted(new String[] {"help", "sandbox up"})).isEqualTo("help \"sandbox up\"");
        assertThat(CommandLine.joinQuoted(new String[] {"a", "say \"hi\""})).isEqualTo("a \"say \\\"hi\\\"\"");
    }
}
