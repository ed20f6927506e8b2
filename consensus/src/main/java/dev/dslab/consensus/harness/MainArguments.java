package dev.dslab.consensus.harness;

import dev.dslab.consensus.sim.Trace;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line of the harnesses' developer mains (RunScenarios, RunKvScenarios): option values, bounded
 * numbers, and a bad argument answered with the problem and the usage line, exit status 2.
 */
public final class MainArguments {

    private final String usage;

    /** @param usage the line that says how the main is called */
    public MainArguments(String usage) {
        this.usage = usage;
    }

    /** The value after {@code option}, at {@code args[i]}. */
    public String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    public long number(String text, String option, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(option + " takes a whole number from " + min + " to " + max + ", got '" + text + "'");
        return 0;
    }

    /** Says what was wrong and how to call the main, then exits with status 2. */
    public void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: " + usage);
        System.exit(2);
    }

    /** Prints a run's report, writes its trace as JSON lines, and exits 0 when the run passed, else 1. */
    public static void writeTraceAndExit(String report, boolean passed, Trace trace, Path file) {
        System.out.println(report);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            trace.writeJsonLines(out);
        } catch (IOException e) {
            System.err.println("cannot write the trace to " + file + ": " + e.getMessage());
            System.exit(1);
        }
        System.out.println("trace: " + trace.size() + " events written to " + file);
        System.exit(passed ? 0 : 1);
    }
}
