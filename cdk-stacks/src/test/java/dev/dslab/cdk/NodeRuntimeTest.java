package dev.dslab.cdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeRuntimeTest {

    @TempDir
    Path bin;

    @Test
    void acceptsTheNodeOnThisMachinesPath() {
        assertThatCode(() -> NodeRuntime.requireSupported(Map.of("PATH", System.getenv("PATH")))).doesNotThrowAnyException();
    }

    @Test
    void namesTheOldVersionAndWhatToInstall() throws IOException {
        // an executable that answers --version as node 18 does: node 18 itself cannot be installed beside node 20 here
        Path oldNode = Files.writeString(bin.resolve("node"), "#!/bin/sh\necho v18.19.1\n");
        Files.setPosixFilePermissions(oldNode, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> NodeRuntime.requireSupported(Map.of("PATH", bin.toString())))
                .isInstanceOf(SynthException.class)
                .hasMessage("synthesizing the CDK stacks needs Node.js 20+, but " + oldNode + " is v18.19.1: install Node.js 20"
                        + " or newer (e.g. apt-get install nodejs, or from nodejs.org) and retry");
    }

    @Test
    void aJsiiNodeThatIsNotAnExecutableIsNamed() {
        Path missing = bin.resolve("no-such-node");

        assertThatThrownBy(() -> NodeRuntime.requireSupported(Map.of("JSII_NODE", missing.toString(), "PATH", System.getenv("PATH"))))
                .isInstanceOf(SynthException.class)
                .hasMessageStartingWith("synthesizing the CDK stacks needs Node.js, but JSII_NODE=" + missing + " is not an executable file");
    }
}
