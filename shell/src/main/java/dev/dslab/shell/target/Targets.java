package dev.dslab.shell.target;

import dev.dslab.shell.console.UsageException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.Collectors;

/** The targets dslab knows, by the name --target takes. */
@Component
public class Targets {

    public static final String DEFAULT = "local";

    private final List<Target> targets;

    public Targets(List<Target> targets) {
        this.targets = targets;
    }

    public Target resolve(String name) {
        String wanted = name == null || name.isBlank() ? DEFAULT : name;
        return targets.stream().filter(target -> target.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new UsageException("unknown target '" + wanted + "'; allowed: "
                        + targets.stream().map(Target::name).sorted().collect(Collectors.joining(", "))));
    }
}
