package dev.dslab.shell.e2e;

import dev.dslab.consensus.playground.RaftSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Raft playground as a learner runs it one-shot: every command its own JVM, so the session exists only in
 * $DSLAB_HOME/raft/session.json and each process rebuilds it by replay. No target is started.
 */
class RaftOneShotIT {

    static final Path home = TestHomes.create("dslab-raft-it");

    @AfterAll
    static void deleteHome() {
        TestHomes.delete(home);
    }

    @Test
    void eachProcessReplaysTheSessionTheOthersLeft() {
        DslabProcess dslab = new DslabProcess(home, Map.of());
        assertThat(dslab.run("raft", "new", "--nodes", "5", "--seed", "1").expectSuccess().out()).contains("New Raft session");
        assertThat(dslab.run("raft", "step", "3").expectSuccess().out()).contains("is now candidate term 1");
        assertThat(dslab.run("raft", "partition", "1,2", "3,4,5").expectSuccess().out()).startsWith("Partitioned: {1,2} | {3,4,5}.");

        String state = dslab.run("raft", "state").expectSuccess().out();
        assertThat(state).contains("2 commands").contains("{1,2}").contains("{3,4,5}");
        assertThat(state).isEqualTo(new RaftSessions(home.resolve("raft")).state());
    }
}
