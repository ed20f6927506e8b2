package dev.dslab.shell.sandbox;

import dev.dslab.cdk.SandboxSynthesizer;
import dev.dslab.cdk.SynthException;
import dev.dslab.cdk.SynthesizedApp;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.learner.LearnerName;
import org.springframework.stereotype.Component;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** A learner's sandbox as the CDK app defines it, synthesized in-process (or taken from the synth cache). */
@Component
public class SandboxDefinitions {

    private final DslabProperties properties;
    private final SandboxSynthesizer synthesizer = new SandboxSynthesizer();

    public SandboxDefinitions(DslabProperties properties) {
        this.properties = properties;
    }

    public SynthesizedApp forLearner(LearnerName learner, PrintWriter progress) {
        Instant start = Instant.now();
        try {
            SynthesizedApp app = synthesizer.synth(learner.value(), properties.home().resolve("cache"));
            progress.printf("  synthesized %d stack(s) with CDK%s in %.1f s%n", app.stacks().size(),
                    app.fromCache() ? " (unchanged: from the synth cache)" : "",
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
            return app;
        } catch (SynthException failure) {
            throw new DslabException(failure.getMessage(), failure);
        }
    }
}
