package dev.dslab.shell.console;

import org.springframework.context.annotation.Primary;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.DefaultCommandParser;
import org.springframework.shell.core.command.ParsedInput;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Spring Shell's parser, with flags that work after a sub-command: its 4.0.1 parser looks a bare option up
 * on the root command only ("experiment", not "experiment run"), so `experiment run x --predict` failed
 * with "requires a value". A bare boolean option of the command typed is passed on as {@code --flag=true}.
 */
@Primary
@Component
public class FlagAwareCommandParser implements CommandParser {

    /** The same split as Spring Shell's parser: whitespace outside double quotes. */
    private static final String WORD_SEPARATOR = "\\s+(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)";

    private final CommandRegistry registry;
    private final DefaultCommandParser parser;

    public FlagAwareCommandParser(CommandRegistry registry) {
        this.registry = registry;
        this.parser = new DefaultCommandParser(registry);
    }

    @Override
    public ParsedInput parse(String input) {
        List<String> words = List.of(input.strip().split(WORD_SEPARATOR));
        String name = words.get(0);
        Command command = registry.getCommandByName(name);
        int next = 1;
        while (next < words.size() && !registry.getCommandsByPrefix(name + " " + words.get(next)).isEmpty()) {
            name = name + " " + words.get(next++);
            command = registry.getCommandByName(name);
        }
        if (command == null) {
            return parser.parse(input);
        }
        List<String> rewritten = new ArrayList<>(words.subList(0, next));
        for (int i = next; i < words.size(); i++) {
            String word = words.get(i);
            String following = i + 1 < words.size() ? words.get(i + 1) : null;
            if (word.equals("--")) {
                rewritten.addAll(words.subList(i, words.size()));
                break;
            }
            boolean bareFlag = word.startsWith("-") && !word.contains("=") && isBoolean(command, word)
                    && !"true".equalsIgnoreCase(following) && !"false".equalsIgnoreCase(following);
            rewritten.add(bareFlag ? word + "=true" : word);
        }
        return parser.parse(String.join(" ", rewritten));
    }

    private static boolean isBoolean(Command command, String word) {
        return command.getOptions().stream().filter(option -> option.isOptionEqual(word))
                .map(CommandOption::type).anyMatch(type -> type == boolean.class || type == Boolean.class);
    }
}
