package dev.dslab.shell.store;

import dev.dslab.curriculum.interview.MockInterview;
import dev.dslab.shell.learner.LearnerName;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mock interviews in the learner store (V6): a session row when the interview starts, each note and each score
 * in its own statement as soon as it is entered, and the ending last. SQLite's write-ahead log makes each of those
 * survive a kill the moment it returns.
 */
@Component
public class InterviewStore {

    private final LearnerStore store;

    public InterviewStore(LearnerStore store) {
        this.store = store;
    }

    /** Records the start of a session and returns its id (the number in i1, i2, ...). */
    public long start(LearnerName learner, String question, String title, int minutes, int maxScore, Instant startedAt) {
        store.ensureLearner(learner, startedAt.toString());
        return store.jdbc().sql("""
                INSERT INTO interview_session (learner, question, title, minutes, max_score, started_at) VALUES (?, ?, ?, ?, ?, ?)
                RETURNING id
                """)
                .params(learner.value(), question, title, minutes, maxScore, startedAt.toString()).query(Long.class).single();
    }

    public void note(long session, MockInterview.Note note) {
        store.jdbc().sql("""
                INSERT INTO interview_note (session_id, position, step, prompt, notes, budget_seconds, used_seconds, written_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(session, note.position(), note.step(), note.prompt(), note.text(), note.budget().toSeconds(), note.used().toSeconds(),
                        note.writtenAt().toString())
                .update();
    }

    public void score(long session, MockInterview.Score score) {
        store.jdbc().sql("INSERT INTO interview_score (session_id, position, criterion, score, scored_at) VALUES (?, ?, ?, ?, ?)")
                .params(session, score.position(), score.criterion(), score.score(), score.scoredAt().toString()).update();
    }

    public void finish(long session, MockInterview.Ending ending, Instant endedAt) {
        store.jdbc().sql("UPDATE interview_session SET ending = ?, ended_at = ? WHERE id = ?")
                .params(ending.label(), endedAt.toString(), session).update();
    }

    /** The learner's sessions, oldest first. */
    public List<InterviewSessionRecord> sessions(LearnerName learner) {
        return store.jdbc().sql("SELECT * FROM interview_session WHERE learner = ? ORDER BY id").param(learner.value())
                .query((row, number) -> session(row)).list();
    }

    public Optional<InterviewSessionRecord> session(LearnerName learner, long id) {
        return store.jdbc().sql("SELECT * FROM interview_session WHERE learner = ? AND id = ?").params(learner.value(), id)
                .query((row, number) -> session(row)).optional();
    }

    public List<InterviewNoteRecord> notes(long session) {
        return store.jdbc().sql("SELECT * FROM interview_note WHERE session_id = ? ORDER BY position").param(session)
                .query((row, number) -> new InterviewNoteRecord(row.getInt("position"), row.getString("step"), row.getString("prompt"),
                        row.getString("notes"), row.getLong("budget_seconds"), row.getLong("used_seconds"),
                        Instant.parse(row.getString("written_at"))))
                .list();
    }

    public List<InterviewScoreRecord> scores(long session) {
        return store.jdbc().sql("SELECT * FROM interview_score WHERE session_id = ? ORDER BY position").param(session)
                .query((row, number) -> new InterviewScoreRecord(row.getInt("position"), row.getString("criterion"), row.getInt("score"),
                        Instant.parse(row.getString("scored_at"))))
                .list();
    }

    private static InterviewSessionRecord session(java.sql.ResultSet row) throws java.sql.SQLException {
        String ended = row.getString("ended_at");
        return new InterviewSessionRecord(row.getLong("id"), row.getString("learner"), row.getString("question"), row.getString("title"),
                row.getInt("minutes"), row.getInt("max_score"), Instant.parse(row.getString("started_at")),
                ended == null ? null : Instant.parse(ended), row.getString("ending"));
    }
}
