package dev.dslab.shell.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.scenarios.engine.Observation;
import dev.dslab.curriculum.review.CardState;
import dev.dslab.curriculum.review.ReviewCard;
import dev.dslab.scenarios.engine.RunRecord;
import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.learner.LearnerName;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner store: an SQLite file under $DSLAB_HOME, migrated by Flyway. SQLite because several dslab
 * processes (an open shell and one-shot commands) use it at once, and its write-ahead log makes every
 * committed write survive a crash at any moment.
 */
@Component
public class LearnerStore {

    /** The newest migration under db/migration (V8__...); LearnerStoreTest checks it against the files. */
    static final int SCHEMA_VERSION = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };
    private static final TypeReference<Map<String, Map<String, Object>>> MODEL_MAP = new TypeReference<>() { };

    private final Path file;
    private final Clock clock;
    private volatile JdbcClient jdbc;
    private volatile TransactionTemplate transactions;

    @Autowired
    public LearnerStore(DslabProperties properties) {
        this(properties.home().resolve("dslab.db"), Clock.systemUTC());
    }

    LearnerStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Opened and migrated on first use: most commands (help, local status) never touch the store. Package-private so
     * the store's other parts (InterviewStore) share the one connection and its migrations.
     */
    JdbcClient jdbc() {
        JdbcClient opened = jdbc;
        if (opened == null) {
            synchronized (this) {
                if (jdbc == null) {
                    SQLiteDataSource dataSource = open(file);
                    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
                    jdbc = JdbcClient.create(dataSource);
                }
                opened = jdbc;
            }
        }
        return opened;
    }

    private static SQLiteDataSource open(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new DslabException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        if (!schemaIsCurrent(dataSource)) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        }
        return dataSource;
    }

    /**
     * Whether Flyway's history ends, without failures, at the newest bundled migration. Most opens find it so,
     * and then skip Flyway: its class-path scan, checksum validation and 500 classes cost a one-shot command
     * about 0.1 s of CPU. Anything else (no history yet, older, newer, a failed migration) goes to Flyway,
     * which migrates or says what is wrong.
     */
    static boolean schemaIsCurrent(SQLiteDataSource dataSource) {
        try (var connection = dataSource.getConnection();
             var statement = connection.createStatement();
             ResultSet history = statement.executeQuery("SELECT max(CAST(version AS INTEGER)), sum(success = 0) "
                     + "FROM flyway_schema_history WHERE version IS NOT NULL")) {
            return history.next() && history.getInt(1) == SCHEMA_VERSION && history.getInt(2) == 0;
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }

    public void recordSandbox(LearnerName learner, String target, SandboxStatus status, List<String> stacks, String error) {
        String now = Instant.now(clock).toString();
        ensureLearner(learner, now);
        jdbc().sql("""
                INSERT INTO sandbox (learner, target, status, stacks, created_at, updated_at, last_error)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (learner, target) DO UPDATE SET status = excluded.status, stacks = excluded.stacks,
                    updated_at = excluded.updated_at, last_error = excluded.last_error
                """)
                .params(learner.value(), target, status.name(), String.join(",", stacks), now, now, error)
                .update();
    }

    public Optional<SandboxRecord> sandbox(LearnerName learner, String target) {
        return jdbc().sql("SELECT * FROM sandbox WHERE learner = ? AND target = ?")
                .params(learner.value(), target).query(SandboxRecord::map).optional();
    }

    public List<SandboxRecord> sandboxes(String target) {
        return jdbc().sql("SELECT * FROM sandbox WHERE target = ? ORDER BY learner")
                .param(target).query(SandboxRecord::map).list();
    }

    /**
     * Records the start of a run and gives it the next run id of this home (r1, r2, ...): one statement, so two
     * shells starting runs at once get different ids.
     *
     * @param runsDirectory where run directories live; the run's own is {@code runsDirectory/<run id>}
     */
    public StoredRun startRun(LearnerName learner, String experiment, long seed, String target, Map<String, String> parameters,
                              Integer prediction, Path runsDirectory) {
        return startRun(learner, experiment, seed, target, parameters, prediction, runsDirectory, null);
    }

    /**
     * As {@link #startRun(LearnerName, String, long, String, Map, Integer, Path)}, recording the run's owner: the
     * name of the lock its process holds while the run goes on (see {@code experiment.RunOwners}).
     */
    public StoredRun startRun(LearnerName learner, String experiment, long seed, String target, Map<String, String> parameters,
                              Integer prediction, Path runsDirectory, String owner) {
        String now = Instant.now(clock).toString();
        ensureLearner(learner, now);
        String runId = jdbc().sql("""
                INSERT INTO experiment_run (run_id, number, learner, experiment, seed, target, parameters, model, prediction,
                                            status, started_at, directory, owner)
                SELECT 'r' || next, next, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ? || 'r' || next, ?
                FROM (SELECT COALESCE(MAX(number), 0) + 1 AS next FROM experiment_run)
                RETURNING run_id
                """)
                .params(learner.value(), experiment, seed, target, json(parameters), prediction, StoredRun.RUNNING, now,
                        runsDirectory.toAbsolutePath() + java.io.File.separator, owner)
                .query(String.class).single();
        return run(runId).orElseThrow();
    }

    /** Records how a run ended and what it observed; its times become the runner's (the workload's own start and end). */
    public void finishRun(RunRecord record) {
        jdbc().sql("""
                UPDATE experiment_run SET status = ?, reason = ?, started_at = ?, ended_at = ?, operations = ?, parameters = ?,
                    model = ?, prediction = ?
                WHERE run_id = ?
                """)
                .params(record.status().name(), record.reason(), record.startedAt().toString(), record.endedAt().toString(),
                        record.operations(),
                        json(record.parameters()), json(record.model()), record.prediction(), record.runId())
                .update();
        if (record.result() != null) {
            List<Observation> observations = record.result().observations();
            for (int position = 0; position < observations.size(); position++) {
                Observation observation = observations.get(position);
                jdbc().sql("""
                        INSERT INTO run_observation (run_id, position, id, label, value, unit) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (run_id, id) DO UPDATE SET position = excluded.position, label = excluded.label,
                            value = excluded.value, unit = excluded.unit
                        """)
                        .params(record.runId(), position, observation.id(), observation.label(),
                                Double.isNaN(observation.value()) ? null : observation.value(), observation.unit())
                        .update();
            }
        }
    }

    /** Ends a run that failed before the runner could record it. */
    public void failRun(String runId, String reason) {
        jdbc().sql("UPDATE experiment_run SET status = 'FAILED', reason = ?, ended_at = ? WHERE run_id = ?")
                .params(reason, Instant.now(clock).toString(), runId).update();
    }

    /** Ends a run whose process is gone, unless it ended meanwhile; true when this call ended it. */
    public boolean failRunStillRunning(String runId, String reason) {
        return jdbc().sql("UPDATE experiment_run SET status = 'FAILED', reason = ?, ended_at = ? WHERE run_id = ? AND status = ?")
                .params(reason, Instant.now(clock).toString(), runId, StoredRun.RUNNING).update() == 1;
    }

    public Optional<StoredRun> run(String runId) {
        return jdbc().sql("SELECT * FROM experiment_run WHERE run_id = ?").param(runId)
                .query(this::mapRun).optional();
    }

    /** The learner's newest run. */
    public Optional<StoredRun> latestRun(LearnerName learner) {
        return jdbc().sql("SELECT * FROM experiment_run WHERE learner = ? ORDER BY number DESC LIMIT 1").param(learner.value())
                .query(this::mapRun).optional();
    }

    /** The learner's runs, oldest first. */
    public List<StoredRun> runs(LearnerName learner) {
        return jdbc().sql("SELECT * FROM experiment_run WHERE learner = ? ORDER BY number").param(learner.value())
                .query(this::mapRun).list();
    }

    /** Stores one answer of a quiz at once, in its own transaction. */
    public void recordQuizAnswer(QuizAnswerRecord answer) {
        jdbc().sql("""
                INSERT INTO quiz_answer (run_id, question_id, question, response, score, correct, answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(answer.runId(), answer.questionId(), answer.question(), answer.response(), answer.score(),
                        answer.correct() ? 1 : 0, answer.answeredAt().toString())
                .update();
    }

    /** Every answer given on a run's quiz, in the order given (a quiz taken twice has each question twice). */
    public List<QuizAnswerRecord> quizAnswers(String runId) {
        return jdbc().sql("SELECT * FROM quiz_answer WHERE run_id = ? ORDER BY id").param(runId)
                .query((row, number) -> new QuizAnswerRecord(row.getString("run_id"), row.getString("question_id"),
                        row.getString("question"), row.getString("response"), row.getDouble("score"), row.getInt("correct") == 1,
                        Instant.parse(row.getString("answered_at"))))
                .list();
    }

    /**
     * Stores one answer of `quiz start` and its card's new review schedule in one transaction, at once: a quiz
     * killed afterwards keeps both, one killed before keeps neither.
     */
    public void recordQuizAttempt(LearnerName learner, QuizAttemptRecord attempt, ReviewCard next) {
        jdbc();
        transactions.executeWithoutResult(status -> {
            ensureLearner(learner, attempt.answeredAt().toString());
            jdbc().sql("""
                    INSERT INTO quiz_attempt (learner, session, mode, card, topic_set, topics, question, response, score, correct,
                                              answered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(learner.value(), attempt.session(), attempt.mode(), attempt.card(), attempt.topicSet(),
                            String.join(",", attempt.topics()), attempt.question(), attempt.response(), attempt.score(),
                            attempt.correct() ? 1 : 0, attempt.answeredAt().toString())
                    .update();
            jdbc().sql("""
                    INSERT INTO review_card (learner, card, state, step, stability, difficulty, due_at, last_review)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (learner, card) DO UPDATE SET state = excluded.state, step = excluded.step,
                        stability = excluded.stability, difficulty = excluded.difficulty, due_at = excluded.due_at,
                        last_review = excluded.last_review
                    """)
                    .params(learner.value(), attempt.card(), next.state().name(), next.step(), next.stability(), next.difficulty(),
                            next.due().toString(), next.lastReview().toString())
                    .update();
        });
    }

    /** The learner's answers in `quiz start`, oldest first. */
    public List<QuizAttemptRecord> quizAttempts(LearnerName learner) {
        return jdbc().sql("SELECT * FROM quiz_attempt WHERE learner = ? ORDER BY id").param(learner.value())
                .query((row, number) -> new QuizAttemptRecord(row.getString("session"), row.getString("mode"), row.getString("card"),
                        row.getString("topic_set"), row.getString("topics").isEmpty() ? List.of() : List.of(row.getString("topics").split(",")),
                        row.getString("question"), row.getString("response"), row.getDouble("score"), row.getInt("correct") == 1,
                        Instant.parse(row.getString("answered_at"))))
                .list();
    }

    /** Every card the learner has a review schedule for, by card. */
    public Map<String, ReviewCard> reviewCards(LearnerName learner) {
        Map<String, ReviewCard> cards = new LinkedHashMap<>();
        jdbc().sql("SELECT * FROM review_card WHERE learner = ? ORDER BY due_at").param(learner.value())
                .query((row, number) -> cards.put(row.getString("card"), new ReviewCard(CardState.valueOf(row.getString("state")),
                        row.getInt("step"), row.getDouble("stability"), row.getDouble("difficulty"), Instant.parse(row.getString("due_at")),
                        Instant.parse(row.getString("last_review")))))
                .list();
        return cards;
    }

    /** The questions of the learner's run quizzes (`quiz run`) answered wrong at least once, as (run id, question id), oldest first. */
    public List<Map.Entry<String, String>> missedRunQuestions(LearnerName learner) {
        return jdbc().sql("""
                        SELECT a.run_id, a.question_id, MIN(a.id) AS first FROM quiz_answer a JOIN experiment_run r ON r.run_id = a.run_id
                        WHERE r.learner = ? AND a.correct = 0 GROUP BY a.run_id, a.question_id ORDER BY first
                        """).param(learner.value())
                .query((row, number) -> Map.entry(row.getString("run_id"), row.getString("question_id"))).list();
    }

    /** Every answer the learner gave in run quizzes (`quiz run`). */
    public List<QuizAnswerRecord> quizAnswers(LearnerName learner) {
        return jdbc().sql("SELECT a.* FROM quiz_answer a JOIN experiment_run r ON r.run_id = a.run_id WHERE r.learner = ? ORDER BY a.id")
                .param(learner.value())
                .query((row, number) -> new QuizAnswerRecord(row.getString("run_id"), row.getString("question_id"),
                        row.getString("question"), row.getString("response"), row.getDouble("score"), row.getInt("correct") == 1,
                        Instant.parse(row.getString("answered_at"))))
                .list();
    }

    /** Records a check as it ended; {@link ExerciseCheckRecord#checkedAt()} is set here. */
    public void recordExerciseCheck(LearnerName learner, String exercise, String workspace, long firstSeed, int seeds, String scenario,
                                    boolean passed, int runs, String failure, long wallMillis) {
        String now = Instant.now(clock).toString();
        ensureLearner(learner, now);
        jdbc().sql("""
                INSERT INTO exercise_check (learner, exercise, workspace, first_seed, seeds, scenario, passed, runs, failure,
                                            wall_millis, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(learner.value(), exercise, workspace, firstSeed, seeds, scenario, passed ? 1 : 0, runs, failure, wallMillis, now)
                .update();
    }

    /** The learner's checks of every exercise, oldest first. */
    public List<ExerciseCheckRecord> exerciseChecks(LearnerName learner) {
        return jdbc().sql("SELECT * FROM exercise_check WHERE learner = ? ORDER BY id").param(learner.value())
                .query((row, number) -> new ExerciseCheckRecord(row.getString("learner"), row.getString("exercise"),
                        row.getString("workspace"), row.getLong("first_seed"), row.getInt("seeds"), row.getString("scenario"),
                        row.getInt("passed") == 1, row.getInt("runs"), row.getString("failure"), row.getLong("wall_millis"),
                        Instant.parse(row.getString("checked_at"))))
                .list();
    }

    /** Records that hint {@code number} (or the solution, number 1) of an exercise was shown to the learner. */
    public void recordExerciseHelp(LearnerName learner, String exercise, String kind, int number) {
        String now = Instant.now(clock).toString();
        ensureLearner(learner, now);
        jdbc().sql("INSERT INTO exercise_help (learner, exercise, kind, number, shown_at) VALUES (?, ?, ?, ?, ?)")
                .params(learner.value(), exercise, kind, number, now).update();
    }

    /** How many hints of an exercise the learner has seen (the highest shown), or whether the solution was shown (0 or 1). */
    public int exerciseHelpShown(LearnerName learner, String exercise, String kind) {
        return jdbc().sql("SELECT COALESCE(MAX(number), 0) FROM exercise_help WHERE learner = ? AND exercise = ? AND kind = ?")
                .params(learner.value(), exercise, kind).query(Integer.class).single();
    }

    /** Records that the learner was shown a lesson now. */
    public void recordLessonRead(LearnerName learner, String lesson) {
        String now = Instant.now(clock).toString();
        ensureLearner(learner, now);
        jdbc().sql("INSERT INTO lesson_read (learner, lesson, read_at) VALUES (?, ?, ?)").params(learner.value(), lesson, now).update();
    }

    /** When the learner last read each lesson they have read, by lesson id. */
    public Map<String, Instant> lessonsRead(LearnerName learner) {
        Map<String, Instant> read = new LinkedHashMap<>();
        jdbc().sql("SELECT lesson, MAX(read_at) AS last FROM lesson_read WHERE learner = ? GROUP BY lesson ORDER BY lesson")
                .param(learner.value())
                .query((row, number) -> read.put(row.getString("lesson"), Instant.parse(row.getString("last")))).list();
        return read;
    }

    void ensureLearner(LearnerName learner, String now) {
        jdbc().sql("INSERT INTO learner (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(learner.value(), now).update();
    }

    private StoredRun mapRun(ResultSet row, int rowNumber) throws SQLException {
        String runId = row.getString("run_id");
        String ended = row.getString("ended_at");
        int prediction = row.getInt("prediction");
        Integer predicted = row.wasNull() ? null : prediction;
        return new StoredRun(runId, row.getString("learner"), row.getString("experiment"), row.getLong("seed"),
                row.getString("target"), read(row.getString("parameters"), TEXT_MAP), read(row.getString("model"), MODEL_MAP),
                predicted, row.getString("status"), row.getString("reason"), Instant.parse(row.getString("started_at")),
                ended == null ? null : Instant.parse(ended), row.getLong("operations"), Path.of(row.getString("directory")),
                observations(runId), row.getString("owner"));
    }

    private List<Observation> observations(String runId) {
        return new ArrayList<>(jdbc().sql("SELECT * FROM run_observation WHERE run_id = ? ORDER BY position").param(runId)
                .query((row, number) -> {
                    Object value = row.getObject("value");
                    return new Observation(row.getString("id"), row.getString("label"),
                            value == null ? Double.NaN : ((Number) value).doubleValue(), row.getString("unit"));
                }).list());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value == null ? new LinkedHashMap<>() : value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
