package dev.dslab.shell.local;

import dev.dslab.local.LocalTargetStatus;
import dev.dslab.shell.render.Table;
import dev.dslab.shell.store.LearnerStore;
import dev.dslab.shell.store.SandboxRecord;
import dev.dslab.shell.store.SandboxStatus;
import dev.dslab.shell.learner.LearnerName;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The embedded local target's processes: what runs, on which port, with how much memory; and stopping it. */
@Component
public class LocalCommands {

    private static final String GROUP = "Local target";

    private final LocalTarget target;
    private final LearnerStore store;

    public LocalCommands(LocalTarget target, LearnerStore store) {
        this.target = target;
        this.store = store;
    }

    @Command(name = {"local", "status"}, group = GROUP,
            description = "The local target's components: process ids, ports and memory")
    public void status(CommandContext context) {
        PrintWriter out = context.outputWriter();
        Optional<LocalTargetStatus> status = target.status();
        if (status.isEmpty()) {
            out.println("The local target is not running; 'sandbox up' starts it.");
            return;
        }
        LocalTargetStatus running = status.get();
        out.println("Local target on " + running.edge() + ", pid " + running.pid() + ", up "
                + formatDuration(Duration.ofMillis(running.uptimeMillis())));
        Table table = new Table("COMPONENT", "KIND", "PORT", "PID", "RSS", "STATE");
        for (LocalTargetStatus.Component component : running.components()) {
            table.row(component.name(), component.kind(), component.port() == 0 ? "-" : component.port(),
                    component.pid(), component.rssBytes() == null ? "(in daemon)" : megabytes(component.rssBytes()),
                    component.state());
        }
        out.print(table.render("  "));
        out.println("  total RSS " + megabytes(running.totalRssBytes()));
    }

    @Command(name = {"local", "start"}, group = GROUP,
            description = "Start the local target without provisioning anything ('sandbox up' starts it when needed)")
    public void start(CommandContext context) {
        PrintWriter out = context.outputWriter();
        boolean wasRunning = target.status().isPresent();
        target.connect(out);
        LocalTargetStatus running = target.status().orElseThrow();
        out.println((wasRunning ? "The local target was already running on " : "Started the local target on ")
                + running.edge() + ", pid " + running.pid() + ".");
    }

    @Command(name = {"local", "stop"}, group = GROUP,
            description = "Stop the local target and every process it started; the sandboxes on it are kept for its next start")
    public void stop(CommandContext context) {
        PrintWriter out = context.outputWriter();
        if (!target.stop()) {
            out.println("The local target was not running.");
            return;
        }
        List<String> kept = liveSandboxes().stream().map(SandboxRecord::learner).toList();
        out.println("Stopped the local target and all its processes."
                + (kept.isEmpty() ? "" : " The sandboxes of " + String.join(", ", kept)
                + " are kept in " + target.home() + " and come back with it ('local start'; 'local reset' deletes them)."));
    }

    @Command(name = {"local", "reset"}, group = GROUP,
            description = "Stop the local target and delete everything it keeps: every sandbox's stacks, tables, streams, buckets, functions")
    public void reset(CommandContext context) {
        PrintWriter out = context.outputWriter();
        LocalTarget.Reset reset = target.reset();
        List<SandboxRecord> discarded = liveSandboxes();
        discarded.forEach(sandbox -> store.recordSandbox(new LearnerName(sandbox.learner()), target.name(),
                SandboxStatus.DELETED, sandbox.stacks(), "deleted by local reset"));
        if (reset.deleted().isEmpty()) {
            out.println((reset.wasRunning() ? "Stopped the local target; it" : "The local target") + " kept nothing in "
                    + target.home() + ": nothing to delete.");
            return;
        }
        out.println((reset.wasRunning() ? "Stopped the local target and deleted" : "Deleted") + " what it kept in "
                + target.home() + ": " + String.join(", ", reset.deleted().stream().map(path -> path.getFileName().toString()).toList())
                + "." + (discarded.isEmpty() ? "" : " The sandboxes of "
                + String.join(", ", discarded.stream().map(SandboxRecord::learner).toList()) + " are gone; 'sandbox up' creates one."));
    }

    private List<SandboxRecord> liveSandboxes() {
        return store.sandboxes(target.name()).stream().filter(sandbox -> sandbox.status() != SandboxStatus.DELETED).toList();
    }

    private static String megabytes(long bytes) {
        return String.format("%.0f MB", bytes / 1_048_576.0);
    }

    private static String formatDuration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds < 3600 ? (seconds / 60) + " min" : (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }
}
