-- The quiz engine (quiz start): every answer to a question of the banks or of a review, and each question's
-- review schedule (FSRS). An answer and its card's new schedule are written in one transaction as soon as the
-- answer is given: a shell killed mid-quiz loses at most the question being answered. A card is a bank
-- question's id, or run:<run id>:<question id> for a missed question on one of the learner's runs.
CREATE TABLE quiz_attempt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    learner      TEXT NOT NULL REFERENCES learner (name),
    session      TEXT NOT NULL,
    mode         TEXT NOT NULL,
    card         TEXT NOT NULL,
    topic_set    TEXT NOT NULL,
    topics       TEXT NOT NULL,
    question     TEXT NOT NULL,
    response     TEXT NOT NULL,
    score        REAL NOT NULL,
    correct      INTEGER NOT NULL,
    answered_at  TEXT NOT NULL
);

CREATE INDEX quiz_attempt_by_learner ON quiz_attempt (learner, card);

CREATE TABLE review_card (
    learner      TEXT NOT NULL REFERENCES learner (name),
    card         TEXT NOT NULL,
    state        TEXT NOT NULL,
    step         INTEGER NOT NULL,
    stability    REAL NOT NULL,
    difficulty   REAL NOT NULL,
    due_at       TEXT NOT NULL,
    last_review  TEXT NOT NULL,
    PRIMARY KEY (learner, card)
);
