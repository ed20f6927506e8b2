package dev.dslab.shell.store;

import dev.dslab.shell.DslabProperties;
import dev.dslab.shell.console.DslabException;
import dev.dslab.shell.learner.LearnerName;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The learner store: an SQLite file under $DSLAB_HOME, migrated by Flyway. SQLite because several dslab
 * processes (an open shell and one-shot commands) use it at once, and its write-ahead log makes every
 * committed write survive a crash at any moment.
 */
@Component
public class LearnerStore {

    private final Path file;
    private final Clock clock;
    private volatile JdbcClient jdbc;

    @Autowired
    public LearnerStore(DslabProperties properties) {
        this(properties.home().resolve("dslab.db"), Clock.systemUTC());
    }

    LearnerStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opened and migrated on first use: most commands (help, local status) never touch the store. */
    private JdbcClient jdbc() {
        JdbcClient opened = jdbc;
        if (opened == null) {
            synchronized (this) {
                if (jdbc == null) {
                    jdbc = open(file);
                }
                opened = jdbc;
            }
        }
        return opened;
    }

    private static JdbcClient open(Path file) {
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
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return JdbcClient.create(dataSource);
    }

    public void recordSandbox(LearnerName learner, String target, SandboxStatus status, List<String> stacks, String error) {
        String now = Instant.now(clock).toString();
        jdbc().sql("INSERT INTO learner (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(learner.value(), now).update();
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
}
