package dev.dslab.shell.console;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs dslab's commands in both modes with one set of rules: one-shot (program arguments are one command,
 * the exit code says how it went) and interactive (a JLine prompt with completion and history). Spring
 * Shell parses and dispatches; this class owns what the learner sees when something goes wrong: one line
 * saying what was wrong, never a stack trace (that goes to the log file).
 */
@Component
public class CommandLine implements ApplicationRunner {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private static final Log log = LogFactory.getLog(CommandLine.class);

    private final CommandParser parser;
    private final CommandRegistry registry;
    private final CommandExecutor executor;
    private final ObjectProvider<LineReader> lineReader;
    private final boolean interactive;
    private volatile int lastExitCode = OK;

    public CommandLine(CommandParser parser, CommandRegistry registry, ObjectProvider<LineReader> lineReader,
                       @Value("${spring.shell.interactive.enabled:true}") boolean interactive) {
        this.parser = parser;
        this.registry = registry;
        this.executor = new CommandExecutor(registry);
        this.lineReader = lineReader;
        this.interactive = interactive;
    }

    @Override
    public void run(ApplicationArguments args) {
        String[] words = args.getSourceArgs();
        if (words.length > 0) {
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            lastExitCode = execute(joinQuoted(words), out, err);
        } else if (interactive) {
            interactive(lineReader.getObject());
        }
    }

    public int lastExitCode() {
        return lastExitCode;
    }

    /** Runs one command line; returns its exit code. Output goes to out, the one-line error to err. */
    public int execute(String line, PrintWriter out, PrintWriter err) {
        ParsedInput input;
        try {
            input = parser.parse(line.strip());
        } catch (RuntimeException badSyntax) {
            return fail(err, USAGE, badSyntax.getMessage());
        }
        try {
            rejectUnknownCommand(input);
            rejectUnknownOptions(input);
            ExitStatus status = executor.execute(new CommandContext(input, registry, out, new InputReader() { }));
            out.flush();
            return status.code() == ExitStatus.OK.code() ? OK : fail(err, FAILED, status.description());
        } catch (CommandNotFoundException unknown) {
            return fail(err, USAGE, "unknown command '" + unknown.getCommandName() + "'; 'help' lists the commands");
        } catch (RuntimeException failure) {
            return report(failure, err);
        }
    }

    /** A bare group ("sandbox") lists its commands; a group followed by anything else is a mistyped command. */
    private void rejectUnknownCommand(ParsedInput input) {
        String name = commandName(input);
        if (registry.getCommandByName(name) == null && (!input.arguments().isEmpty() || !input.options().isEmpty())) {
            String typed = input.arguments().isEmpty() ? name : name + " " + input.arguments().get(0).value();
            throw new UsageException("unknown command '" + typed + "'; 'help' lists the commands");
        }
    }

    private void rejectUnknownOptions(ParsedInput input) {
        Command command = registry.getCommandByName(commandName(input));
        if (command == null) {
            return;
        }
        List<CommandOption> declared = command.getOptions();
        for (CommandOption given : input.options()) {
            boolean byLongName = given.longName() != null && !given.longName().isEmpty();
            boolean known = "help".equals(given.longName())
                    || declared.stream().anyMatch(option -> byLongName
                            ? given.longName().equals(option.longName())
                            : given.shortName() == option.shortName());
            if (!known) {
                String name = byLongName ? "--" + given.longName() : "-" + given.shortName();
                String allowed = declared.isEmpty() ? "none" : declared.stream()
                        .map(option -> "--" + option.longName()).collect(Collectors.joining(", "));
                throw new UsageException("unknown option " + name + " for '" + command.getName()
                        + "'; allowed: " + allowed);
            }
        }
    }

    private static String commandName(ParsedInput input) {
        return input.subCommands().isEmpty() ? input.commandName()
                : input.commandName() + " " + String.join(" ", input.subCommands());
    }

    private int report(Throwable failure, PrintWriter err) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UsageException usage) {
                return fail(err, USAGE, usage.getMessage());
            }
            if (cause instanceof DslabException known) {
                log.info("command failed: " + known.getMessage(), known);
                return fail(err, FAILED, known.getMessage());
            }
            if (cause instanceof ConversionException conversion) {
                return fail(err, USAGE, "invalid value: " + rootMessage(conversion));
            }
            if (cause instanceof IllegalArgumentException argument && cause.getCause() == null) {
                // Spring Shell reports missing required options and malformed option values this way.
                return fail(err, USAGE, argument.getMessage());
            }
        }
        log.error("unexpected failure", failure);
        return fail(err, FAILED, "unexpected error: " + rootMessage(failure) + " (details in the log under $DSLAB_HOME/logs)");
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("dslab: " + message);
        err.flush();
        return code;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private void interactive(LineReader reader) {
        PrintWriter out = reader.getTerminal().writer();
        out.println("dslab: 'help' lists the commands, 'exit' leaves.");
        while (true) {
            String line;
            try {
                line = reader.readLine("dslab> ");
            } catch (UserInterruptException interrupt) {
                continue;
            } catch (EndOfFileException endOfInput) {
                return;
            }
            if (line == null) {
                return;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("exit") || trimmed.equals("quit")) {
                return;
            }
            lastExitCode = execute(trimmed, out, out);
        }
    }

    /** Program arguments arrive already split by the OS shell; quote the ones Spring Shell would split again. */
    static String joinQuoted(String[] words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
                line.append('"').append(word.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                line.append(word);
            }
        }
        return line.toString();
    }
}
