package dev.dslab.scenarios.dynamodb;

import dev.dslab.consensus.linearizability.CheckResult;
import dev.dslab.consensus.linearizability.LinearizabilityChecker;
import dev.dslab.consensus.linearizability.Operation;
import dev.dslab.scenarios.check.ReadStaleness;
import dev.dslab.scenarios.check.SessionChecker;
import dev.dslab.scenarios.check.SessionReport;
import dev.dslab.scenarios.check.SessionViolation;
import dev.dslab.scenarios.check.StalenessChecker;
import dev.dslab.scenarios.check.StalenessReport;
import dev.dslab.scenarios.engine.Check;
import dev.dslab.scenarios.history.RecordedOp;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks a register workload with two read modes gets: the linearizability verdict of the writes with
 * the reads of each mode, and the staleness of every read, with stale reads marked on the history.
 */
final class ReadModeAnalysis {

    private static final Duration CHECK_BUDGET = Duration.ofSeconds(10);

    private final List<RecordedOp> history;
    private final Map<Operation, Long> indexOf = new HashMap<>();
    private final Map<Long, Operation> operationOf = new LinkedHashMap<>();
    private final StalenessReport staleness;

    ReadModeAnalysis(List<RecordedOp> history) {
        this.history = history;
        for (RecordedOp op : history) {
            op.toOperation().ifPresent(operation -> {
                indexOf.put(operation, op.index());
                operationOf.put(op.index(), operation);
            });
        }
        this.staleness = new StalenessChecker().check(history, op -> Optional.ofNullable(operationOf.get(op.index())), RecordedOp::mode);
    }

    StalenessReport staleness(String mode) {
        return staleness.forMode(mode);
    }

    private List<Operation> operationsWith(String mode) {
        return history.stream()
                .filter(op -> !op.f().equals("read") || mode.equals(op.mode()))
                .map(op -> operationOf.get(op.index()))
                .filter(Objects::nonNull)
                .collect(Collectors.toList());
    }

    /** The linearizability verdict of all writes together with the reads issued in {@code mode}. */
    Check linearizability(String mode) {
        List<Operation> ops = operationsWith(mode);
        long reads = history.stream().filter(op -> op.f().equals("read") && mode.equals(op.mode())).count();
        CheckResult result = new LinearizabilityChecker(CHECK_BUDGET).check(ops);
        String scope = "writes + " + mode + " reads";
        return switch (result.verdict()) {
            case LINEARIZABLE -> new Check("linearizability", scope, Check.Verdict.PASS,
                    String.format(Locale.ROOT, "%d keys, %d operations (%d reads) have a linearization", result.keys().size(), ops.size(), reads));
            case NOT_LINEARIZABLE -> new Check("linearizability", scope, Check.Verdict.FAIL,
                    result.violations().size() + " of " + result.keys().size() + " keys cannot be linearized; first: "
                            + result.violations().get(0).toString().lines().findFirst().orElse(""));
            default -> new Check("linearizability", scope, Check.Verdict.UNKNOWN,
                    "the search ran out of its " + CHECK_BUDGET.toSeconds() + " s budget");
        };
    }

    /** The session guarantees (read-your-writes, monotonic reads and writes) of the writes with the reads of {@code mode}. */
    SessionReport sessions(String mode) {
        return new SessionChecker().check(operationsWith(mode));
    }

    static Check sessionCheck(String mode, SessionReport report) {
        if (report.holds()) {
            return new Check("session guarantees", "writes + " + mode + " reads", Check.Verdict.PASS,
                    report.readsChecked() + " reads: read-your-writes, monotonic reads and monotonic writes hold");
        }
        String counts = Arrays.stream(SessionViolation.Guarantee.values())
                .map(guarantee -> report.violations(guarantee).size() + " " + guarantee)
                .collect(Collectors.joining(", "));
        return new Check("session guarantees", "writes + " + mode + " reads", Check.Verdict.FAIL,
                counts + " violations; first: " + report.violations().get(0).toString().lines().findFirst().orElse(""));
    }

    /** Operation index to a label for every stale read. */
    Map<Long, String> staleMarks() {
        Map<Long, String> marks = new LinkedHashMap<>();
        for (ReadStaleness read : staleness.staleReads()) {
            Long index = indexOf.get(read.read());
            if (index != null) {
                marks.put(index, String.format(Locale.ROOT, "stale %s read: %d version%s, %.1f ms behind", read.mode(),
                        read.versionsBehind(), read.versionsBehind() == 1 ? "" : "s", read.millisBehind()));
            }
        }
        return marks;
    }
}
