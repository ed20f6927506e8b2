package dev.dslab.shell.help;

import dev.dslab.shell.console.UsageException;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** `help` lists every command with its one-line description; `help sandbox up` shows one command's options. */
@Component
public class HelpCommand implements Command {

    @Override
    public String getName() {
        return "help";
    }

    @Override
    public String getDescription() {
        return "List the commands, or show one command's options: help sandbox up";
    }

    @Override
    public String getGroup() {
        return "Shell";
    }

    @Override
    public ExitStatus execute(CommandContext context) {
        PrintWriter out = context.outputWriter();
        CommandRegistry registry = context.commandRegistry();
        String wanted = context.parsedInput().arguments().stream().map(CommandArgument::value)
                .collect(Collectors.joining(" "));
        if (wanted.isBlank()) {
            listAll(registry, out);
        } else {
            Command command = registry.getCommandByName(wanted);
            if (command == null) {
                throw new UsageException("no command '" + wanted + "'; 'help' lists the commands");
            }
            describe(command, out);
        }
        out.flush();
        return ExitStatus.OK;
    }

    private static void listAll(CommandRegistry registry, PrintWriter out) {
        List<Command> visible = registry.getCommands().stream()
                .filter(command -> !command.isHidden())
                .filter(command -> !List.of("quit", "exit").contains(command.getName()))
                .toList();
        int width = visible.stream().mapToInt(command -> command.getName().length()).max().orElse(0);
        Map<String, List<Command>> byGroup = new TreeMap<>(visible.stream().collect(Collectors.groupingBy(Command::getGroup)));
        out.println("Usage: dslab <command> [options]   (no command: the interactive shell)");
        byGroup.forEach((group, commands) -> {
            out.println();
            out.println(group);
            commands.stream().sorted(Comparator.comparing(Command::getName)).forEach(command ->
                    out.printf("  %-" + width + "s  %s%n", command.getName(), command.getDescription()));
        });
        out.println();
        out.println("'help <command>' shows a command's options. Exit codes: 0 done, 1 failed, 2 bad usage.");
    }

    private static void describe(Command command, PrintWriter out) {
        out.println(command.getName() + " - " + command.getDescription());
        List<CommandOption> options = command.getOptions();
        if (options.isEmpty()) {
            out.println("  (no options)");
            return;
        }
        int width = options.stream().mapToInt(option -> option.longName().length()).max().orElse(0) + 2;
        out.println("Options:");
        for (CommandOption option : options) {
            String defaultValue = option.defaultValue() == null || option.defaultValue().isEmpty()
                    ? "" : " (default: " + option.defaultValue() + ")";
            out.printf("  %-" + width + "s  %s%s%s%n", "--" + option.longName(),
                    option.description() == null ? "" : option.description(), defaultValue,
                    Boolean.TRUE.equals(option.required()) ? " (required)" : "");
        }
    }
}
