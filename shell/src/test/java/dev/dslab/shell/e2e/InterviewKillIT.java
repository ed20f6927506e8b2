package dev.dslab.shell.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-shot `interview mock` killed -9 during its third phase keeps the first two phases' notes: a kill loses at
 * most the note being typed, and the session shows as ended without a recorded ending. Ended by SIGTERM (or Ctrl-C's
 * SIGINT) it keeps the note being typed too, and says it stopped.
 */
class InterviewKillIT {

    @TempDir
    Path home;

    /** Starts an interview, writes two phases' notes and one line of the third, and waits until that line was read. */
    static Process interviewInItsThirdPhase(DslabProcess dslab, String learner) throws Exception {
        Process interview = dslab.builder("interview", "mock", "--question", "global-shopping-cart", "--learner", learner)
                .redirectErrorStream(true).start();
        OutputStream notes = interview.getOutputStream();
        BufferedReader output = new BufferedReader(new InputStreamReader(interview.getInputStream(), StandardCharsets.UTF_8));
        notes.write("50 million carts?\n\none table per Region\nline items\n.\nhalf of the data model, being typed\n"
                .getBytes(StandardCharsets.UTF_8));
        notes.flush();
        String line;
        while ((line = output.readLine()) != null && !line.startsWith("> half of the data model")) {
            // phases 1 and 2 are in; the third phase's first line has been read, its note is not finished
        }
        assertThat(line).as("the interview reached its third phase").isNotNull();
        return interview;
    }

    @Test
    void ctrlCOrSigtermEndsTheSessionKeepingTheNoteBeingTyped() throws Exception {
        DslabProcess dslab = new DslabProcess(home, Map.of());
        Process interview = interviewInItsThirdPhase(dslab, "sam");
        interview.destroy();   // SIGTERM runs the JVM's shutdown hooks, as Ctrl-C's SIGINT does
        assertThat(interview.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(dslab.run("interview", "show", "latest", "--learner", "sam").expectSuccess().out())
                .contains(", stopped.", "  | line items", "Phase 3: Data model and conflicts", "  | half of the data model, being typed");
    }

    @Test
    void anInterviewKilledMidwayKeepsEveryFinishedNote() throws Exception {
        DslabProcess dslab = new DslabProcess(home, Map.of());
        Process interview = dslab.builder("interview", "mock", "--question", "global-shopping-cart", "--learner", "kai")
                .redirectErrorStream(true).start();
        try (OutputStream notes = interview.getOutputStream();
             BufferedReader output = new BufferedReader(new InputStreamReader(interview.getInputStream(), StandardCharsets.UTF_8))) {
            notes.write("50 million carts?\n\none table per Region\nline items\n.\nhalf of the data model, being typed\n"
                    .getBytes(StandardCharsets.UTF_8));
            notes.flush();
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("> half of the data model")) {
                // phases 1 and 2 are in; the third phase's first line has been read, its note is not finished
            }
            assertThat(line).as("the interview reached its third phase").isNotNull();
            interview.destroyForcibly().waitFor();
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("dslab.db"));
             ResultSet sessions = db.createStatement().executeQuery("SELECT id, ending FROM interview_session WHERE learner = 'kai'");
             ResultSet notes = db.createStatement().executeQuery(
                     "SELECT step, notes FROM interview_note n JOIN interview_session s ON s.id = n.session_id WHERE s.learner = 'kai'"
                             + " ORDER BY position")) {
            assertThat(sessions.next()).isTrue();
            assertThat(sessions.getString("ending")).as("no ending was recorded").isNull();
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString("step")).isEqualTo("phase 1");
            assertThat(notes.getString("notes")).isEqualTo("50 million carts?");
            assertThat(notes.next()).isTrue();
            assertThat(notes.getString("notes")).isEqualTo("one table per Region\nline items");
            assertThat(notes.next()).as("only finished notes are stored").isFalse();
        }
        assertThat(dslab.run("interview", "show", "latest", "--learner", "kai").expectSuccess().out())
                .contains("no end recorded (killed, or still running)", "  | line items", "No scores");
    }
}
