package dev.dslab.shell.sandbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxEnvironmentTest {

    @Test
    void cliVersionsBeforeTheEndpointVariableGetTheShellFunction() {
        assertThat(SandboxEnvironment.ignoresEndpointVariable("2.9.19")).isTrue();   // Debian 12's awscli
        assertThat(SandboxEnvironment.ignoresEndpointVariable("2.12.7")).isTrue();
        assertThat(SandboxEnvironment.ignoresEndpointVariable("2.13.0")).isFalse();
        assertThat(SandboxEnvironment.ignoresEndpointVariable("2.31.4")).isFalse();
        assertThat(SandboxEnvironment.ignoresEndpointVariable("1.27.160")).isTrue();
        assertThat(SandboxEnvironment.ignoresEndpointVariable("1.29.0")).isFalse();
    }
}
