package dev.dslab.shell.experiment;

import java.nio.file.Path;

/**
 * A process that owns a run, as a shell running an experiment does: it takes an owner's lock, prints the owner's
 * name and holds the lock until its standard input ends or it is killed.
 */
public final class RunOwnerHolder {

    private RunOwnerHolder() {
    }

    public static void main(String[] args) throws Exception {
        RunOwners.Owner owner = new RunOwners(Path.of(args[0])).claim();
        System.out.println(owner.name());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the lock
        }
        owner.close();
    }

    /** Starts a holder with the owners folder {@code owners}; returns it once the lock is held, with the owner's name. */
    public static Held start(Path owners) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunOwnerHolder.class.getName(), owners.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String name = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        if (name == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the owner process ended before taking its lock");
        }
        return new Held(process, name);
    }

    public record Held(Process process, String owner) {
    }
}
