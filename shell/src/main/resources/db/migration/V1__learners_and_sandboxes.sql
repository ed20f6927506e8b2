-- Learner progress: the sandboxes each learner owns on each target. Later migrations add runs and answers.
CREATE TABLE learner (
    name        TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE sandbox (
    learner     TEXT NOT NULL REFERENCES learner (name),
    target      TEXT NOT NULL,
    status      TEXT NOT NULL,
    stacks      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    last_error  TEXT,
    PRIMARY KEY (learner, target)
);
