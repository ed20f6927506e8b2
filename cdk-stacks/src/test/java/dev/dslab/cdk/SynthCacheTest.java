package dev.dslab.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SynthCacheTest {

    private static final String JSII_ENGINE = "software.amazon.jsii.JsiiEngine";

    @TempDir
    Path cacheDir;

    @Test
    void secondSynthInANewJvmIsACacheHitThatNeverLoadsJsii() throws Exception {
        SynthesizedApp first = new SandboxSynthesizer().synth("alice", cacheDir);
        assertThat(first.fromCache()).isFalse();

        // no node on the PATH either: a hit must not need it
        ChildJvm second = runChildJvm(Map.of("PATH", "/nonexistent"), "alice");

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("fromCache=true inputHash=" + first.inputHash());
        assertThat(second.stdout()).doesNotContain(JSII_ENGINE);
    }

    @Test
    void sameInputsHitInTheSameJvmAndReturnTheSameStacks() {
        SandboxSynthesizer synthesizer = new SandboxSynthesizer();
        SynthesizedApp miss = synthesizer.synth("alice", cacheDir);
        SynthesizedApp hit = synthesizer.synth("alice", cacheDir);

        assertThat(miss.fromCache()).isFalse();
        assertThat(hit.fromCache()).isTrue();
        assertThat(hit.stacks()).isEqualTo(miss.stacks());
        assertThat(hit.assemblyDir()).isEqualTo(miss.assemblyDir());
    }

    @Test
    void theCacheIndexHoldsExactlyWhatTheCloudAssemblySays() {
        SynthesizedApp app = new SandboxSynthesizer().synth("alice", cacheDir);

        assertThat(app.stacks()).isEqualTo(CloudAssemblyReader.read(app.assemblyDir()).stream()
                .map(CloudAssemblyReader.StackArtifact::stack).toList());
    }

    @Test
    void anEntryWithoutIndexIsReplacedNotTrusted() throws IOException {
        SynthesizedApp first = new SandboxSynthesizer().synth("alice", cacheDir);
        Files.delete(first.assemblyDir().resolve(SynthIndex.FILE));

        SynthesizedApp second = new SandboxSynthesizer().synth("alice", cacheDir);

        assertThat(second.fromCache()).isFalse();
        assertThat(second.stacks()).isEqualTo(first.stacks());
        assertThat(second.assemblyDir().resolve(SynthIndex.FILE)).exists();
    }

    @Test
    void aDifferentLearnerIsAMissAndKeepsTheOtherLearnersEntry() {
        SandboxSynthesizer synthesizer = new SandboxSynthesizer();
        SynthesizedApp alice = synthesizer.synth("alice", cacheDir);
        SynthesizedApp bob = synthesizer.synth("bob", cacheDir);

        assertThat(bob.fromCache()).isFalse();
        assertThat(bob.inputHash()).isNotEqualTo(alice.inputHash());
        assertThat(bob.stacks()).extracting(SynthesizedStack::stackName).containsExactly("dslab-bob");
        assertThat(synthesizer.synth("alice", cacheDir).fromCache()).isTrue();
    }

    @Test
    void aNewEntryReplacesTheLearnersOldEntriesAndAbandonedStagingButNotOtherLearners() throws IOException {
        Path synthRoot = Files.createDirectories(cacheDir.resolve("synth"));
        Path oldAlice = Files.createDirectories(synthRoot.resolve("alice_" + "0".repeat(32)));
        Path aliceX = Files.createDirectories(synthRoot.resolve("alice-x_" + "0".repeat(32)));
        Path abandoned = Files.createDirectories(synthRoot.resolve("staging-123"));
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path running = Files.createDirectories(synthRoot.resolve("staging-456"));

        SynthesizedApp alice = new SandboxSynthesizer().synth("alice", cacheDir);

        assertThat(alice.fromCache()).isFalse();
        assertThat(oldAlice).doesNotExist();
        assertThat(abandoned).doesNotExist();
        assertThat(aliceX).exists();
        assertThat(running).exists();
        assertThat(alice.assemblyDir()).exists();
    }

    @Test
    void missingNodeFailsWithOneLineThatSaysWhatToInstall() throws Exception {
        ChildJvm run = runChildJvm(Map.of("PATH", "/nonexistent"), "carol");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr().strip().lines()).containsExactly(
                "synthesizing the CDK stacks needs Node.js, but 'node' is not on the PATH: install Node.js 20 or newer"
                        + " (e.g. apt-get install nodejs, or from nodejs.org) and retry");
        assertThat(run.stdout()).doesNotContain(JSII_ENGINE);
        assertThat(cacheDir.resolve("synth")).doesNotExist();
    }

    @Test
    void anInvalidLearnerIsRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> new SandboxSynthesizer().synth("Alice", cacheDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid learner name 'Alice': use 1-20 characters, a lowercase letter first, then lowercase letters, digits or '-'");
        assertThat(cacheDir).isEmptyDirectory();
    }

    private ChildJvm runChildJvm(Map<String, String> environment, String learner) throws Exception {
        return ChildJvm.run(cacheDir, environment, List.of("-verbose:class"), SynthChildJvm.class, learner, cacheDir.toString());
    }
}
