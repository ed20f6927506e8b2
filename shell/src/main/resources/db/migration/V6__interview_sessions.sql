-- Mock interviews (interview mock): a session per interview, each phase's or follow-up's notes and each rubric
-- score written as soon as the learner finishes it, so a shell killed mid-interview loses at most the note being
-- typed. A session whose ending is NULL was killed (or is still running).
CREATE TABLE interview_session (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    learner      TEXT NOT NULL REFERENCES learner (name),
    question     TEXT NOT NULL,
    title        TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    max_score    INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    ending       TEXT
);

CREATE INDEX interview_session_by_learner ON interview_session (learner, question);

CREATE TABLE interview_note (
    session_id      INTEGER NOT NULL REFERENCES interview_session (id),
    position        INTEGER NOT NULL,
    step            TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    notes           TEXT NOT NULL,
    budget_seconds  INTEGER NOT NULL,
    used_seconds    INTEGER NOT NULL,
    written_at      TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE interview_score (
    session_id  INTEGER NOT NULL REFERENCES interview_session (id),
    position    INTEGER NOT NULL,
    criterion   TEXT NOT NULL,
    score       INTEGER NOT NULL,
    scored_at   TEXT NOT NULL,
    PRIMARY KEY (session_id, position)
);
