package dev.dslab.cdk;

import java.nio.file.Path;

/** Runs one synth in a fresh JVM, as a one-shot shell command does, and reports what happened on stdout. */
public final class SynthChildJvm {

    public static void main(String[] args) {
        long start = System.nanoTime();
        try {
            SynthesizedApp app = new SandboxSynthesizer().synth(args[0], Path.of(args[1]));
            System.out.println("fromCache=" + app.fromCache() + " inputHash=" + app.inputHash()
                    + " millis=" + (System.nanoTime() - start) / 1_000_000);
        } catch (SynthException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
