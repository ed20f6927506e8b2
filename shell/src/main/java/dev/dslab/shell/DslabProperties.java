package dev.dslab.shell;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * dslab's settings. Each comes from an environment variable (Spring's relaxed binding maps DSLAB_HOME to
 * dslab.home, DSLAB_LEARNER to dslab.learner, DSLAB_LOCAL_PORT to dslab.local.port) or a -D property.
 *
 * @param home    where all state lives (learner store, logs, the local target, caches); default ~/.dslab
 * @param learner the learner when --learner is not given; default: the OS user name, normalised
 * @param local   the embedded local target
 */
@ConfigurationProperties("dslab")
public record DslabProperties(Path home, String learner, Local local) {

    public static final int DEFAULT_LOCAL_PORT = 4599;

    public DslabProperties {
        if (home == null) {
            home = Path.of(System.getProperty("user.home"), ".dslab");
        }
        home = home.toAbsolutePath().normalize();
        if (local == null) {
            local = new Local(null);
        }
    }

    /** @param port the edge port of the local target; 0 picks a free port (tests do) */
    public record Local(Integer port) {
        public int portOrDefault() {
            return port == null ? DEFAULT_LOCAL_PORT : port;
        }
    }
}
