-- The staged exercises (exercise check, hint, solution): one row per check as it ends, and one per hint or
-- solution shown. A stage counts as passed once a check of all its scenarios passed; the rows keep when and on
-- which seeds, so a learner (or a later report) sees how a stage was reached, hints and solution included.
CREATE TABLE exercise_check (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    learner       TEXT NOT NULL REFERENCES learner (name),
    exercise      TEXT NOT NULL,
    workspace     TEXT NOT NULL,
    first_seed    INTEGER NOT NULL,
    seeds         INTEGER NOT NULL,
    scenario      TEXT,
    passed        INTEGER NOT NULL,
    runs          INTEGER NOT NULL,
    failure       TEXT,
    wall_millis   INTEGER NOT NULL,
    checked_at    TEXT NOT NULL
);

CREATE INDEX exercise_check_by_learner ON exercise_check (learner, exercise, id);

CREATE TABLE exercise_help (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    learner   TEXT NOT NULL REFERENCES learner (name),
    exercise  TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('hint', 'solution')),
    number    INTEGER NOT NULL,
    shown_at  TEXT NOT NULL
);

CREATE INDEX exercise_help_by_learner ON exercise_help (learner, exercise, kind);
