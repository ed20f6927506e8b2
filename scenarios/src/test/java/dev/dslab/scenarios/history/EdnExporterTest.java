package dev.dslab.scenarios.history;

import static dev.dslab.consensus.linearizability.Operation.Outcome.FAIL;
import static dev.dslab.consensus.linearizability.Operation.Outcome.INDETERMINATE;
import static dev.dslab.consensus.linearizability.Operation.Outcome.OK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.scenarios.check.SimulatedRegister;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EdnExporterTest {

    @Test
    void opsBecomeInvocationsAndCompletionsInTimeOrder() {
        List<RecordedOp> ops = List.of(
                new RecordedOp(0, 0, "write", "1", "3", null, null, 1_000, 2_500, OK, null),
                new RecordedOp(1, 1, "read", "1", "3", null, "eventual", 2_000, 3_000, OK, null),
                new RecordedOp(2, 1, "cas", "1", "4", "3", null, 3_500, 9_000, INDETERMINATE, "timed out"),
                new RecordedOp(3, 0, "write", "k \"2\"", "a\nb", null, null, 4_000, 4_000, FAIL, null),
                new RecordedOp(4, 1, "read", "1", null, null, null, 9_500, 9_900, OK, null),
                new RecordedOp(5, 0, "add", null, "7", null, null, 10_000, 10_100, OK, null),
                new RecordedOp(6, 2, "query-index", "g1", "item-9", null, null, 11_000, 11_500, OK, null));

        assertThat(EdnExporter.toEdn(ops)).isEqualTo("""
                [{:type :invoke, :f :write, :value [1 3], :time 1000, :process 0, :index 0}
                 {:type :invoke, :f :read, :value [1 nil], :time 2000, :process 1, :index 1, :mode "eventual"}
                 {:type :ok, :f :write, :value [1 3], :time 2500, :process 0, :index 2}
                 {:type :ok, :f :read, :value [1 3], :time 3000, :process 1, :index 3, :mode "eventual"}
                 {:type :invoke, :f :cas, :value [1 [3 4]], :time 3500, :process 1, :index 4}
                 {:type :invoke, :f :write, :value ["k \\"2\\"" "a\\nb"], :time 4000, :process 0, :index 5}
                 {:type :fail, :f :write, :value ["k \\"2\\"" "a\\nb"], :time 4000, :process 0, :index 6}
                 {:type :info, :f :cas, :value [1 [3 4]], :time 9000, :process 1, :index 7, :error "timed out"}
                 {:type :invoke, :f :read, :value [1 nil], :time 9500, :process 4, :index 8}
                 {:type :ok, :f :read, :value [1 nil], :time 9900, :process 4, :index 9}
                 {:type :invoke, :f :add, :value 7, :time 10000, :process 0, :index 10}
                 {:type :ok, :f :add, :value 7, :time 10100, :process 0, :index 11}
                 {:type :invoke, :f :query-index, :value ["g1" nil], :time 11000, :process 2, :index 12}
                 {:type :ok, :f :query-index, :value ["g1" "item-9"], :time 11500, :process 2, :index 13}]
                """);
    }

    private static final Pattern OP = Pattern.compile(
            "\\{:type :(invoke|ok|fail|info), :f :(read|write|cas), :value \\[\"(k\\d+)\" (nil|\"v\\d+\"|\\[(?:nil|\"v\\d+\") \"v\\d+\"\\])\\], "
                    + ":time (\\d+), :process (\\d+), :index (\\d+)\\}");

    /** Parses the export of a simulated history back and checks Jepsen's well-formedness rules. */
    @Test
    void aSimulatedHistoryExportsAsAWellFormedJepsenHistory() {
        List<Operation> simulated = SimulatedRegister.history(new Random(11), 6, 4, 3_000, 0.1);
        List<RecordedOp> ops = new ArrayList<>();
        for (Operation op : simulated) {
            ops.add(new RecordedOp(ops.size(), op.client(), op.kind().name().toLowerCase(), op.key(), op.value(),
                    op.expected(), null, op.invokeNanos(), op.completeNanos(), op.outcome(), null));
        }
        String edn = EdnExporter.toEdn(ops);
        assertThat(edn).startsWith("[{").endsWith("}]\n");
        String[] lines = edn.substring(1, edn.length() - 2).split("\n ");
        assertThat(lines).hasSize(2 * ops.size());

        Map<Long, String> openInvocation = new HashMap<>();
        java.util.Set<Long> crashed = new java.util.HashSet<>();
        long lastTime = Long.MIN_VALUE;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = OP.matcher(lines[i]);
            assertThat(m.matches()).as(lines[i]).isTrue();
            long time = Long.parseLong(m.group(5));
            long process = Long.parseLong(m.group(6));
            assertThat(Long.parseLong(m.group(7))).isEqualTo(i);
            assertThat(time).isGreaterThanOrEqualTo(lastTime);
            lastTime = time;
            assertThat(process % 6).as("process mod stride is the client").isLessThan(6);
            assertThat(crashed).as("a process never invokes after an :info").doesNotContain(process);
            if (m.group(1).equals("invoke")) {
                assertThat(openInvocation.put(process, m.group(2))).as("one operation at a time per process").isNull();
            } else {
                assertThat(openInvocation.remove(process)).isEqualTo(m.group(2));
                if (m.group(1).equals("info")) {
                    crashed.add(process);
                }
            }
        }
        assertThat(openInvocation).isEmpty();
    }
}
