package dev.dslab.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SandboxApp as the CDK CLI runs it: a new JVM told its output directory and context through the environment. */
class SandboxAppTest {

    @TempDir
    Path work;

    @Test
    void writesTheSameTemplateAsTheInProcessSynthForTheLearnerInTheContext() throws Exception {
        Path outdir = work.resolve("cdk.out");
        ChildJvm run = ChildJvm.run(work, Map.of("CDK_OUTDIR", outdir.toString(), "CDK_CONTEXT_JSON", "{\"learner\":\"dave\"}"),
                List.of(), SandboxApp.class);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout() + run.stderr()).isEmpty();
        SynthesizedApp inProcess = new SandboxSynthesizer().synth("dave", work.resolve("cache"));
        assertThat(Files.readString(outdir.resolve("dslab-dave.template.json"))).isEqualTo(inProcess.stack("dslab-dave").templateJson());
        assertThat(Files.readString(outdir.resolve("dslab-dave.assets.json")))
                .isEqualTo(Files.readString(inProcess.assemblyDir().resolve("dslab-dave.assets.json")));
    }

    @Test
    void anInvalidLearnerInTheContextFailsWithOneLine() throws Exception {
        ChildJvm run = ChildJvm.run(work, Map.of("CDK_OUTDIR", work.resolve("cdk.out").toString(), "CDK_CONTEXT_JSON", "{\"learner\":\"Dave\"}"),
                List.of(), SandboxApp.class);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip()).isEqualTo(
                "invalid learner name 'Dave': use 1-20 characters, a lowercase letter first, then lowercase letters, digits or '-'");
    }
}
