package dev.dslab.shell.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One row of the learner store's sandbox table. */
public record SandboxRecord(String learner, String target, SandboxStatus status, List<String> stacks,
                            Instant createdAt, Instant updatedAt, String lastError) {

    static SandboxRecord map(ResultSet row, int rowNumber) throws SQLException {
        String stacks = row.getString("stacks");
        return new SandboxRecord(row.getString("learner"), row.getString("target"),
                SandboxStatus.valueOf(row.getString("status")),
                stacks.isEmpty() ? List.of() : Arrays.asList(stacks.split(",")),
                Instant.parse(row.getString("created_at")), Instant.parse(row.getString("updated_at")),
                row.getString("last_error"));
    }
}
