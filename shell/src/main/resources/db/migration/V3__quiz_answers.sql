-- Answers to the quiz on a run's observations, one row per question answered, written as soon as it is
-- answered: a shell killed mid-quiz loses at most the question being answered. The question's text is kept
-- because it is instantiated from the run (its numbers) and its template may change later.
CREATE TABLE quiz_answer (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id       TEXT NOT NULL REFERENCES experiment_run (run_id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    question     TEXT NOT NULL,
    response     TEXT NOT NULL,
    score        REAL NOT NULL,
    correct      INTEGER NOT NULL,
    answered_at  TEXT NOT NULL
);

CREATE INDEX quiz_answer_by_run ON quiz_answer (run_id, id);
