-- Experiment runs and what they observed. A run's files (history.jsonl, result.json) live in its directory;
-- these rows make runs listable and queryable without reading every file. A row is written when the run
-- starts (status RUNNING, which reserves its id) and completed when it ends.
CREATE TABLE experiment_run (
    run_id      TEXT PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE,
    learner     TEXT NOT NULL REFERENCES learner (name),
    experiment  TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    target      TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    model       TEXT NOT NULL,
    prediction  INTEGER,
    status      TEXT NOT NULL,
    reason      TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    operations  INTEGER NOT NULL DEFAULT 0,
    directory   TEXT NOT NULL
);

CREATE INDEX experiment_run_by_learner ON experiment_run (learner, number);

CREATE TABLE run_observation (
    run_id      TEXT NOT NULL REFERENCES experiment_run (run_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    id          TEXT NOT NULL,
    label       TEXT NOT NULL,
    value       REAL,
    unit        TEXT NOT NULL,
    PRIMARY KEY (run_id, id)
);
