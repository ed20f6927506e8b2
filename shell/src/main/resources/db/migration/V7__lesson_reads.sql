-- Lessons read (learn <topic>): one row each time a lesson is shown, so 'learn list' can say what was read and
-- when. (V6 is another feature's migration.)
CREATE TABLE lesson_read (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    learner  TEXT NOT NULL REFERENCES learner (name),
    lesson   TEXT NOT NULL,
    read_at  TEXT NOT NULL
);

CREATE INDEX lesson_read_by_learner ON lesson_read (learner, lesson, read_at);
