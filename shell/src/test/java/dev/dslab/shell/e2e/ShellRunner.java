package dev.dslab.shell.e2e;

import dev.dslab.shell.console.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs dslab command lines in the test's Spring context, as the one-shot mode does. */
final class ShellRunner {

    record Run(int exitCode, String out, String err) {
        Run expectSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private final CommandLine commandLine;

    ShellRunner(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    Run run(String line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine.execute(line, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}
