package dev.dslab.scenarios.history;

import static dev.dslab.consensus.linearizability.Operation.Outcome.FAIL;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dslab.consensus.linearizability.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {

    @TempDir
    Path dir;

    private static final RecordedOp WRITE = new RecordedOp(0, 1, "write", "k1", "v1", null, "strong", 100, 250, OK, null);
    private static final RecordedOp READ = new RecordedOp(1, 2, "read", "k1", "v1", null, "eventual", 300, 400, OK, null);
    private static final RecordedOp CAS = new RecordedOp(2, 3, "cas", "k1", "v2", "v1", null, 410, 900, INDETERMINATE,
            "timed out after 500 ms");
    private static final RecordedOp ADD = new RecordedOp(3, 1, "add", "counter", "5", null, null, 500, 600, FAIL,
            "ConditionalCheckFailedException: \"version\" changed");

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            List.of(WRITE, READ, CAS, ADD).forEach(writer::append);
        }

        RecordedHistory history = HistoryReader.read(file);

        assertThat(history.ops()).containsExactly(WRITE, READ, CAS, ADD);
        assertThat(history.truncated()).isFalse();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("{\"index\":0,\"client\":1,\"f\":\"write\",\"key\":\"k1\","
                + "\"value\":\"v1\",\"mode\":\"strong\",\"invokeNanos\":100,\"completeNanos\":250,\"outcome\":\"OK\"}");
    }

    @Test
    void concurrentClientsEachGetWholeLinesAndReopeningAppends() throws Exception {
        Path file = dir.resolve("history.jsonl");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        long index = client * 250L + i;
                        writer.append(new RecordedOp(index, client, "write", "k" + i % 7, "v" + index, null, null,
                                index, index + 5, OK, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        try (HistoryWriter again = HistoryWriter.open(file)) {
            again.append(new RecordedOp(2_000, 0, "read", "k0", null, null, null, 3_000, 3_001, OK, null));
        }

        List<RecordedOp> ops = HistoryReader.read(file).ops();

        assertThat(ops).hasSize(2_001);
        assertThat(ops.stream().map(RecordedOp::index).sorted().distinct().count()).isEqualTo(2_001);
        assertThat(ops.get(2_000).f()).isEqualTo("read");
    }

    @Test
    void aCutOffLastLineIsReportedAndEverythingBeforeItKept() throws Exception {
        Path file = dir.resolve("history.jsonl");
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            writer.append(WRITE);
            writer.append(READ);
        }
        Files.writeString(file, "{\"index\":2,\"client\":3,\"f\":\"ca", StandardOpenOption.APPEND);

        RecordedHistory history = HistoryReader.read(file);

        assertThat(history.ops()).containsExactly(WRITE, READ);
        assertThat(history.truncatedLastLine()).hasValue(new RecordedHistory.TruncatedLine(3, "{\"index\":2,\"client\":3,\"f\":\"ca"));
    }

    @Test
    void aBadLineBeforeTheEndIsCorruptionAndSaysWhere() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, "{\"index\":0,\"client\":1,\"f\":\"write\",\"key\":\"k\",\"invokeNanos\":5,"
                + "\"completeNanos\":1,\"outcome\":\"OK\"}\n{\"index\":1}\n", StandardCharsets.UTF_8);
        try (HistoryWriter writer = HistoryWriter.open(file)) {
            writer.append(READ);
        }

        assertThatThrownBy(() -> HistoryReader.read(file))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage(file + " line 1 is not a recorded operation "
                        + "(operation 0 (write) completes (1) before it is invoked (5))");
    }

    @Test
    void anUnknownOperationNameIsRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> new RecordedOp(0, 1, "Read!", "k", null, null, null, 0, 1, OK, null))
                .hasMessage("operation name 'Read!' is not allowed: lower-case letters, digits and dashes, starting with a letter");
    }

    @Test
    void registerOperationsBecomeCheckerOperationsAndTheOthersDoNot() {
        assertThat(WRITE.toOperation()).hasValue(Operation.write(1, "k1", "v1", 100, 250, OK));
        assertThat(READ.toOperation()).hasValue(Operation.read(2, "k1", "v1", 300, 400, OK));
        assertThat(CAS.toOperation()).hasValue(Operation.cas(3, "k1", "v1", "v2", 410, 900, INDETERMINATE));
        assertThat(ADD.toOperation()).isEmpty();
        assertThat(new RecordedOp(4, 1, "get", "k1", "v1", null, null, 0, 1, OK, null).toOperation()).isEmpty();
    }

    @Test
    void closedWriterRefusesToAppend() throws Exception {
        HistoryWriter writer = HistoryWriter.open(dir.resolve("h.jsonl"));
        writer.close();
        assertThatThrownBy(() -> writer.append(WRITE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed; operation 0 was not recorded");
    }
}
